import { Roles, TokenScope } from '@app/auth';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';

import { MonitoringService } from './monitoring.service';
import { NagiosNotificationDto } from './nagios-webhook.dto';

@ApiTags('monitoring')
@Controller()
export class MonitoringController {
  constructor(private readonly monitoring: MonitoringService) {}

  @Post('monitoring/nagios')
  @HttpCode(200)
  @TokenScope('monitoring')
  @Roles('admin')
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiOperation({
    summary:
      'Nagios notification webhook (API token with the monitoring scope), JSON or form-encoded: every notification type, its state included',
  })
  notify(@Body() dto: NagiosNotificationDto) {
    return this.monitoring.recordWebhook(dto);
  }
}
