import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { NotificationRepository } from './notification.repository';
import { SlaRegistry } from './sla-registry.service';

const BATCH = 1_000;

export interface SweepResult {
  atRisk: number;
  breached: number;
}

interface SweptClock {
  id: string;
  ticket_id: string;
  code: string;
  cycle: number;
  at: Date;
  calendar_code: string;
}

/**
 * Marks running clocks at risk and breached. A breach is dated at the due instant, not at
 * detection, so a sweep after downtime catches up truthfully. Rows are claimed with
 * FOR UPDATE SKIP LOCKED and change state once, so several workers never double a breach.
 */
@Injectable()
export class SlaSweeperService {
  private readonly logger = new Logger('SlaSweeper');

  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationRepository,
    private readonly registry: SlaRegistry,
  ) {}

  async sweep(now = new Date()): Promise<SweepResult> {
    const result: SweepResult = { atRisk: 0, breached: 0 };
    for (;;) {
      const n = await this.dataSource.transaction((em) => this.breachBatch(em, now));
      result.breached += n;
      if (n < BATCH) break;
    }
    for (;;) {
      const n = await this.dataSource.transaction((em) => this.atRiskBatch(em, now));
      result.atRisk += n;
      if (n < BATCH) break;
    }
    if (result.breached || result.atRisk)
      this.logger.log(`Swept: ${result.breached} breached, ${result.atRisk} at risk`);
    return result;
  }

  private async breachBatch(em: EntityManager, now: Date): Promise<number> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [SweptClock[], number] = await em.query(
      `WITH due AS (
         SELECT id FROM sla_clock WHERE state = 'running' AND due_at <= $1
          ORDER BY due_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
       UPDATE sla_clock c
          SET state = 'breached', breached_at = c.due_at, updated_at = now(),
              history = c.history || jsonb_build_array(jsonb_build_object(
                'at', to_jsonb(c.due_at), 'kind', 'breached', 'reason', 'scaduto / overdue'))
         FROM due WHERE c.id = due.id
       RETURNING c.id, c.ticket_id, c.code, c.cycle, c.due_at AS at, c.calendar_code`,
      [now],
    );
    // One statement per table for the whole batch: a round trip per clock made a sweep of
    // 10,000 due clocks take tens of seconds (npm run bench:sweeper).
    await this.appendEvents(em, rows, 'sla_breached');
    await this.notifications.notifyMany(
      em,
      rows.map((clock) => ({
        ticketId: clock.ticket_id,
        kind: 'sla_breached' as const,
        payload: { code: clock.code, dueAt: clock.at },
        dedupKey: `breach:${clock.ticket_id}:${clock.code}:${clock.cycle}`,
        emailAfter: now,
      })),
    );
    return rows.length;
  }

  private async atRiskBatch(em: EntityManager, now: Date): Promise<number> {
    const [rows]: [SweptClock[], number] = await em.query(
      `WITH risky AS (
         SELECT id FROM sla_clock WHERE state = 'running' AND at_risk_at IS NULL AND warn_at <= $1
          ORDER BY warn_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
       UPDATE sla_clock c
          SET at_risk_at = c.warn_at, updated_at = now(),
              history = c.history || jsonb_build_array(jsonb_build_object('at', to_jsonb(c.warn_at), 'kind', 'at_risk'))
         FROM risky WHERE c.id = risky.id
       RETURNING c.id, c.ticket_id, c.code, c.cycle, c.warn_at AS at, c.calendar_code`,
      [now],
    );
    await this.appendEvents(em, rows, 'sla_at_risk');
    // Shown in the app at once; e-mailed at the next opening if it falls outside hours (one
    // answer per calendar: it depends on the calendar and now only).
    const openings = new Map<string, Date>();
    for (const code of new Set(rows.map((clock) => clock.calendar_code))) {
      const calendar = await this.registry.calendar(code, em);
      openings.set(
        code,
        calendar.isOpen(now)
          ? now
          : (calendar.openIntervals(now, new Date(now.getTime() + 31 * 86_400_000))[0]?.start ?? now),
      );
    }
    await this.notifications.notifyMany(
      em,
      rows.map((clock) => ({
        ticketId: clock.ticket_id,
        kind: 'sla_at_risk' as const,
        payload: { code: clock.code, warnAt: clock.at },
        dedupKey: `risk:${clock.ticket_id}:${clock.code}:${clock.cycle}`,
        emailAfter: openings.get(clock.calendar_code)!,
      })),
    );
    return rows.length;
  }

  /** The clocks' timeline events, in the order the batch returned them. */
  private async appendEvents(em: EntityManager, clocks: SweptClock[], type: 'sla_breached' | 'sla_at_risk') {
    if (clocks.length === 0) return;
    await em.query(
      `INSERT INTO ticket_event (ticket_id, type, actor_id, occurred_at, payload)
       SELECT e.ticket_id, $1, NULL, e.at, e.payload
         FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (ticket_id uuid, at timestamptz, payload jsonb))
              WITH ORDINALITY AS e(ticket_id, at, payload, n)
        ORDER BY e.n`,
      [
        type,
        JSON.stringify(
          clocks.map((c) => ({
            ticket_id: c.ticket_id,
            at: c.at,
            payload: { code: c.code, cycle: c.cycle, at: c.at },
          })),
        ),
      ],
    );
  }
}
