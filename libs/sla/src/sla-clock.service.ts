import { BusinessCalendar } from '@app/business-hours';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { ClockTransition, nextDue, planClocks, TicketFacts } from './clock-plan';
import { NotificationRepository } from './notification.repository';
import { ClockTicketRow, SlaClockRepository } from './sla-clock.repository';
import { SlaRegistry } from './sla-registry.service';

/** A timeline entry the SLA engine asks the ticket service to append (actor: the system). */
export interface SlaTimelineEvent {
  type: 'sla_met' | 'sla_breached' | 'sla_recomputed';
  occurredAt: Date;
  payload: Record<string, unknown>;
}

/**
 * What a clock sync tells the ticket's writer: the timeline verdicts, and the ticket's nearest due
 * instant and policy (written by libs/tickets, the ticket's only writer); null without a policy.
 */
export interface ClockSync {
  events: SlaTimelineEvent[];
  schedule: { nextDueAt: Date | null; policyId: string } | null;
}

/** Keeps a ticket's clock rows in step with the ticket, inside the ticket's own transaction. */
@Injectable()
export class SlaClockService {
  constructor(
    private readonly registry: SlaRegistry,
    private readonly notifications: NotificationRepository,
    private readonly clocks: SlaClockRepository,
  ) {}

  /** The caller holds the ticket's row lock; the clock rows are locked here against the sweeper. */
  async sync(em: EntityManager, ticketId: string, now: Date, known?: ClockTicketRow): Promise<ClockSync> {
    // `known`: the ticket as the caller has just written it, so it need not be read back.
    const ticket = known ?? (await this.clocks.findTicket(em, ticketId));
    if (!ticket) throw new Error(`Ticket ${ticketId} not found for its clocks`);
    let policyId: string | null = ticket.sla_policy_id;
    if (!policyId) {
      const active = await this.registry.activePolicy(em);
      if (!active) return { events: [], schedule: null };
      policyId = active.id;
    }
    const policy = await this.registry.policy(policyId, em);
    const facts: TicketFacts = {
      channel: ticket.channel,
      malfunction: ticket.malfunction,
      difficulty: ticket.difficulty,
      status: ticket.status,
      receivedAt: ticket.received_at,
      takenInChargeAt: ticket.taken_in_charge_at,
      firstAnsweredAt: ticket.first_answered_at,
      interventionStartedAt: ticket.intervention_started_at,
      resolvedAt: ticket.resolved_at,
      enteCalendar: ticket.calendar_code,
    };
    const calendars = await this.registry.calendarsFor(policy.definition, facts.enteCalendar, em);
    const existing = await this.clocks.lockClocks(em, ticketId);
    const plan = planClocks(policy, facts, existing, now, (code) => calendars.get(code) as BusinessCalendar);
    // New clocks in one multi-row INSERT; changed ones one UPDATE each (a handful at most).
    const fresh = plan.changed.filter((c) => !c.id);
    await this.clocks.insertClocks(em, ticketId, fresh, now);
    for (const clock of plan.changed.filter((c) => !fresh.includes(c))) {
      await this.clocks.saveClock(em, ticketId, clock, now);
    }
    const byKey = new Map(existing.map((c) => [`${c.code}#${c.cycle}`, c]));
    for (const c of plan.changed) byKey.set(`${c.code}#${c.cycle}`, c);
    for (const t of plan.transitions.filter((t) => t.kind === 'breached')) {
      await this.notifications.notifyAssigneeAndSupervisors(em, {
        ticketId,
        kind: 'sla_breached',
        payload: { code: t.clock.code, dueAt: t.clock.dueAt },
        dedupKey: `breach:${ticketId}:${t.clock.code}:${t.clock.cycle}`,
        emailAfter: now,
      });
    }
    return {
      events: plan.transitions.map((t) => this.timelineEvent(t, now)),
      schedule: { nextDueAt: nextDue([...byKey.values()]), policyId },
    };
  }

  private timelineEvent(t: ClockTransition, now: Date): SlaTimelineEvent {
    const payload = {
      code: t.clock.code,
      cycle: t.clock.cycle,
      dueAt: t.clock.dueAt,
      stoppedAt: t.clock.stoppedAt,
    };
    if (t.kind === 'recomputed')
      return { type: 'sla_recomputed', occurredAt: now, payload: { ...payload, reason: t.reason } };
    if (t.kind === 'breached')
      return { type: 'sla_breached', occurredAt: t.clock.breachedAt ?? now, payload };
    return {
      type: 'sla_met',
      occurredAt: t.clock.stoppedAt ?? now,
      payload: { ...payload, reason: t.reason },
    };
  }
}
