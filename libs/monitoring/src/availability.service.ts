import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { ValidationError } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { SlaRegistry } from '@app/sla';
import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';

import { AvailabilityEventRow, MonitoringEventRepository } from './monitoring-event.repository';
import {
  availability,
  deviationText,
  meanUptime,
  NagiosEvent,
  NagiosState,
  responseTimeSeconds,
  summariseResponseTimes,
} from './nagios';

interface AvailabilitySla {
  code: string;
  title: string;
  targetPct?: number;
  targetMs?: number;
  objects?: { host: string; service?: string }[];
  responseTime?: { host: string; service: string };
  statistic?: 'max' | 'p95' | 'mean';
}

interface AvailabilityConfig {
  excludeScheduledDowntime: boolean;
  slas: AvailabilitySla[];
}

/** History before the period that is read to know each object's state at its start. */
const LOOKBACK_DAYS = 400;

/**
 * The monitoring rows of the SLA table (SLA.1-SLA.5): uptime of the systems from their HARD state
 * history (scheduled downtime excluded when configured), and the sample service's response time
 * from its performance data, with target, measured and deviation as the reports write them.
 */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly events: MonitoringEventRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sla: SlaRegistry,
  ) {}

  async report(fromDate: string, toDate: string, now = new Date()) {
    const zone = await this.sla.localZone();
    const from = DateTime.fromISO(fromDate, { zone }).startOf('day');
    const periodEnd = DateTime.fromISO(toDate, { zone }).startOf('day').plus({ days: 1 });
    if (periodEnd <= from)
      throw new ValidationError([{ field: 'to', reason: 'precede from / is before from' }]);
    // What is measured ends at now: the rest of today (or of the period) has not happened yet.
    const to = DateTime.min(periodEnd, DateTime.fromJSDate(now, { zone }));
    const settings = this.settings();
    const hosts = [
      ...new Set(
        settings.slas.flatMap((s) => [
          ...(s.objects ?? []).map((o) => o.host),
          ...(s.responseTime ? [s.responseTime.host] : []),
        ]),
      ),
    ].map((h) => h.toLowerCase());
    const rows = await this.events.forHosts(
      hosts,
      to.toJSDate(),
      from.minus({ days: LOOKBACK_DAYS }).toJSDate(),
    );
    const events = rows.map(toNagiosEvent);
    return {
      from: fromDate,
      to: toDate,
      measuredUntil: (to > from ? to : from).toJSDate().toISOString(),
      excludeScheduledDowntime: settings.excludeScheduledDowntime,
      rows: settings.slas.map((sla) =>
        sla.responseTime
          ? this.responseRow(sla, rows, from.toJSDate(), to.toJSDate())
          : this.uptimeRow(sla, events, from.toJSDate(), to.toJSDate(), settings),
      ),
    };
  }

  private uptimeRow(
    sla: AvailabilitySla,
    events: NagiosEvent[],
    from: Date,
    to: Date,
    settings: AvailabilityConfig,
  ) {
    const objects = (sla.objects ?? []).map((o) => {
      const object = { host: o.host, service: o.service ?? null };
      // Never monitored (no state known before the period's end): no data, not 100%.
      const known = events.some(
        (e) =>
          e.kind === 'state' &&
          e.host.toLowerCase() === o.host.toLowerCase() &&
          (e.service ?? '').toLowerCase() === (o.service ?? '').toLowerCase(),
      );
      if (!known || to <= from) return { ...object, uptimePct: null, downSeconds: null, noData: true };
      const a = availability(events, object, from, to, {
        excludeScheduledDowntime: settings.excludeScheduledDowntime,
      });
      return { ...object, uptimePct: a.uptimePct, downSeconds: a.downSeconds, noData: false };
    });
    const measured = meanUptime(objects.map((o) => o.uptimePct));
    const target = sla.targetPct ?? 100;
    return {
      code: sla.code,
      title: sla.title,
      target: `${target.toFixed(2)}%`,
      measured: measured === null ? null : Math.round(measured * 1000) / 1000,
      measuredText: measured === null ? 'nessun dato' : `${(Math.round(measured * 1000) / 1000).toString()}%`,
      deviation: measured === null ? '-' : deviationText(Math.round(measured * 1000) / 1000, target),
      met: measured === null ? null : measured >= target,
      objects,
    };
  }

  private responseRow(sla: AvailabilitySla, rows: AvailabilityEventRow[], from: Date, to: Date) {
    const probe = sla.responseTime!;
    const seconds = rows
      .filter(
        (r) =>
          r.host.toLowerCase() === probe.host.toLowerCase() &&
          (r.service ?? '').toLowerCase() === probe.service.toLowerCase() &&
          r.occurred_at >= from &&
          r.occurred_at < to,
      )
      .map((r) => responseTimeSeconds(r.perf_data))
      .filter((s): s is number => s !== null);
    const summary = summariseResponseTimes(seconds);
    const ms = (s: number | null) => (s === null ? null : Math.round(s * 1_000_000) / 1000);
    const measured = ms(summary[sla.statistic ?? 'max']);
    const target = sla.targetMs ?? 0;
    return {
      code: sla.code,
      title: sla.title,
      target: `${target} ms`,
      measured,
      measuredText: measured === null ? 'nessun dato' : `${measured} ms`,
      deviation:
        measured === null
          ? '-'
          : measured <= target
            ? 'Nessuno scostamento rilevato'
            : `+${Math.round((measured - target) * 1000) / 1000} ms`,
      met: measured === null ? null : measured <= target,
      samples: summary.samples,
      maxMs: ms(summary.max),
      p95Ms: ms(summary.p95),
      meanMs: ms(summary.mean),
    };
  }

  private settings(): AvailabilityConfig {
    return JSON.parse(
      readFileSync(join(resolve(this.config.CONFIG_DIR), 'sla', 'availability.json'), 'utf8'),
    );
  }
}

/** A stored event back in the pure functions' shape. */
function toNagiosEvent(r: AvailabilityEventRow): NagiosEvent {
  if (r.kind === 'downtime') {
    return {
      kind: 'downtime',
      at: r.occurred_at,
      host: r.host,
      service: r.service,
      phase: r.phase as 'STARTED' | 'STOPPED' | 'CANCELLED',
      comment: r.output,
    };
  }
  return {
    kind: 'state',
    at: r.occurred_at,
    host: r.host,
    service: r.service,
    state: r.state as NagiosState,
    stateType: r.state_type as 'SOFT' | 'HARD',
    attempt: null,
    output: r.output,
    perfData: r.perf_data,
    source: r.source as 'alert' | 'current' | 'initial',
  };
}
