import { entitySelectList } from '@app/database';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { Clock } from './clock-plan';
import { SlaClockEntity } from './sla-clock.entity';
import { TicketChannel, TicketDifficulty, TicketStatus } from './ticket-kinds';

/** What the clock planner reads of a ticket (and its ente's calendar). */
export interface ClockTicketRow {
  channel: TicketChannel;
  malfunction: boolean;
  difficulty: TicketDifficulty | null;
  status: TicketStatus;
  received_at: Date;
  taken_in_charge_at: Date | null;
  first_answered_at: Date | null;
  intervention_started_at: Date | null;
  resolved_at: Date | null;
  sla_policy_id: string | null;
  calendar_code: string | null;
}

/**
 * A ticket's clock rows as the sync reads and writes them, each method one step of the ticket's
 * own transaction (the caller holds the ticket's row lock). The sweeper's bulk updates are in
 * `SlaClockSweepRepository`, clocks planned in bulk in `PlannedClockRepository`.
 */
@Injectable()
export class SlaClockRepository {
  constructor(private readonly dataSource: DataSource) {}

  async ticketExists(ticketId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM ticket WHERE id = $1`, [ticketId]);
    return rows.length > 0;
  }

  /**
   * A ticket's clocks for the ticket page and the explain endpoint, by code and cycle: one plain
   * statement shaped as `Clock` (building entities cost more CPU than the query on every page).
   */
  listForTicket(ticketId: string): Promise<(Clock & { id: string })[]> {
    return this.dataSource.query<(Clock & { id: string })[]>(
      `SELECT id, code, cycle, policy_id AS "policyId", calendar_code AS "calendarCode",
              target_kind AS "targetKind", target_minutes AS "targetMinutes", started_at AS "startedAt",
              due_at AS "dueAt", warn_at AS "warnAt", paused_at AS "pausedAt",
              paused_minutes AS "pausedMinutes", stopped_at AS "stoppedAt",
              elapsed_minutes AS "elapsedMinutes", at_risk_at AS "atRiskAt", breached_at AS "breachedAt",
              state, history
         FROM sla_clock WHERE ticket_id = $1 ORDER BY code, cycle`,
      [ticketId],
    );
  }

  async findTicket(em: EntityManager, ticketId: string): Promise<ClockTicketRow | undefined> {
    const [row] = await em.query<ClockTicketRow[]>(
      `SELECT t.channel, t.malfunction, t.difficulty, t.status, t.received_at, t.taken_in_charge_at,
              t.first_answered_at, t.intervention_started_at, t.resolved_at, t.sla_policy_id, e.calendar_code
         FROM ticket t LEFT JOIN ente e ON e.id = t.ente_id WHERE t.id = $1`,
      [ticketId],
    );
    return row;
  }

  /** Locked against the sweeper until the transaction ends. */
  async lockClocks(em: EntityManager, ticketId: string): Promise<Clock[]> {
    // Plain SQL in the entity's shape, in a fixed order (code, cycle) so that two lockers of the
    // same rows queue rather than deadlock.
    const rows = await em.query<SlaClockEntity[]>(
      `SELECT ${entitySelectList(em.connection.getMetadata(SlaClockEntity), 'c')}
         FROM sla_clock c WHERE c.ticket_id = $1 ORDER BY c.code, c.cycle FOR UPDATE`,
      [ticketId],
    );
    return rows.map((row) => ({ ...row, history: row.history ?? [] }));
  }

  /** New clocks in one multi-row INSERT; their ids are set on the given objects. */
  async insertClocks(em: EntityManager, ticketId: string, clocks: Clock[], now: Date): Promise<void> {
    if (clocks.length === 0) return;
    const repo = em.getRepository(SlaClockEntity);
    const inserted = await repo.insert(clocks.map((c) => repo.create({ ...c, ticketId, updatedAt: now })));
    clocks.forEach((c, i) => (c.id = inserted.identifiers[i].id as string));
  }

  /**
   * A changed clock (a handful per action at most): one UPDATE by id. Not `save()`, which reads
   * the row again to find what changed: the sync has just read and locked it.
   */
  async saveClock(em: EntityManager, ticketId: string, clock: Clock, now: Date): Promise<void> {
    await em.query<unknown>(
      `UPDATE sla_clock
          SET policy_id = $3, calendar_code = $4, target_minutes = $5, target_kind = $6, started_at = $7,
              due_at = $8, warn_at = $9, paused_at = $10, paused_minutes = $11,
              -- An elapsed time left unset keeps the stored one, as the entity update did.
              elapsed_minutes = CASE WHEN $19 THEN $12::double precision ELSE elapsed_minutes END,
              stopped_at = $13, at_risk_at = $14, breached_at = $15, state = $16, history = $17::jsonb,
              updated_at = $18
        WHERE id = $1 AND ticket_id = $2`,
      [
        clock.id,
        ticketId,
        clock.policyId,
        clock.calendarCode,
        clock.targetMinutes,
        clock.targetKind,
        clock.startedAt,
        clock.dueAt,
        clock.warnAt,
        clock.pausedAt,
        clock.pausedMinutes,
        clock.elapsedMinutes,
        clock.stoppedAt,
        clock.atRiskAt,
        clock.breachedAt,
        clock.state,
        JSON.stringify(clock.history ?? []),
        now,
        clock.elapsedMinutes !== undefined,
      ],
    );
  }
}
