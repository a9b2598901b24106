import { ValidationError } from '@app/common';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { TicketStatisticsRepository } from './ticket-statistics.repository';
import { buildTicketStatistics, GroupBy, REPORT_ZONE, TicketStatistics } from './ticket-statistics.util';

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
  constructor(private readonly repo: TicketStatisticsRepository) {}

  async report(request: TicketStatisticsRequest, now = new Date()): Promise<TicketStatistics> {
    const from = DateTime.fromISO(request.from, { zone: REPORT_ZONE }).startOf('day');
    const to = DateTime.fromISO(request.to, { zone: REPORT_ZONE }).startOf('day');
    if (to < from) throw new ValidationError([{ field: 'to', reason: 'precede from / is before from' }]);
    if (to.diff(from, 'years').years > 20) {
      throw new ValidationError([{ field: 'to', reason: 'al massimo 20 anni / at most 20 years' }]);
    }
    const asOf = request.asOf && request.asOf < now ? request.asOf : now;
    const rows = await this.repo.statusCounts({
      fromInstant: from.toJSDate(),
      toInstant: to.plus({ days: 1 }).toJSDate(),
      groupBy: request.groupBy,
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
