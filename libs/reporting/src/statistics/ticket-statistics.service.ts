import { ValidationError } from '@app/common';
import { SlaRegistry } from '@app/sla';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';

import { arrivalsByHour, countsByKey, yearOverYear } from './report-cuts.util';
import { ArrivalsRepository, TicketStatisticsRepository } from './ticket-statistics.repository';
import { buildTicketStatistics, GroupBy, TicketStatistics } from './ticket-statistics.util';

export interface TicketStatisticsRequest {
  from: string;
  to: string;
  groupBy: GroupBy;
  asOf?: Date;
  channels?: string[];
  enteIds?: string[];
  categoryId?: string;
}

/** The monthly / quarterly / yearly ticket tables of the consortium's reports. */
@Injectable()
export class TicketStatisticsService {
  constructor(
    private readonly repo: TicketStatisticsRepository,
    private readonly arrivals: ArrivalsRepository,
    private readonly registry: SlaRegistry,
  ) {}

  /** The years the reports can show: from the first data's year to this year (local calendar). */
  async years(now = new Date()): Promise<{ first: number; last: number }> {
    const zone = await this.registry.localZone();
    const last = DateTime.fromJSDate(now, { zone }).year;
    const first = Math.min((await this.arrivals.firstDataYear(zone)) ?? last, last);
    return { first, last };
  }

  /**
   * A report of years the help desk holds nothing of (before its first ticket or outage, after
   * this year) is refused naming the years it has (issue 16.21), rather than a table of zeros.
   */
  async checkPeriod(from: string, to: string, now = new Date()): Promise<void> {
    const { first, last } = await this.years(now);
    if (Number(to.slice(0, 4)) < first || Number(from.slice(0, 4)) > last) {
      throw new ValidationError([
        {
          field: 'from',
          reason: `fuori dai dati: dal ${first} al ${last} / outside the data: ${first} to ${last}`,
          code: 'outsideData',
          params: { first, last },
        },
      ]);
    }
  }

  /** The same columns per ente or per category, for the period. */
  async byKey(key: 'ente' | 'category' | 'tag', request: TicketStatisticsRequest, now = new Date()) {
    const zone = await this.registry.localZone();
    const { from, to } = this.range(request, zone);
    const asOf = request.asOf && request.asOf < now ? request.asOf : now;
    const rows = await this.repo.statusCounts({
      groupKey: key,
      fromInstant: from,
      toInstant: to,
      groupBy: request.groupBy,
      zone,
      asOf,
      historical: asOf < now,
      channels: request.channels,
      enteIds: request.enteIds,
      categoryId: request.categoryId,
    });
    return {
      from: request.from,
      to: request.to,
      asOf: asOf.toISOString(),
      rows: countsByKey(rows, await this.arrivals.names(key)),
    };
  }

  /** Arrivals by local hour, the share outside 08:00-18:00 and outside the office calendar. */
  async arrivalsByHour(request: { from: string; to: string; enteIds?: string[] }) {
    const zone = await this.registry.localZone();
    const { from, to } = this.range(request, zone);
    const calendar = await this.registry.defaultCalendar();
    const instants = await this.arrivals.receivedInstants(from, to, request.enteIds);
    const closed = instants.filter((at) => !calendar.isOpen(at)).length;
    return {
      from: request.from,
      to: request.to,
      ...arrivalsByHour(await this.arrivals.byHour(from, to, zone, request.enteIds), closed),
    };
  }

  /** Handled tickets per period and channel against the same periods a year earlier. */
  async yearOverYear(request: TicketStatisticsRequest, now = new Date()) {
    const current = await this.report(request, now);
    const shift = (date: string) => DateTime.fromISO(date).minus({ years: 1 }).toISODate()!;
    const previous = await this.report({ ...request, from: shift(request.from), to: shift(request.to) }, now);
    const channels = [...new Set([...current.channels, ...previous.channels])].sort();
    const series = (report: typeof current, channel: string | null) =>
      report.periods.map((p) => (channel ? (p.byChannel[channel]?.handled ?? 0) : p.total.handled));
    const labels = current.periods.map((p, i) => `${p.label} / ${previous.periods[i]?.label ?? ''}`);
    return {
      from: request.from,
      to: request.to,
      groupBy: request.groupBy,
      byChannel: Object.fromEntries(
        channels.map((c) => [c, yearOverYear(labels, series(current, c), series(previous, c))]),
      ),
      total: yearOverYear(labels, series(current, null), series(previous, null)),
      overall: yearOverYear(
        ['totale'],
        [current.totals.overall.handled],
        [previous.totals.overall.handled],
      )[0],
    };
  }

  /** The local dates as instants: from the first day's midnight to the midnight after the last. */
  private range(request: { from: string; to: string }, zone: string) {
    const from = DateTime.fromISO(request.from, { zone }).startOf('day');
    const to = DateTime.fromISO(request.to, { zone }).startOf('day');
    if (to < from) throw new ValidationError([{ field: 'to', reason: 'precede from / is before from' }]);
    if (to.diff(from, 'years').years > 20) {
      throw new ValidationError([{ field: 'to', reason: 'al massimo 20 anni / at most 20 years' }]);
    }
    return { from: from.toJSDate(), to: to.plus({ days: 1 }).toJSDate() };
  }

  async report(request: TicketStatisticsRequest, now = new Date()): Promise<TicketStatistics> {
    const zone = await this.registry.localZone();
    const { from, to } = this.range(request, zone);
    const asOf = request.asOf && request.asOf < now ? request.asOf : now;
    const rows = await this.repo.statusCounts({
      fromInstant: from,
      toInstant: to,
      groupBy: request.groupBy,
      zone,
      asOf,
      historical: asOf < now,
      channels: request.channels,
      enteIds: request.enteIds,
      categoryId: request.categoryId,
    });
    return buildTicketStatistics(rows, {
      from: request.from,
      to: request.to,
      groupBy: request.groupBy,
      asOf,
      channels: request.channels,
    });
  }
}
