import { NotFoundError } from '@app/common';
import { Injectable } from '@nestjs/common';

import { explainClock, summariseClock } from './clock-explain';
import { elapsedMinutes } from './clock-plan';
import { SlaClockRepository } from './sla-clock.repository';
import { SlaRegistry } from './sla-registry.service';

/** What the ticket page and the explain endpoint show of a ticket's clocks. */
@Injectable()
export class SlaReadService {
  constructor(
    private readonly clockRows: SlaClockRepository,
    private readonly registry: SlaRegistry,
  ) {}

  async explain(ticketId: string, now = new Date()) {
    if (!(await this.clockRows.ticketExists(ticketId))) throw new NotFoundError('Ticket', ticketId);
    return this.explainClocks(ticketId, now);
  }

  private async explainClocks(ticketId: string, now: Date) {
    const out = [];
    for (const { clock, def, calendar } of await this.clocksOf(ticketId)) {
      out.push(explainClock(clock, def, calendar, now));
    }
    return out;
  }

  /**
   * The short form for the ticket page and every action's answer: due instant, remaining or
   * overdue business time, state. Computed without the explanation's open intervals and closed
   * days, which for a clock running for years meant thousands of objects built and thrown away.
   */
  async summary(ticketId: string, now = new Date()) {
    return (await this.clocksOf(ticketId)).map(({ clock, def, calendar }) => {
      const c = summariseClock(clock, def, calendar, now);
      return {
        code: c.code,
        title: c.title,
        cycle: c.cycle,
        state: c.state,
        atRisk: !!c.atRiskAt && c.state === 'running',
        startedAt: c.startedAt,
        dueAt: c.dueAt,
        stoppedAt: c.stoppedAt,
        breachedAt: c.breachedAt,
        target: c.target,
        calendar: c.calendar,
        elapsedMinutes: c.elapsedMinutes,
        remainingMinutes: c.remainingMinutes,
      };
    });
  }

  /** A ticket's clocks with their policy's definition and their compiled calendar (both cached). */
  private async clocksOf(ticketId: string) {
    const clocks = await this.clockRows.listForTicket(ticketId);
    const out = [];
    for (const clock of clocks) {
      const policy = await this.registry.policy(clock.policyId);
      const def = policy.definition.clocks.find((c) => c.code === clock.code);
      const calendar = await this.registry.calendar(clock.calendarCode);
      out.push({ clock: { ...clock, history: clock.history ?? [] }, def, calendar });
    }
    return out;
  }
}

export { elapsedMinutes };
