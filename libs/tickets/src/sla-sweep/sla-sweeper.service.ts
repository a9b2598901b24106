import { NotificationRepository, SlaClockSweepRepository, SlaRegistry } from '@app/sla';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { TicketWriter } from '../writer/ticket-writer.service';
import type { TicketTimelineEvent } from '../writer/timeline-event.types';

const BATCH = 1_000;

export interface SweepResult {
  atRisk: number;
  breached: number;
}

/**
 * Marks running clocks at risk and breached. A breach is dated at the due instant, not at
 * detection, so a sweep after downtime catches up truthfully. The clocks change through libs/sla,
 * the timeline through the ticket writer, the notices in the same transaction.
 */
@Injectable()
export class SlaSweeperService {
  private readonly logger = new Logger('SlaSweeper');

  constructor(
    private readonly dataSource: DataSource,
    private readonly clocks: SlaClockSweepRepository,
    private readonly notifications: NotificationRepository,
    private readonly registry: SlaRegistry,
    private readonly writer: TicketWriter,
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
    const rows = await this.clocks.markBreached(em, now, BATCH);
    // One statement per table for the whole batch: a round trip per clock made a sweep of
    // 10,000 due clocks take tens of seconds (npm run bench:sweeper).
    await this.writer.appendMany(
      em,
      rows.map((c): TicketTimelineEvent => ({
        ticketId: c.ticket_id,
        actorId: null,
        type: 'sla_breached',
        occurredAt: c.at,
        // The same shape as a breach the ticket's own clock sync notices.
        payload: { code: c.code, cycle: c.cycle, dueAt: c.at, stoppedAt: null },
      })),
    );
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
    const rows = await this.clocks.markAtRisk(em, now, BATCH);
    await this.writer.appendMany(
      em,
      rows.map((c): TicketTimelineEvent => ({
        ticketId: c.ticket_id,
        actorId: null,
        type: 'sla_at_risk',
        occurredAt: c.at,
        payload: { code: c.code, cycle: c.cycle, at: c.at },
      })),
    );
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
}
