import { REPORTING_DATA_SOURCE } from '@app/database';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { ClockAggregate } from './sla-compliance.util';

/** A breached clock and its ticket, for the supervisor who clicks on a "breached" number. */
export interface BreachRow {
  ticketId: string;
  number: string;
  subject: string;
  channel: string;
  code: string;
  cycle: number;
  dueAt: Date | null;
  breachedAt: Date | null;
  stoppedAt: Date | null;
}

/** The ticket clocks (sla_clock) of the tickets received in a period, as the SLA table reads them (replica). */
@Injectable()
export class SlaComplianceRepository {
  constructor(@Inject(REPORTING_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * One aggregate per clock code: the elapsed business time is fixed on each clock when it stops.
   * A merged duplicate's clocks are left out: its request is measured once, in the target.
   */
  async clockAggregates(start: Date, end: Date, enteIds?: string[]): Promise<ClockAggregate[]> {
    const params: unknown[] = [start, end];
    let scope = '';
    if (enteIds) {
      params.push(enteIds);
      scope = `AND t.ente_id = ANY($3::uuid[])`;
    }
    return this.dataSource.query<ClockAggregate[]>(
      `SELECT c.code,
              count(*)::int AS applied,
              (count(*) FILTER (WHERE c.state = 'met'))::int AS met,
              (count(*) FILTER (WHERE c.state = 'breached'))::int AS breached,
              (count(*) FILTER (WHERE c.state IN ('running', 'paused')))::int AS running,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY c.elapsed_minutes) AS "medianMinutes",
              percentile_disc(0.95) WITHIN GROUP (ORDER BY c.elapsed_minutes) AS "p95Minutes",
              max(c.elapsed_minutes) AS "worstMinutes"
         FROM sla_clock c JOIN ticket t ON t.id = c.ticket_id
        WHERE t.received_at >= $1 AND t.received_at < $2 AND c.state <> 'cancelled' ${scope}
          AND t.merged_into_id IS NULL
        GROUP BY c.code`,
      params,
    );
  }

  async breaches(start: Date, end: Date, code: string | undefined, enteIds?: string[]): Promise<BreachRow[]> {
    return this.dataSource.query<BreachRow[]>(
      `SELECT t.id AS "ticketId", t.number, t.subject, t.channel, c.code, c.cycle, c.due_at AS "dueAt",
              c.breached_at AS "breachedAt", c.stopped_at AS "stoppedAt"
         FROM sla_clock c JOIN ticket t ON t.id = c.ticket_id
        WHERE t.received_at >= $1 AND t.received_at < $2 AND c.state = 'breached' AND t.merged_into_id IS NULL
          AND ($3::text IS NULL OR c.code = $3) AND ($4::uuid[] IS NULL OR t.ente_id = ANY($4::uuid[]))
        ORDER BY c.due_at LIMIT 5000`,
      [start, end, code ?? null, enteIds ?? null],
    );
  }
}
