import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GroupBy, REPORT_ZONE, StatusCountRow } from './ticket-statistics.util';

export interface StatisticsQuery {
  fromInstant: Date;
  toInstant: Date;
  groupBy: GroupBy;
  asOf: Date;
  /** true: the status at asOf is rebuilt from the timeline; false: the current status (asOf = now). */
  historical: boolean;
  channels?: string[];
  enteIds?: string[];
  categoryId?: string;
}

/**
 * One aggregate query: tickets received in [from, to), grouped by local period, channel and
 * status. A historical report takes each ticket's status from its last status change at or
 * before asOf, so the April report run today says what it said in May.
 */
@Injectable()
export class TicketStatisticsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async statusCounts(q: StatisticsQuery): Promise<StatusCountRow[]> {
    const params: unknown[] = [q.groupBy, q.fromInstant, q.toInstant, q.asOf];
    const where = ['t.received_at >= $2', 't.received_at < $3', 't.received_at <= $4'];
    if (q.channels?.length) {
      params.push(q.channels);
      where.push(`t.channel = ANY($${params.length}::ticket_channel[])`);
    }
    if (q.enteIds) {
      params.push(q.enteIds);
      where.push(`t.ente_id = ANY($${params.length}::uuid[])`);
    }
    if (q.categoryId) {
      params.push(q.categoryId);
      where.push(`t.category_id = $${params.length}`);
    }
    const status = q.historical ? `COALESCE(s.status, 'new')` : 't.status::text';
    const lateral = q.historical
      ? `LEFT JOIN LATERAL (
           SELECT e.payload->>'to' AS status FROM ticket_event e
            WHERE e.ticket_id = t.id AND e.type = 'status_changed' AND e.occurred_at <= $4
            ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1) s ON true`
      : '';
    const rows: { period: string; channel: string; status: StatusCountRow['status']; n: number }[] =
      await this.dataSource.query(
        `SELECT to_char(date_trunc($1, t.received_at AT TIME ZONE '${REPORT_ZONE}'), 'YYYY-MM-DD') AS period,
                t.channel::text AS channel, ${status} AS status, count(*)::int AS n
           FROM ticket t ${lateral}
          WHERE ${where.join(' AND ')}
          GROUP BY 1, 2, 3`,
        params,
      );
    return rows;
  }
}
