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
    for (const clock of rows) {
      await this.appendEvent(em, clock, 'sla_breached');
      await this.notifications.notifyAssigneeAndSupervisors(em, {
        ticketId: clock.ticket_id,
        kind: 'sla_breached',
        payload: { code: clock.code, dueAt: clock.at },
        dedupKey: `breach:${clock.ticket_id}:${clock.code}:${clock.cycle}`,
        emailAfter: now,
      });
    }
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
    for (const clock of rows) {
      await this.appendEvent(em, clock, 'sla_at_risk');
      // Shown in the app at once; e-mailed at the next opening if it falls outside hours.
      const calendar = await this.registry.calendar(clock.calendar_code, em);
      const nextOpening = calendar.isOpen(now)
        ? now
        : (calendar.openIntervals(now, new Date(now.getTime() + 31 * 86_400_000))[0]?.start ?? now);
      await this.notifications.notifyAssigneeAndSupervisors(em, {
        ticketId: clock.ticket_id,
        kind: 'sla_at_risk',
        payload: { code: clock.code, warnAt: clock.at },
        dedupKey: `risk:${clock.ticket_id}:${clock.code}:${clock.cycle}`,
        emailAfter: nextOpening,
      });
    }
    return rows.length;
  }

  private async appendEvent(em: EntityManager, clock: SweptClock, type: 'sla_breached' | 'sla_at_risk') {
    await em.query(
      `INSERT INTO ticket_event (ticket_id, type, actor_id, occurred_at, payload) VALUES ($1, $2, NULL, $3, $4)`,
      [clock.ticket_id, type, clock.at, { code: clock.code, cycle: clock.cycle, at: clock.at }],
    );
  }
}
