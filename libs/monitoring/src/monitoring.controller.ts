import { Roles, TokenScope } from '@app/auth';
import { ValidationError, LOCAL_DATE } from '@app/common';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { AvailabilityService } from './availability.service';
import { MonitoringService } from './monitoring.service';
import { notificationEvents } from './nagios-notification';
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

type AlertBasis = 'log' | 'notifications' | 'reconciliation';

/**
 * An alert or warning is a problem state change (host DOWN/UNREACHABLE, service WARNING, CRITICAL,
 * UNKNOWN; SOFT or HARD) in the state history: every ALERT line of an imported Nagios log (Nagios
 * logs each retry), and otherwise each change from the object's previous state, whichever
 * notification or reconciliation revealed it. A repeated notification of the same state (an
 * ACKNOWLEDGEMENT, CUSTOM or FLAPPING notification of a known problem, a re-notification) and a
 * log's CURRENT/INITIAL lines are not alerts. `basis` says where each count comes from.
 */
const ALERTS_BY_MONTH = `
  WITH history AS (
    SELECT occurred_at, origin, source, service, state, state_type,
           lag(state) OVER object_time AS previous_state, lag(state_type) OVER object_time AS previous_type
      FROM monitoring_event
     WHERE kind = 'state'
       AND occurred_at >= make_timestamptz($1 - 2, 1, 1, 0, 0, 0, 'Europe/Rome')
       AND occurred_at < make_timestamptz($1 + 1, 1, 1, 0, 0, 0, 'Europe/Rome')
    WINDOW object_time AS (PARTITION BY lower(host), lower(coalesce(service, '')) ORDER BY occurred_at, id))
  SELECT extract(year FROM occurred_at AT TIME ZONE 'Europe/Rome')::int AS year,
         extract(month FROM occurred_at AT TIME ZONE 'Europe/Rome')::int AS month,
         CASE WHEN origin = 'log' THEN 'log' WHEN source = 'reconcile' THEN 'reconciliation' ELSE 'notifications' END AS basis,
         count(*)::int AS n
    FROM history
   WHERE (source IN ('alert', 'reconcile', 'notification'))
     AND ((service IS NULL AND state IN ('DOWN', 'UNREACHABLE')) OR (service IS NOT NULL AND state IN ('WARNING', 'CRITICAL', 'UNKNOWN')))
     AND occurred_at >= make_timestamptz($1 - 1, 1, 1, 0, 0, 0, 'Europe/Rome')
     AND ((origin = 'log' AND source = 'alert') OR (origin <> 'log' AND (previous_state IS DISTINCT FROM state OR previous_type IS DISTINCT FROM state_type)))
   GROUP BY 1, 2, 3`;

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

  @Get('reports/alerts')
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary:
      'Nagios alerts and warnings (problem state changes from the state history) per Europe/Rome month, against the year before, with their source',
  })
  async alerts(@Query() query: AlertReportQueryDto) {
    const rows: { year: number; month: number; basis: AlertBasis; n: number }[] = await this.dataSource.query(
      ALERTS_BY_MONTH,
      [query.year],
    );
    const count = (year: number, month: number) =>
      rows.filter((r) => r.year === year && r.month === month).reduce((s, r) => s + r.n, 0);
    const sources = { log: 0, notifications: 0, reconciliation: 0 };
    for (const r of rows) if (r.year === query.year) sources[r.basis] += r.n;
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
      basis:
        'cambi di stato dalla storia degli stati di Nagios / state changes from the Nagios state history',
      sources,
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
