import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A clock the sweeper moved on: `at` is its due instant (breach) or warning instant (at risk). */
export interface SweptClock {
  id: string;
  ticket_id: string;
  code: string;
  cycle: number;
  at: Date;
  calendar_code: string;
}

/**
 * The sweeper's statements on sla_clock (libs/sla owns the table): running clocks are claimed
 * with FOR UPDATE SKIP LOCKED and change state once, so several workers never double a verdict.
 */
@Injectable()
export class SlaClockSweepRepository {
  /** Marks up to `limit` overdue running clocks breached, dated at their due instant. */
  async markBreached(em: EntityManager, now: Date, limit: number): Promise<SweptClock[]> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows] = await em.query<[SweptClock[], number]>(
      `WITH due AS (
         SELECT id FROM sla_clock WHERE state = 'running' AND due_at <= $1
          ORDER BY due_at LIMIT ${Number(limit)} FOR UPDATE SKIP LOCKED)
       UPDATE sla_clock c
          SET state = 'breached', breached_at = c.due_at, updated_at = now(),
              history = c.history || jsonb_build_array(jsonb_build_object(
                'at', to_jsonb(c.due_at), 'kind', 'breached', 'reason', 'scaduto / overdue'))
         FROM due WHERE c.id = due.id
       RETURNING c.id, c.ticket_id, c.code, c.cycle, c.due_at AS at, c.calendar_code`,
      [now],
    );
    return rows;
  }

  /** Marks up to `limit` running clocks past their warning instant at risk, dated at that instant. */
  async markAtRisk(em: EntityManager, now: Date, limit: number): Promise<SweptClock[]> {
    const [rows] = await em.query<[SweptClock[], number]>(
      `WITH risky AS (
         SELECT id FROM sla_clock WHERE state = 'running' AND at_risk_at IS NULL AND warn_at <= $1
          ORDER BY warn_at LIMIT ${Number(limit)} FOR UPDATE SKIP LOCKED)
       UPDATE sla_clock c
          SET at_risk_at = c.warn_at, updated_at = now(),
              history = c.history || jsonb_build_array(jsonb_build_object('at', to_jsonb(c.warn_at), 'kind', 'at_risk'))
         FROM risky WHERE c.id = risky.id
       RETURNING c.id, c.ticket_id, c.code, c.cycle, c.warn_at AS at, c.calendar_code`,
      [now],
    );
    return rows;
  }
}
