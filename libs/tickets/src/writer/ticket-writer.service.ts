import { randomUUID } from 'node:crypto';

import { ClockTicketRow, SlaClockService } from '@app/sla';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { TicketChannel, TicketDifficulty, TicketEntity, TicketStatus } from '../entities';
import { RoutedField, RoutingEngine, RoutingOutcome } from '../routing/routing-engine.service';
import type { RoutingFacts } from '../routing/routing-match';
import { domainCandidates, enteOfAddress } from './ente-domain.rule';
import { TicketNumberAllocator } from './ticket-number.allocator';
import {
  ContactRow,
  NewContactWithId,
  TicketSchedule,
  TicketWriterRepository,
} from './ticket-writer.repository';
import type { MessagePayload, TicketTimelineEvent, TimelineEvent } from './timeline-event.types';

export type { RoutedField, RoutingOutcome } from '../routing/routing-engine.service';

/** What every new ticket says of itself, whichever way it is opened. */
interface TicketFields {
  channel: TicketChannel;
  subject: string;
  description: string;
  requesterId: string | null;
  enteId: string | null;
  categoryId: string | null;
  difficulty: TicketDifficulty | null;
  malfunction: boolean;
  receivedAt: Date;
  needsReview?: boolean;
  relatedTicketId?: string | null;
  /** The mailbox a mail arrived in: routing rules may name it. */
  mailboxId?: string | null;
}

export interface NewTicket extends TicketFields {
  /** The first inbound message: extra payload (sender, mail ids) and its text. */
  message: { payload: Record<string, unknown>; body: string };
  /**
   * Fields the creator chose (an agent picking a category at intake, taking the call): routing
   * rules leave them as they are.
   */
  explicit?: readonly RoutedField[];
}

/**
 * A ticket the bulk writer inserts as it is (the history import, the mail fast path): the
 * caller has planned its state, clocks and timeline; the writer numbers it unless it has a number.
 */
export interface BulkTicket extends TicketFields {
  id?: string;
  number?: string;
  status: TicketStatus;
  slaPolicyId: string | null;
  nextDueAt: Date | null;
  assigneeId?: string | null;
  redirectedTo?: string | null;
  takenInChargeAt?: Date | null;
  firstAnsweredAt?: Date | null;
  interventionStartedAt?: Date | null;
  resolvedAt?: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
  /** Its timeline in order (given its number, when the writer allocates it). */
  events: BulkEvent[] | ((number: string) => BulkEvent[]);
  /** The routing decided for it by `route` (the mail fast path); the import keeps its file's values. */
  routed?: RoutingOutcome | null;
  teamId?: string | null;
}

export type BulkEvent = TimelineEvent & { actorId?: string | null; recordedAt?: Date };

export interface OpenedTicket {
  id: string;
  number: string;
}

/** The subject a ticket keeps: trimmed, at most 300 characters, never empty. */
export function ticketSubject(subject: string): string {
  return subject.trim().slice(0, 300) || '(senza oggetto / no subject)';
}

/** What the routing rules read of a ticket about to open. */
function routingFacts(input: Omit<TicketFields, 'receivedAt'> & Pick<NewTicket, 'message'>): RoutingFacts {
  const payload = input.message.payload;
  const from = payload.from as { email?: unknown } | null | undefined;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  return {
    channel: input.channel,
    mailboxId: input.mailboxId ?? null,
    enteId: input.enteId,
    categoryId: input.categoryId,
    senderAddress: text(from?.email),
    subject: input.subject,
    body: input.description,
    host: text(payload.host),
    service: text(payload.service),
    malfunction: input.malfunction,
  };
}

/**
 * The only writer of the ticket aggregate (ticket, its number counter, its contacts, its
 * timeline): phone intake, mail ingestion (both paths), monitoring, the sweeper, the outbox
 * sender and the history import all write through here.
 */
@Injectable()
export class TicketWriter {
  constructor(
    private readonly repo: TicketWriterRepository,
    private readonly numbers: TicketNumberAllocator,
    private readonly slaClocks: SlaClockService,
    private readonly routing: RoutingEngine,
  ) {}

  /**
   * The routing rules' decision for a ticket about to open (issue 19.2). `open` calls it itself;
   * a bulk caller calls it for each ticket in order before planning clocks, and hands the outcome
   * to `openMany` (a round-robin pick is made, and marked, here).
   */
  route(
    em: EntityManager,
    input: Omit<TicketFields, 'receivedAt'> & Pick<NewTicket, 'message' | 'explicit'>,
    now: Date,
  ): Promise<RoutingOutcome | null> {
    return this.routing.route(em, routingFacts(input), input.explicit ?? [], now);
  }

  /**
   * Creates a ticket with its `created` event and first inbound message, numbered and with its
   * clocks, inside the caller's transaction.
   */
  async open(em: EntityManager, input: NewTicket, actorId: string | null, now: Date): Promise<TicketEntity> {
    const routed = await this.route(em, input, now);
    const set = routed?.fields ?? {};
    const number = await this.numbers.next(em, input.receivedAt);
    const ticket = await this.repo.insertTicket(em, {
      number,
      channel: input.channel,
      status: 'new',
      subject: ticketSubject(input.subject),
      description: input.description.trim(),
      requesterId: input.requesterId,
      enteId: input.enteId,
      categoryId: set.categoryId ?? input.categoryId,
      difficulty: set.difficulty ?? input.difficulty,
      malfunction: input.malfunction,
      receivedAt: input.receivedAt,
      needsReview: input.needsReview ?? false,
      relatedTicketId: input.relatedTicketId ?? null,
      teamId: set.teamId ?? null,
      assigneeId: set.assigneeId ?? null,
    });
    await this.append(em, ticket.id, actorId, [
      {
        type: 'created',
        occurredAt: input.receivedAt,
        payload: {
          channel: input.channel,
          number,
          malfunction: ticket.malfunction,
          enteId: input.enteId,
          requesterId: input.requesterId,
          ...(input.relatedTicketId ? { relatedTicketId: input.relatedTicketId } : {}),
        },
      },
      {
        type: 'message',
        occurredAt: input.receivedAt,
        payload: { direction: 'in', via: input.channel, ...input.message.payload } as MessagePayload,
        body: input.message.body,
      },
      ...(routed ? [routed.event] : []),
    ]);
    await this.syncClocks(em, ticket.id, now);
    return ticket;
  }

  /**
   * Many tickets in one statement per table. Those without a number get consecutive numbers of
   * their local year, in the given order; events without `recordedAt` are recorded at `recordedAt`
   * (or the transaction's instant).
   */
  async openMany(
    em: EntityManager,
    inputs: readonly BulkTicket[],
    options: { recordedAt?: Date } = {},
  ): Promise<OpenedTicket[]> {
    if (inputs.length === 0) return [];
    const numbers = await this.allocate(em, inputs);
    const rows = inputs
      .map((t, i) => ({ t, set: t.routed?.fields ?? {}, i }))
      .map(({ t, set, i }) => ({
        input: t,
        row: {
          id: t.id ?? randomUUID(),
          number: numbers[i],
          channel: t.channel,
          status: t.status,
          subject: t.subject,
          description: t.description,
          requesterId: t.requesterId,
          enteId: t.enteId,
          categoryId: set.categoryId ?? t.categoryId,
          difficulty: set.difficulty ?? t.difficulty,
          malfunction: t.malfunction,
          receivedAt: t.receivedAt,
          slaPolicyId: t.slaPolicyId,
          nextDueAt: t.nextDueAt,
          needsReview: t.needsReview ?? false,
          relatedTicketId: t.relatedTicketId ?? null,
          assigneeId: set.assigneeId ?? t.assigneeId ?? null,
          teamId: set.teamId ?? t.teamId ?? null,
          redirectedTo: t.redirectedTo ?? null,
          takenInChargeAt: t.takenInChargeAt ?? null,
          firstAnsweredAt: t.firstAnsweredAt ?? null,
          interventionStartedAt: t.interventionStartedAt ?? null,
          resolvedAt: t.resolvedAt ?? null,
          createdAt: t.createdAt ?? t.receivedAt,
          updatedAt: t.updatedAt ?? t.createdAt ?? t.receivedAt,
        },
      }));
    await this.repo.insertTickets(
      em,
      rows.map((r) => r.row),
    );
    await this.repo.insertEvents(
      em,
      rows.flatMap(({ input, row }) =>
        [
          ...(typeof input.events === 'function' ? input.events(row.number) : input.events),
          ...(input.routed ? [input.routed.event as BulkEvent] : []),
        ].map((e) => ({ ...e, ticketId: row.id, actorId: e.actorId ?? null }) as TicketTimelineEvent),
      ),
      options.recordedAt ?? null,
    );
    return rows.map((r) => ({ id: r.row.id, number: r.row.number }));
  }

  /** The given numbers, and consecutive new ones of each local year for the rest (in input order). */
  private async allocate(em: EntityManager, inputs: readonly BulkTicket[]): Promise<string[]> {
    const years = await Promise.all(
      inputs.map((t) => (t.number ? null : this.numbers.yearOf(em, t.receivedAt))),
    );
    const wanted = new Map<number, number>();
    for (const year of years) if (year !== null) wanted.set(year, (wanted.get(year) ?? 0) + 1);
    const fresh = new Map<number, string[]>();
    for (const [year, k] of [...wanted].sort(([a], [b]) => a - b))
      fresh.set(year, await this.numbers.reserve(em, year, k));
    return inputs.map((t, i) => t.number ?? fresh.get(years[i]!)!.shift()!);
  }

  /** Timeline events of one ticket, in order, by one actor (null: the system). */
  async append(
    em: EntityManager,
    ticketId: string,
    actorId: string | null,
    events: readonly TimelineEvent[],
  ): Promise<void> {
    if (events.length === 0) return;
    await this.repo.insertEvents(
      em,
      events.map((e) => ({ ...e, ticketId, actorId }) as TicketTimelineEvent),
    );
  }

  /**
   * Messages appended to tickets whose facts do not change (plain e-mail replies in bulk): each
   * ticket's version moves on once per message, in one statement; the events go in appendMany.
   */
  touchMany(em: EntityManager, ticketIds: readonly string[]): Promise<void> {
    return this.repo.bumpVersions(em, ticketIds);
  }

  /** Timeline events of many tickets in one statement (the sweeper's batches). */
  async appendMany(
    em: EntityManager,
    events: readonly TicketTimelineEvent[],
    recordedAt?: Date,
  ): Promise<void> {
    await this.repo.insertEvents(em, events, recordedAt ?? null);
  }

  /** The SLA clocks follow the ticket in the same transaction; their verdicts join the timeline. */
  async syncClocks(em: EntityManager, ticketId: string, now: Date): Promise<void> {
    await this.appendWithClocks(em, ticketId, null, [], { at: now });
  }

  /**
   * An action's events and, when the ticket's facts changed (`clocks` set), the clocks' verdicts
   * after them: one timeline INSERT for both rather than one each. The verdicts carry no actor.
   * `clocks.ticket`: the ticket as just written, so that the clocks need not read it back.
   */
  async appendWithClocks(
    em: EntityManager,
    ticketId: string,
    actorId: string | null,
    events: readonly TimelineEvent[],
    clocks: { at: Date; ticket?: ClockTicketRow } | null,
  ): Promise<void> {
    const { verdicts, schedule } = clocks
      ? await this.clockVerdicts(em, ticketId, clocks.at, clocks.ticket)
      : { verdicts: [], schedule: undefined };
    const rows = [
      ...events.map((e) => ({ ...e, ticketId, actorId })),
      ...verdicts.map((e) => ({ ...e, ticketId, actorId: null })),
    ] as TicketTimelineEvent[];
    // The due instant goes with the events: one statement, not two (issue 22).
    if (rows.length) await this.repo.insertEvents(em, rows, null, schedule);
    else if (schedule) await this.repo.setSchedule(em, schedule);
  }

  /** Syncs the clocks; returns their verdicts for the timeline and the ticket's new schedule. */
  private async clockVerdicts(
    em: EntityManager,
    ticketId: string,
    now: Date,
    known?: ClockTicketRow,
  ): Promise<{ verdicts: TimelineEvent[]; schedule?: TicketSchedule }> {
    const { events, schedule } = await this.slaClocks.sync(em, ticketId, now, known);
    return {
      // The SLA engine's verdicts are the timeline's sla_* events (libs/sla declares them untyped).
      verdicts: events as unknown as TimelineEvent[],
      schedule: schedule ? { ticketId, ...schedule } : undefined,
    };
  }

  /** Numbers given elsewhere (the import, the demo): the year's counter continues after `last`. */
  raiseCounter(em: EntityManager, year: number, last: number): Promise<void> {
    return this.numbers.raiseTo(em, year, last);
  }

  /** The ente of a mail domain or of its closest mapped parent (uffici.comune.x.it -> comune.x.it). */
  enteByDomain(em: EntityManager, domain: string): Promise<string | null> {
    return this.repo.enteOfDomains(em, domainCandidates(domain));
  }

  /** Each address's ente by the same rule, for many senders in one query. */
  async entesByAddress(em: EntityManager, addresses: readonly string[]): Promise<Map<string, string>> {
    const domains = new Map(addresses.map((a) => [a, a.split('@')[1] ?? '']));
    const mapped = await this.repo.domainEntes(em, [
      ...new Set([...domains.values()].flatMap((d) => domainCandidates(d))),
    ]);
    const result = new Map<string, string>();
    for (const [address, domain] of domains) {
      const ente = enteOfAddress(domain, mapped);
      if (ente) result.set(address, ente);
    }
    return result;
  }

  /**
   * The contact of a mail address, created if new with the ente given (safe when two mails of a
   * new sender arrive at once).
   */
  contactByEmail(
    em: EntityManager,
    address: string,
    name: string,
    enteId: string | null,
  ): Promise<ContactRow> {
    return this.repo.contactByEmail(em, { email: address, name, enteId });
  }

  /** Contacts the caller matched itself and found new (the import, the demo), written as given. */
  insertContacts(em: EntityManager, contacts: readonly NewContactWithId[]): Promise<void> {
    return this.repo.insertContacts(em, contacts);
  }

  /** The same for many senders in two statements, keyed by lower-cased address. */
  async contactsByEmail(
    em: EntityManager,
    senders: readonly { address: string; name: string; enteId: string | null }[],
  ): Promise<Map<string, ContactRow>> {
    await this.repo.insertMissingContacts(
      em,
      senders.map((s) => ({ email: s.address, name: s.name, enteId: s.enteId })),
    );
    return this.repo.contactsByEmail(
      em,
      senders.map((s) => s.address),
    );
  }
}
