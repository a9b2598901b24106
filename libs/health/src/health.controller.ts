import { Public, StaffGate } from '@app/auth';
import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { HealthReport, HealthService, ReadinessReport } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly staff: StaffGate,
  ) {}

  /**
   * 200 when the database answers, 503 when it does not (load balancers read the status). In
   * production only signed-in staff see the detail (engine, latency, workers); anyone else gets
   * the bare status.
   */
  @Get()
  @ApiOperation({
    summary: 'Liveness and readiness of the api, its database and queue (detail for staff in production)',
  })
  @Public()
  async check(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HealthReport | Pick<HealthReport, 'status'>> {
    const report = await this.health.check();
    if (report.status === 'down') res.status(503);
    res.setHeader('Cache-Control', 'no-store');
    return (await this.staff.allows(req)) ? report : { status: report.status };
  }

  /** The process is up and its event loop answers: nothing else is asked (restart it when this fails). */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (for container restarts)' })
  @Public()
  live(@Res({ passthrough: true }) res: Response): { status: 'ok' } {
    res.setHeader('Cache-Control', 'no-store');
    return { status: 'ok' };
  }

  /**
   * Readiness for load balancers (503 only when this api cannot serve: database or queue down) and
   * for Nagios (status ok or degraded: no worker heartbeat, a mailbox not read). The checks are
   * for signed-in staff in production, like the health detail.
   */
  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: database, queue, workers heartbeat, mailboxes last sync (503 when it cannot serve)',
  })
  @Public()
  async ready(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReadinessReport | Pick<ReadinessReport, 'status'>> {
    const report = await this.health.readiness();
    if (report.status === 'down') res.status(503);
    res.setHeader('Cache-Control', 'no-store');
    return (await this.staff.allows(req)) ? report : { status: report.status };
  }
}
