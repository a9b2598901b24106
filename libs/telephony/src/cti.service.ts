import { ConflictError, ValidationError } from '@app/common';
import { normalisePhoneNumber } from '@app/tickets';
import { Injectable } from '@nestjs/common';

import { foldCall, StoredCtiEvent } from './call-fold';
import { CallTimelineService } from './call-timeline.service';
import { CtiEventDto } from './cti-event.dto';
import { PhoneCallRepository, PhoneCallRow } from './phone-call.repository';
import { PhoneCallFeed } from './phone-call-feed.service';

/** How far in the future a PBX clock may be before its timestamp is refused. */
const MAX_SKEW_MS = 10 * 60_000;

export interface CtiEventResult {
  action: 'recorded' | 'duplicate';
  call: PhoneCallRow;
}

/**
 * CTI events in: each stored once per call and event name, the call refolded from all its events
 * (so a hangup that overtakes its answer changes nothing), the caller named from the contacts.
 */
@Injectable()
export class CtiService {
  constructor(
    private readonly calls: PhoneCallRepository,
    private readonly feed: PhoneCallFeed,
    private readonly timeline: CallTimelineService,
  ) {}

  /** The ticket a call became or was logged on; its timeline entry once the call is over. */
  async linkTicket(id: string, ticketId: string): Promise<'linked' | 'no_call' | 'no_ticket'> {
    const outcome = await this.calls.transaction(async (m) => {
      const linked = await this.calls.linkTicket(m, id, ticketId);
      if (linked.outcome === 'linked') await this.timeline.recordIfOver(m, id);
      return linked.outcome;
    });
    if (outcome === 'linked') this.feed.nudge();
    return outcome;
  }

  async record(dto: CtiEventDto, receivedAt = new Date()): Promise<CtiEventResult> {
    const event = this.toStored(dto, receivedAt);
    const result = await this.calls.inCallLock(dto.callId, async (m): Promise<CtiEventResult> => {
      const known = await this.calls.events(m, dto.callId);
      this.refuseOtherNumbers(known, event);
      const added = await this.calls.addEvent(m, dto.callId, event);
      if (!added) {
        const call = await this.calls.findCall(m, dto.callId);
        if (call) return { action: 'duplicate', call };
      }
      const state = foldCall(added ? [...known, event] : known);
      const outside = state.direction === 'in' ? state.from : state.to;
      const caller = normalisePhoneNumber(outside);
      const contacts = caller.e164 ? await this.calls.contactsByNumber(m, caller.e164) : [];
      const saved = await this.calls.saveCall(m, dto.callId, state, caller, contacts[0]?.id ?? null);
      await this.timeline.linkCallBack(m, saved);
      await this.timeline.recordIfOver(m, saved.id);
      const call = (await this.calls.findCall(m, dto.callId)) ?? saved;
      return { action: added ? 'recorded' : 'duplicate', call };
    });
    if (result.action === 'recorded') this.feed.nudge();
    return result;
  }

  private toStored(dto: CtiEventDto, receivedAt: Date): StoredCtiEvent {
    if (dto.event === 'newCall') {
      const missing = (['from', 'to', 'direction'] as const).filter((f) => dto[f] === undefined);
      if (missing.length) {
        throw new ValidationError(
          missing.map((field) => ({ field, reason: 'obbligatorio in newCall / required in newCall' })),
        );
      }
    }
    const at = dto.timestamp !== undefined ? new Date(dto.timestamp * 1000) : receivedAt;
    if (at.getTime() > receivedAt.getTime() + MAX_SKEW_MS) {
      throw new ValidationError([{ field: 'timestamp', reason: 'nel futuro / in the future' }]);
    }
    return {
      event: dto.event,
      at,
      from: dto.from ?? null,
      to: dto.to ?? null,
      direction: dto.direction ?? null,
      user: dto.user ?? dto.answeringNumber ?? null,
      cause: dto.cause ?? null,
    };
  }

  /** A call id reused for another call (other numbers, other direction) is refused, not merged. */
  private refuseOtherNumbers(known: StoredCtiEvent[], event: StoredCtiEvent): void {
    const firstKnown = (field: 'from' | 'to' | 'direction') =>
      known.map((e) => e[field]).find((v) => v !== null) ?? null;
    const comparable = (n: string) => normalisePhoneNumber(n).e164 ?? n.replace(/\s/g, '');
    const fields = (['from', 'to', 'direction'] as const).filter((field) => {
      const mine = event[field];
      const theirs = firstKnown(field);
      if (mine === null || theirs === null) return false;
      return field === 'direction' ? mine !== theirs : comparable(mine) !== comparable(theirs);
    });
    if (fields.length) {
      const list = fields.join(', ');
      throw new ConflictError(
        `callId già usato per un'altra chiamata (${list} diversi) / callId already used for another call (different ${list})`,
        { reason: 'call_id_reused', fields },
      );
    }
  }
}
