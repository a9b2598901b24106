import { TicketWriter } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { PhoneCallRepository, PhoneCallRow } from './phone-call.repository';

const seconds = (from: Date | null, to: Date | null): number | null =>
  from && to ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)) : null;

/**
 * A phone call on its ticket's timeline (issue 24.5): once the call is over and belongs to a
 * ticket (the ticket it became, the ticket it was logged on, the ticket a call back answers), one
 * entry says when it rang, how long it rang and lasted and who answered. Written through the
 * ticket writer in the transaction that made the call both over and linked, under the call's row
 * lock, and marked on the call: exactly once whichever comes last, the hangup or the link.
 */
@Injectable()
export class CallTimelineService {
  constructor(
    private readonly calls: PhoneCallRepository,
    private readonly writer: TicketWriter,
  ) {}

  async recordIfOver(m: EntityManager, callId: string): Promise<boolean> {
    const call = await this.calls.lockCall(m, callId);
    if (!call || !call.ticketId || call.onTimelineAt) return false;
    if (call.status !== 'answered' && call.status !== 'missed') return false;
    const answeredByName = call.answeredBy ? await this.calls.agentNameAt(m, call.answeredBy) : null;
    await this.writer.append(m, call.ticketId, null, [
      {
        type: 'phone_call',
        occurredAt: call.startedAt,
        payload: {
          callId: call.id,
          direction: call.direction,
          number: call.direction === 'in' ? call.from : call.to,
          status: call.status,
          startedAt: call.startedAt.toISOString(),
          answeredAt: call.answeredAt?.toISOString() ?? null,
          endedAt: call.endedAt?.toISOString() ?? null,
          ringSeconds: seconds(call.startedAt, call.answeredAt ?? call.endedAt),
          talkSeconds: seconds(call.answeredAt, call.endedAt),
          answeredBy: call.answeredBy,
          answeredByName,
          cause: call.cause,
        },
      },
    ]);
    await this.calls.markOnTimeline(m, call.id);
    return true;
  }

  /** An outbound call to a number that called lately belongs to that call's ticket (a call back). */
  async linkCallBack(m: EntityManager, call: PhoneCallRow): Promise<void> {
    if (call.direction !== 'out' || call.ticketId) return;
    const ticketId = await this.calls.ticketToCallBack(m, call);
    if (ticketId) await this.calls.linkTicket(m, call.id, ticketId);
  }
}
