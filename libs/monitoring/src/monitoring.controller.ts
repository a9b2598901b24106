import { Roles, TokenScope } from '@app/auth';
import { ValidationError, LOCAL_DATE } from '@app/common';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { AvailabilityService } from './availability.service';
import { MonitoringService } from './monitoring.service';
import { NagiosNotificationDto } from './nagios-webhook.dto';

export class AlertReportQueryDto {
  @ApiProperty({ example: 2017 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class AvailabilityQueryDto {
  @ApiProperty({ example: '2017-01-01' })
  @Matches(LOCAL_DATE, { message: 'from must be a date YYYY-MM-DD' })
  from: string;

  @ApiProperty({ example: '2017-12-31' })
  @Matches(LOCAL_DATE, { message: 'to must be a date YYYY-MM-DD' })
  to: string;
}

/** How far in the future a probe's clock may be before its timestamp is refused. */
const MAX_SKEW_MS = 10 * 60_000;

@ApiTags('monitoring')
@Controller()
export class MonitoringController {
  constructor(
    private readonly monitoring: MonitoringService,
    private readonly dataSource: DataSource,
    private readonly availability: AvailabilityService,
  ) {}

  @Get('reports/availability')
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary:
      'SLA.1-SLA.5: uptime from the HARD state history and the sample service response time, with deviation',
  })
  availabilityReport(@Query() query: AvailabilityQueryDto) {
    return this.availability.report(query.from, query.to);
  }

  @Post('monitoring/nagios')
  @HttpCode(200)
  @TokenScope('monitoring')
  @Roles('admin')
  @ApiOperation({ summary: 'Nagios notification webhook (API token with the monitoring scope)' })
  notify(@Body() dto: NagiosNotificationDto) {
    const at = new Date(dto.timestamp * 1000);
    if (at.getTime() > Date.now() + MAX_SKEW_MS) {
      throw new ValidationError([{ field: 'timestamp', reason: 'nel futuro / in the future' }]);
    }
    const downtime = dto.type.startsWith('DOWNTIME');
    return this.monitoring.record({
      kind: downtime ? 'downtime' : 'state',
      at,
      host: dto.host,
      service: dto.service ?? null,
      state: downtime ? null : dto.state,
      stateType: downtime ? null : (dto.stateType ?? 'HARD'),
      attempt: dto.attempt ?? null,
      phase: downtime
        ? ({ DOWNTIMESTART: 'STARTED', DOWNTIMEEND: 'STOPPED' }[dto.type] ?? 'CANCELLED')
        : null,
      output: dto.output ?? '',
      perfData: dto.perfData ?? null,
      notificationType: dto.type,
      origin: 'webhook',
      source: 'alert',
    });
  }

  @Get('reports/alerts')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Nagios alerts and warnings per Europe/Rome month, against the year before' })
  async alerts(@Query() query: AlertReportQueryDto) {
    // An alert or warning: each problem state change Nagios records, SOFT or HARD.
    const rows: { year: number; month: number; n: number }[] = await this.dataSource.query(
      `SELECT extract(year FROM occurred_at AT TIME ZONE 'Europe/Rome')::int AS year,
              extract(month FROM occurred_at AT TIME ZONE 'Europe/Rome')::int AS month, count(*)::int AS n
         FROM monitoring_event
        WHERE kind = 'state' AND source = 'alert'
          AND ((service IS NULL AND state IN ('DOWN', 'UNREACHABLE')) OR (service IS NOT NULL AND state IN ('WARNING', 'CRITICAL', 'UNKNOWN')))
          AND occurred_at >= make_timestamptz($1 - 1, 1, 1, 0, 0, 0, 'Europe/Rome')
          AND occurred_at < make_timestamptz($1 + 1, 1, 1, 0, 0, 0, 'Europe/Rome')
        GROUP BY 1, 2`,
      [query.year],
    );
    const count = (year: number, month: number) =>
      rows.find((r) => r.year === year && r.month === month)?.n ?? 0;
    const months = ['GEN', 'FEB', 'MAR', 'APR', 'MAG', 'GIU', 'LUG', 'AGO', 'SET', 'OTT', 'NOV', 'DIC'];
    const byMonth = months.map((label, i) => ({
      label,
      current: count(query.year, i + 1),
      previous: count(query.year - 1, i + 1),
    }));
    const current = byMonth.reduce((s, m) => s + m.current, 0);
    const previous = byMonth.reduce((s, m) => s + m.previous, 0);
    return {
      year: query.year,
      months: byMonth,
      total: {
        current,
        previous,
        changePct: previous ? Math.round(((current - previous) * 1000) / previous) / 10 : null,
        changePctOfCurrent: current ? Math.round(((current - previous) * 1000) / current) / 10 : null,
      },
    };
  }
}
