import { Actor, STAFF } from '@app/auth';
import { LiveSources, PolledFeed } from '@app/tickets';
import { Injectable, MessageEvent, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { defer, EMPTY, filter, map, merge, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { CallerContact, PhoneCallRow } from './phone-call.repository';

/** How often the feed looks for changed calls while someone listens: a ringing call is news. */
const POLL_MS = 1_000;
/** How far back each poll looks: longer than any CTI transaction takes to commit. */
const OVERLAP_MS = 30_000;
/** A call still ringing or talking after this long lost its hangup: no longer shown on connect. */
const ACTIVE_FOR_MS = 2 * 3_600_000;

const LIVE_CALL_SELECT = `
  SELECT pc.id, pc.call_id AS "callId", pc.direction, pc.from_number AS "from", pc.to_number AS "to",
         pc.caller_e164 AS "caller", pc.caller_extension AS "callerExtension", pc.contact_id AS "contactId",
         pc.status, pc.started_at AS "startedAt", pc.answered_at AS "answeredAt", pc.ended_at AS "endedAt",
         pc.extension, pc.answered_by AS "answeredBy", pc.cause, pc.ticket_id AS "ticketId",
         pe.user_id AS "agentId", pc.updated_at::text AS "updatedAt"
    FROM phone_call pc LEFT JOIN phone_extension pe ON pe.extension = coalesce(pc.answered_by, pc.extension)`;

export interface OpenTicket {
  id: string;
  number: string;
  subject: string;
  status: string;
  receivedAt: Date;
}

/** A call as the agents' screens show it: who is calling, from which ente, with which open tickets. */
export interface LiveCall extends PhoneCallRow {
  contact: CallerContact | null;
  openTickets: OpenTicket[];
  /** The agent mapped to the call's extension, who alone is told; null: every agent. */
  agentId: string | null;
  updatedAt: string;
}

/**
 * Changed calls for the browsers (`calls` events on /api/events), polled from PostgreSQL as the
 * ticket changes are, so that a CTI event posted to any api replica reaches every browser; the
 * replica that took the event looks at once (nudge) instead of waiting for the next poll.
 */
@Injectable()
export class PhoneCallFeed implements OnModuleInit, OnModuleDestroy {
  private readonly feed = new PolledFeed<LiveCall>({
    name: 'PhoneCall',
    everyMs: POLL_MS,
    overlapMs: OVERLAP_MS,
    read: (from) =>
      this.dataSource.query(
        `${LIVE_CALL_SELECT} WHERE pc.updated_at >= $1 ORDER BY pc.updated_at LIMIT 500`,
        [from],
      ),
    present: (fresh) => this.withCallers(fresh),
  });

  constructor(
    private readonly dataSource: DataSource,
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
    const rows = await this.dataSource.query<LiveCall[]>(
      `${LIVE_CALL_SELECT} WHERE pc.status IN ('ringing', 'talking') AND pc.started_at > $1 ORDER BY pc.started_at`,
      [new Date(Date.now() - ACTIVE_FOR_MS)],
    );
    return this.withCallers(rows);
  }

  private async withCallers(calls: LiveCall[]): Promise<LiveCall[]> {
    const contactIds = [...new Set(calls.map((c) => c.contactId).filter((id): id is string => id !== null))];
    const contacts: CallerContact[] = contactIds.length
      ? await this.dataSource.query(
          `SELECT c.id, c.name, c.email, c.phone, c.ente_id AS "enteId", e.name AS "enteName"
             FROM contact c LEFT JOIN ente e ON e.id = c.ente_id WHERE c.id = ANY($1)`,
          [contactIds],
        )
      : [];
    const tickets: (OpenTicket & { requesterId: string })[] = contactIds.length
      ? await this.dataSource.query(
          `SELECT id, number, subject, status::text AS status, received_at AS "receivedAt", requester_id AS "requesterId"
             FROM ticket WHERE requester_id = ANY($1) AND status IN ('new', 'open', 'waiting')
            ORDER BY received_at DESC LIMIT 100`,
          [contactIds],
        )
      : [];
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
