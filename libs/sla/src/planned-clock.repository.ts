import { randomUUID } from 'node:crypto';

import { unnestInsert } from '@app/database';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import type { Clock } from './clock-plan';

/** A clock the pure planner made for a ticket that is being written in bulk. */
export type PlannedClock = Clock & { ticketId: string };

/**
 * Clocks planned outside a ticket's own sync (the mail fast path, the history import), written in
 * one statement; libs/sla owns sla_clock.
 */
@Injectable()
export class PlannedClockRepository {
  async insertMany(em: EntityManager, clocks: readonly PlannedClock[], now: Date): Promise<void> {
    if (clocks.length === 0) return;
    const { sql, params } = unnestInsert(
      'sla_clock',
      [
        { name: 'id', type: 'uuid', value: (c: PlannedClock) => c.id ?? randomUUID() },
        { name: 'ticket_id', type: 'uuid', value: (c: PlannedClock) => c.ticketId },
        { name: 'code', type: 'text', value: (c: PlannedClock) => c.code },
        { name: 'cycle', type: 'integer', value: (c: PlannedClock) => c.cycle },
        { name: 'policy_id', type: 'uuid', value: (c: PlannedClock) => c.policyId },
        { name: 'calendar_code', type: 'text', value: (c: PlannedClock) => c.calendarCode },
        { name: 'target_minutes', type: 'double precision', value: (c: PlannedClock) => c.targetMinutes },
        { name: 'target_kind', type: 'text', value: (c: PlannedClock) => c.targetKind },
        { name: 'started_at', type: 'timestamptz', value: (c: PlannedClock) => c.startedAt },
        { name: 'due_at', type: 'timestamptz', value: (c: PlannedClock) => c.dueAt },
        { name: 'warn_at', type: 'timestamptz', value: (c: PlannedClock) => c.warnAt },
        { name: 'paused_at', type: 'timestamptz', value: (c: PlannedClock) => c.pausedAt },
        { name: 'paused_minutes', type: 'double precision', value: (c: PlannedClock) => c.pausedMinutes },
        { name: 'stopped_at', type: 'timestamptz', value: (c: PlannedClock) => c.stoppedAt },
        // Fixed by the planner when a clock stops; the SLA report aggregates it (median, p95, worst).
        {
          name: 'elapsed_minutes',
          type: 'double precision',
          value: (c: PlannedClock) => c.elapsedMinutes ?? null,
        },
        { name: 'at_risk_at', type: 'timestamptz', value: (c: PlannedClock) => c.atRiskAt },
        { name: 'breached_at', type: 'timestamptz', value: (c: PlannedClock) => c.breachedAt },
        { name: 'state', type: 'sla_clock_state', value: (c: PlannedClock) => c.state },
        { name: 'history', type: 'jsonb', value: (c: PlannedClock) => c.history },
        { name: 'updated_at', type: 'timestamptz', value: () => now },
      ],
      clocks,
    );
    await em.query<unknown[]>(sql, params);
  }
}
