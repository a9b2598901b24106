import { Public } from '@app/auth';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { HealthReport, HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 200 when the database answers, 503 when it does not (load balancers read the status). */
  @Get()
  @ApiOperation({ summary: 'Liveness and readiness of the api, its database and queue' })
  @Public()
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.health.check();
    if (report.status === 'down') res.status(503);
    return report;
  }
}
