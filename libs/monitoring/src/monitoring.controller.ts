import { Roles, TokenScope } from '@app/auth';
import { ValidationError } from '@app/common';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MonitoringService } from './monitoring.service';
import { notificationEvents } from './nagios-notification';
import { NagiosNotificationDto } from './nagios-webhook.dto';

/** How far in the future a probe's clock may be before its timestamp is refused. */
const MAX_SKEW_MS = 10 * 60_000;

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
    const at = new Date(dto.timestamp * 1000);
    if (at.getTime() > Date.now() + MAX_SKEW_MS) {
      throw new ValidationError([{ field: 'timestamp', reason: 'nel futuro / in the future' }]);
    }
    return this.monitoring.recordAll(
      notificationEvents({
        type: dto.type,
        at,
        host: dto.host,
        service: dto.service ?? null,
        state: dto.state,
        stateType: dto.stateType ?? 'HARD',
        attempt: dto.attempt ?? null,
        output: dto.output ?? '',
        perfData: dto.perfData || null,
        author: dto.author ?? null,
        comment: dto.comment ?? null,
        origin: 'webhook',
      }),
    );
  }
}
