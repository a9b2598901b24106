import { NotFoundError } from '@app/common';
import { Injectable } from '@nestjs/common';

import { explainClock } from './clock-explain';
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
    const clocks = await this.clockRows.listForTicket(ticketId);
    const out = [];
    for (const clock of clocks) {
      const policy = await this.registry.policy(clock.policyId);
      const def = policy.definition.clocks.find((c) => c.code === clock.code);
      const calendar = await this.registry.calendar(clock.calendarCode);
      out.push(explainClock({ ...clock, history: clock.history ?? [] }, def, calendar, now));
    }
    return out;
  }

  /** The short form for the ticket page: due instant, remaining or overdue business time, state. */
  async summary(ticketId: string, now = new Date()) {
    const explained = await this.explainClocks(ticketId, now);
    return explained.map((c) => ({
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
    }));
  }
}

export { elapsedMinutes };
