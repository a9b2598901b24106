import { Actor, STAFF } from '@app/auth';
import { LiveSources, PolledFeed } from '@app/tickets';
import { Injectable, MessageEvent, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { defer, EMPTY, filter, map, merge, Observable } from 'rxjs';

import { LiveCallRepository, LiveCallRow, OpenTicket } from './live-call.repository';
import { CallerContact } from './phone-call.repository';

export type { OpenTicket } from './live-call.repository';

/** How often the feed looks for changed calls while someone listens: a ringing call is news. */
const POLL_MS = 1_000;
/** How far back each poll looks: longer than any CTI transaction takes to commit. */
const OVERLAP_MS = 30_000;
/** A call still ringing or talking after this long lost its hangup: no longer shown on connect. */
const ACTIVE_FOR_MS = 2 * 3_600_000;

/** A call as the agents' screens show it: who is calling, from which ente, with which open tickets. */
export interface LiveCall extends LiveCallRow {
  contact: CallerContact | null;
  openTickets: OpenTicket[];
}

/**
 * Changed calls for the browsers (`calls` events on /api/events), polled from PostgreSQL as the
 * ticket changes are, so that a CTI event posted to any api replica reaches every browser; the
 * replica that took the event looks at once (nudge) instead of waiting for the next poll.
 */
@Injectable()
export class PhoneCallFeed implements OnModuleInit, OnModuleDestroy {
  private readonly feed = new PolledFeed<LiveCallRow, LiveCall>({
    name: 'PhoneCall',
    everyMs: POLL_MS,
    overlapMs: OVERLAP_MS,
    read: (from) => this.calls.changedSince(from, 500),
    present: (fresh) => this.withCallers(fresh),
  });

  constructor(
    private readonly calls: LiveCallRepository,
    private readonly sources: LiveSources,
  ) {}

  onModuleInit(): void {
    this.sources.register((actor) => this.forActor(actor));
  }

  /**
   * Staff only; a call rung at a mapped extension goes to that extension's agent alone. A browser
   * that connects (or reconnects) while a call rings gets it at once, then every change.
   */
  forActor(actor: Actor): Observable<MessageEvent> {
    if (!STAFF.includes(actor.role)) return EMPTY;
    return merge(
      this.stream(),
      defer(() => this.active()),
    ).pipe(
      map((calls) => calls.filter((c) => c.agentId === null || c.agentId === actor.id)),
      filter((calls) => calls.length > 0),
      map((calls): MessageEvent => ({ type: 'calls', data: { calls } })),
    );
  }

  stream(): Observable<LiveCall[]> {
    return this.feed.stream();
  }

  /** A call just changed here: tell the browsers now rather than at the next poll. */
  nudge(): void {
    if (this.feed.listening) void this.feed.poll();
  }

  /** Calls ringing or talking now, with their callers. */
  async active(): Promise<LiveCall[]> {
    return this.withCallers(await this.calls.activeSince(new Date(Date.now() - ACTIVE_FOR_MS)));
  }

  private async withCallers(calls: LiveCallRow[]): Promise<LiveCall[]> {
    const contactIds = [...new Set(calls.map((c) => c.contactId).filter((id): id is string => id !== null))];
    const contacts = await this.calls.contacts(contactIds);
    const tickets = await this.calls.openTicketsOf(contactIds, 100);
    return calls.map((call) => ({
      ...call,
      contact: contacts.find((c) => c.id === call.contactId) ?? null,
      openTickets: tickets
        .filter((t) => t.requesterId === call.contactId)
        .slice(0, 5)
        .map(({ requesterId: _, ...t }) => t),
    }));
  }

  onModuleDestroy(): void {
    this.feed.close();
  }
}
