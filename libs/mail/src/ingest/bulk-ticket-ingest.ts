import { randomUUID } from 'node:crypto';

import { APP_CONFIG, AppConfig } from '@app/config';
import { Clock, nextDue, planClocks, PlannedClockRepository, SlaRegistry } from '@app/sla';
import {
  AttachmentRepository,
  BulkTicket,
  RoutingOutcome,
  ticketSubject,
  TicketTimelineEvent,
  TicketWriter,
} from '@app/tickets';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { FollowLinks } from '../outbox/follow-links.service';
import { subjectWithTag } from '../outbox/mail-address.util';
import { MailTemplateService } from '../outbox/mail-template.service';
import { renderTemplate } from '../outbox/mail-templates';
import { OutboxService } from '../outbox/outbox.service';
import { privacyNoticeUrl } from '../outbox/public-links.util';
import { ParsedMail, UNPARSEABLE_PROBLEM_PREFIX } from '../parsing';
import type { MailPosition } from './inbound-mail.repository';
import { InboundMailRepository, newestThread } from './inbound-mail.repository';
import {
  clean,
  dedupKey,
  inboundMessageBody,
  inboundMessagePayload,
  inboundRecord,
} from './inbound-message.util';
import { InboundRoute, routableMail, routeInboundMail } from './inbound-route.util';

export interface BulkItem {
  index: number;
  raw: Buffer;
  parsed: ParsedMail;
  position: MailPosition | null;
}

export interface BulkOpened {
  index: number;
  inboundId: string;
  ticketId: string;
  acknowledged: boolean;
  outcome: 'ticket_created' | 'reply_added';
  reason: string;
}

/** A reply the fast path appends: to an open ticket, changing nothing but its timeline. */
interface PlainReply {
  item: BulkItem;
  ticketId: string;
  reason: string;
  inboundId: string;
  record: ReturnType<typeof inboundRecord>;
}

/**
 * The fast path of ingestion: the mails of a fetched chunk that simply open a new ticket (a
 * human's mail, no thread, nothing refused, not seen before) are opened together with one
 * statement per table instead of ~15 per mail. It writes exactly what the per-mail path writes
 * (TicketWriter.open, SLA clocks, the acknowledgement, the raw mail, its position), and
 * runs inside the chunk's transaction under a savepoint: if anything fails, the caller rolls it
 * back and every mail goes the per-mail way.
 */
@Injectable()
export class BulkTicketIngest {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SlaRegistry,
    private readonly templates: MailTemplateService,
    private readonly outbox: OutboxService,
    private readonly writer: TicketWriter,
    private readonly clocks: PlannedClockRepository,
    private readonly inbound: InboundMailRepository,
    private readonly attachments: AttachmentRepository,
    private readonly followLinks: FollowLinks,
  ) {}

  /** The mails that may take the fast path, before any lookup: the rest need the per-mail rules. */
  candidates(items: readonly BulkItem[], own: ReadonlySet<string>): BulkItem[] {
    const inChunk = new Set(items.map((i) => i.parsed.messageId));
    return items.filter(({ parsed }) => {
      const from = parsed.from?.address;
      return (
        // Bulk (automated or ambiguous) mail opens a flagged ticket: the per-mail path sets the flag.
        parsed.kind === 'normal' &&
        !!from &&
        !own.has(from) &&
        !parsed.ticketNumber &&
        !parsed.pec &&
        parsed.refusedAttachments.length === 0 &&
        !parsed.parseProblems.some((p) => p.startsWith(UNPARSEABLE_PROBLEM_PREFIX)) &&
        // A reply to another mail of the same chunk must wait for it: the per-mail path, in order.
        ![...parsed.inReplyTo, ...parsed.references].some((id) => inChunk.has(id))
      );
    });
  }

  /**
   * Opens the candidates that are new requests, and appends those that are plain replies to an
   * open ticket (`chunk`: every mail of the chunk, to leave to the per-mail path the replies to a
   * ticket that another mail of the chunk, going the per-mail way, may also touch).
   */
  async open(
    em: EntityManager,
    items: readonly BulkItem[],
    defaults: { enteId: string | null; categoryId: string | null; mailboxId: string | null },
    now: Date,
    outboxIds: string[],
    chunk: readonly BulkItem[] = items,
  ): Promise<BulkOpened[]> {
    const { fresh, replies } = await this.byThread(em, items, chunk, now);
    if (fresh.length === 0 && replies.length === 0) return [];
    const acks =
      fresh.length > 0
        ? await this.acknowledgementCounts(em, [...new Set(fresh.map((i) => i.parsed.from!.address))], now)
        : new Map<string, number>();
    const opening = this.route(fresh, acks, now);
    if (opening.length === 0 && replies.length === 0) return [];
    const senders = [...new Set(opening.map((o) => o.item.parsed.from!.address))];
    const domainEntes =
      senders.length > 0 ? await this.writer.entesByAddress(em, senders) : new Map<string, string>();
    const contacts =
      senders.length > 0
        ? await this.contacts(
            em,
            opening.map((o) => o.item),
            domainEntes,
            defaults.enteId,
          )
        : new Map<string, { id: string; enteId: string | null }>();
    const policy = opening.length > 0 ? await this.registry.activePolicy(em) : null;
    const enteCalendars = await this.enteCalendars(em, [
      ...new Set([...contacts.values()].map((c) => c.enteId)),
    ]);

    const tickets = opening.map(({ item, route }) => {
      const contact = contacts.get(item.parsed.from!.address)!;
      return {
        item,
        route,
        record: inboundRecord(item.raw, item.parsed, item.position?.mailboxId ?? defaults.mailboxId),
        id: randomUUID(),
        inboundId: randomUUID(),
        number: '',
        subject: ticketSubject(clean(item.parsed.subject)),
        body: inboundMessageBody(item.parsed),
        requesterId: contact.id,
        enteId: contact.enteId,
        categoryId: defaults.categoryId,
        clocks: [] as Clock[],
        nextDueAt: null as Date | null,
        routed: null as RoutingOutcome | null,
      };
    });
    // Routing rules in mail order, as the per-mail path meets them (round-robin turns included).
    for (const t of tickets) {
      t.routed = await this.writer.route(
        em,
        {
          channel: 'email',
          subject: t.subject,
          description: t.body,
          requesterId: t.requesterId,
          enteId: t.enteId,
          categoryId: t.categoryId,
          difficulty: null,
          malfunction: false,
          mailboxId: defaults.mailboxId,
          message: { payload: inboundMessagePayload(t.item.parsed, t.inboundId), body: t.body },
        },
        now,
      );
    }
    if (policy) {
      for (const t of tickets) {
        const enteCalendar = t.enteId ? (enteCalendars.get(t.enteId) ?? null) : null;
        const calendars = await this.registry.calendarsFor(policy.definition, enteCalendar, em);
        t.clocks = planClocks(
          policy,
          {
            channel: 'email',
            malfunction: false,
            difficulty: t.routed?.fields.difficulty ?? null,
            status: 'new',
            receivedAt: now,
            takenInChargeAt: null,
            firstAnsweredAt: null,
            interventionStartedAt: null,
            resolvedAt: null,
            enteCalendar,
          },
          [],
          now,
          (code) => calendars.get(code)!,
        ).changed;
        t.nextDueAt = nextDue(t.clocks);
      }
    }

    const opened = await this.writer.openMany(
      em,
      tickets.map((t): BulkTicket => ({
        id: t.id,
        channel: 'email',
        status: 'new',
        subject: t.subject,
        description: t.body,
        requesterId: t.requesterId,
        enteId: t.enteId,
        categoryId: t.categoryId,
        difficulty: null,
        malfunction: false,
        receivedAt: now,
        slaPolicyId: policy?.id ?? null,
        nextDueAt: t.nextDueAt,
        routed: t.routed,
        createdAt: now,
        updatedAt: now,
        events: (number) => [
          {
            type: 'created',
            occurredAt: now,
            payload: {
              channel: 'email',
              number,
              malfunction: false,
              enteId: t.enteId,
              requesterId: t.requesterId,
            },
            body: null,
          },
          {
            type: 'message',
            occurredAt: now,
            payload: { direction: 'in', via: 'email', ...inboundMessagePayload(t.item.parsed, t.inboundId) },
            body: t.body,
          },
        ],
      })),
      { recordedAt: now },
    );
    opened.forEach((o, i) => (tickets[i].number = o.number));
    await this.clocks.insertMany(
      em,
      tickets.flatMap((t) => t.clocks.map((c) => ({ ...c, ticketId: t.id }))),
      now,
    );
    await this.appendReplies(em, replies, now);
    // The chunk's mails, new requests and replies alike: one statement per table.
    const written = [
      ...tickets.map((t) => ({
        item: t.item,
        record: t.record,
        inboundId: t.inboundId,
        ticketId: t.id,
        outcome: 'ticket_created' as const,
        reason: t.route.reason,
      })),
      ...replies.map((r) => ({ ...r, outcome: 'reply_added' as const })),
    ];
    await this.inbound.insertMany(em, 'inbound_mail', written, [
      { name: 'id', type: 'uuid', value: (w) => w.inboundId },
      ...this.inboundColumns(),
      { name: 'outcome', type: 'text', value: (w) => w.outcome },
      { name: 'reason', type: 'text', value: (w) => w.reason },
      { name: 'ticket_id', type: 'uuid', value: (w) => w.ticketId },
      { name: 'processed_at', type: 'timestamptz', value: () => now },
    ]);
    const positioned = written.filter((w) => w.item.position);
    if (positioned.length > 0) {
      await this.inbound.insertMany(em, 'inbound_position', positioned, [
        { name: 'mailbox_id', type: 'uuid', value: (w) => w.item.position!.mailboxId },
        { name: 'uidvalidity', type: 'bigint', value: (w) => w.item.position!.uidValidity },
        { name: 'uid', type: 'bigint', value: (w) => w.item.position!.uid },
        { name: 'inbound_mail_id', type: 'uuid', value: (w) => w.inboundId },
      ]);
    }
    const attachments = written.flatMap((w) => w.item.parsed.attachments.map((a) => ({ ...a, w })));
    if (attachments.length > 0) {
      await this.attachments.insertManyFromMail(
        em,
        attachments.map(({ w, ...a }) => ({ ...a, ticketId: w.ticketId, inboundMailId: w.inboundId })),
      );
    }
    await this.inbound.insertMany(
      em,
      'mail_message_ref',
      written,
      [
        { name: 'message_id', type: 'text', value: (w) => w.item.parsed.messageId },
        { name: 'ticket_id', type: 'uuid', value: (w) => w.ticketId },
        { name: 'direction', type: 'text', value: () => 'in' },
      ],
      { ignoreConflicts: true },
    );

    // Acknowledgements as the router decided them.
    const acknowledged = new Set<string>();
    const ackMails = [];
    // The template is read once per language for the chunk, not once per acknowledgement.
    const ackTemplates = new Map<string, ReturnType<MailTemplateService['get']>>();
    const ackTemplate = (language: ParsedMail['language']) => {
      if (!ackTemplates.has(language))
        ackTemplates.set(language, this.templates.get('acknowledgement', language, em));
      return ackTemplates.get(language)!;
    };
    for (const t of tickets) {
      if (!t.route.acknowledge) continue;
      const parsed = t.item.parsed;
      const to = parsed.replyTo?.address ?? parsed.from!.address;
      acknowledged.add(t.id);
      const text = renderTemplate(await ackTemplate(parsed.language), {
        name: clean(parsed.from!.name || to),
        number: t.number,
        subject: t.subject,
        privacyUrl: privacyNoticeUrl(this.config, parsed.language),
        followUrl: this.followLinks.forMail(t.id, parsed.language),
      });
      ackMails.push({
        ticketId: t.id,
        to,
        subject: subjectWithTag(this.config.MAIL_SUBJECT_TAG, t.number, text.subject),
        text: text.body,
        inReplyTo: parsed.messageId,
        references: [...parsed.references, parsed.messageId].slice(-20),
      });
    }
    if (ackMails.length > 0) outboxIds.push(...(await this.outbox.addMany(em, 'ack', ackMails)));
    return written.map((w) => ({
      index: w.item.index,
      inboundId: w.inboundId,
      ticketId: w.ticketId,
      acknowledged: acknowledged.has(w.ticketId),
      outcome: w.outcome,
      reason: w.reason,
    }));
  }

  /**
   * What the per-mail path writes for a plain reply (TicketService.addInboundMessage without a
   * reopen or resume): the ticket's version bumped once per reply, and its message event.
   */
  private async appendReplies(em: EntityManager, replies: readonly PlainReply[], now: Date): Promise<void> {
    if (replies.length === 0) return;
    await this.writer.touchMany(
      em,
      replies.map((r) => r.ticketId),
    );
    await this.writer.appendMany(
      em,
      replies.map((r) => ({
        ticketId: r.ticketId,
        actorId: null,
        type: 'message',
        occurredAt: now,
        payload: { direction: 'in', via: 'email', ...inboundMessagePayload(r.item.parsed, r.inboundId) },
        body: inboundMessageBody(r.item.parsed),
      })) as unknown as TicketTimelineEvent[],
    );
  }

  /**
   * Routes each mail by the per-mail path's rules (routeInboundMail) in order, with the
   * per-sender hourly acknowledgement limit counted across the chunk; only the mails the router
   * opens a plain ticket for stay here, the rest go the per-mail way.
   */
  private route(
    items: readonly BulkItem[],
    acks: Map<string, number>,
    now: Date,
  ): { item: BulkItem; route: Extract<InboundRoute, { action: 'create' }> }[] {
    const opening = [];
    for (const item of items) {
      const sender = item.parsed.from!.address;
      const route = routeInboundMail(routableMail(item.parsed), {
        now,
        fromOwnAddress: false,
        thread: null,
        outbound: null,
        reopenWindowDays: this.config.MAIL_REOPEN_DAYS,
        acknowledgementsToSenderLastHour: acks.get(sender) ?? 0,
        acknowledgementLimitPerHour: this.config.MAIL_ACK_LIMIT_PER_HOUR,
      });
      if (route.action !== 'create' || route.needsReview || route.relatedTicketId) continue;
      if (route.acknowledge) acks.set(sender, (acks.get(sender) ?? 0) + 1);
      opening.push({ item, route });
    }
    return opening;
  }

  /**
   * Sorts the candidates by what their references find: no known ticket (a new request), or an
   * open ticket the router appends to without reopening or resuming it (a plain reply). Mails
   * ingested before, replies to a merged ticket, and replies to a ticket another mail of the chunk
   * may touch on the per-mail path (its references or number name the ticket, or it is a receipt
   * or bounce, whose ticket is only known later) are left to the per-mail path, in order.
   */
  private async byThread(
    em: EntityManager,
    items: readonly BulkItem[],
    chunk: readonly BulkItem[],
    now: Date,
  ): Promise<{ fresh: BulkItem[]; replies: PlainReply[] }> {
    const refsOf = (item: BulkItem) => [...item.parsed.inReplyTo, ...item.parsed.references];
    const threads = await this.inbound.threadsByMessageIds(em, [...new Set(chunk.flatMap(refsOf))]);
    const keys = items.map((i) => dedupKey(i.raw, i.parsed.messageId));
    const seen = await this.inbound.storedDedupKeys(em, keys);
    const fresh: BulkItem[] = [];
    const replies: PlainReply[] = [];
    for (const [i, item] of items.entries()) {
      if (seen.has(keys[i])) continue;
      seen.add(keys[i]);
      const refs = refsOf(item);
      if (!refs.some((id) => threads.has(id))) {
        fresh.push(item);
        continue;
      }
      const thread = newestThread(refs, threads);
      if (!thread || thread.mergedIntoId) continue;
      const route = routeInboundMail(routableMail(item.parsed), {
        now,
        fromOwnAddress: false,
        thread,
        outbound: null,
        reopenWindowDays: this.config.MAIL_REOPEN_DAYS,
        acknowledgementsToSenderLastHour: 0,
        acknowledgementLimitPerHour: this.config.MAIL_ACK_LIMIT_PER_HOUR,
      });
      if (route.action !== 'append' || route.reopen || route.resume) continue;
      replies.push({
        item,
        ticketId: thread.id,
        reason: route.reason,
        inboundId: randomUUID(),
        record: inboundRecord(item.raw, item.parsed, item.position?.mailboxId ?? null),
      });
    }
    if (replies.length === 0) return { fresh, replies };
    const taken = new Set([...fresh, ...replies.map((r) => r.item)]);
    const others = chunk.filter((item) => !taken.has(item));
    if (others.some((item) => item.parsed.pec || item.parsed.bounce)) return { fresh, replies: [] };
    const touched = new Set<string>();
    for (const item of others) {
      for (const id of refsOf(item)) {
        const t = threads.get(id);
        if (t) touched.add(t.id);
      }
      if (item.parsed.ticketNumber) {
        const numbered = [...threads.values()].find((t) => t.mail.number === item.parsed.ticketNumber);
        // A ticket the lookup did not read may be any of the replies': leave them all then.
        if (!numbered) return { fresh, replies: [] };
        touched.add(numbered.id);
      }
    }
    return { fresh, replies: replies.filter((r) => !touched.has(r.ticketId)) };
  }

  private async acknowledgementCounts(
    em: EntityManager,
    senders: string[],
    now: Date,
  ): Promise<Map<string, number>> {
    return this.inbound.acknowledgementCounts(em, senders, new Date(now.getTime() - 3_600_000));
  }

  /** Finds or creates every sender's contact in two statements (concurrent mails of a new sender are safe). */
  private async contacts(
    em: EntityManager,
    items: readonly BulkItem[],
    domainEntes: Map<string, string>,
    defaultEnte: string | null,
  ): Promise<Map<string, { id: string; enteId: string | null }>> {
    const bySender = new Map<string, BulkItem>();
    for (const item of items)
      if (!bySender.has(item.parsed.from!.address)) bySender.set(item.parsed.from!.address, item);
    const found = await this.writer.contactsByEmail(
      em,
      [...bySender.entries()].map(([address, item]) => ({
        address,
        name: clean(item.parsed.from!.name || address.split('@')[0]).slice(0, 200),
        enteId: domainEntes.get(address) ?? defaultEnte,
      })),
    );
    // As in the per-mail path: the contact's own ente, else the domain's, else the mailbox's.
    return new Map(
      [...found].map(([email, c]) => [
        email,
        { id: c.id, enteId: c.enteId ?? domainEntes.get(email) ?? defaultEnte },
      ]),
    );
  }

  private async enteCalendars(
    em: EntityManager,
    enteIds: (string | null)[],
  ): Promise<Map<string, string | null>> {
    const ids = enteIds.filter((e): e is string => !!e);
    return this.inbound.enteCalendars(em, ids);
  }

  private inboundColumns() {
    type T = { item: BulkItem; record: ReturnType<typeof inboundRecord> };
    return [
      { name: 'message_id', type: 'text', value: (t: T) => t.record.messageId },
      { name: 'dedup_key', type: 'text', value: (t: T) => t.record.dedupKey },
      { name: 'mailbox_id', type: 'uuid', value: (t: T) => t.record.mailboxId },
      { name: 'raw', type: 'bytea', value: (t: T) => t.item.raw },
      { name: 'raw_sha256', type: 'text', value: (t: T) => t.record.rawSha256 },
      { name: 'size', type: 'integer', value: (t: T) => t.item.raw.length },
      { name: 'from_address', type: 'text', value: (t: T) => t.record.fromAddress },
      { name: 'subject', type: 'text', value: (t: T) => t.record.subject.slice(0, 1000) },
      { name: 'kind', type: 'text', value: (t: T) => t.record.kind },
      { name: 'parse_problems', type: 'jsonb', value: (t: T) => t.record.parseProblems },
    ];
  }
}
