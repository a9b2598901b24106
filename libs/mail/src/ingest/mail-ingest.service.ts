import { inSpan } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { attemptUnderSavepoint } from '@app/database';
import { AttachmentRepository, TicketService, TicketWriter } from '@app/tickets';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { FollowLinks } from '../outbox/follow-links.service';
import { addressOf, subjectWithTag } from '../outbox/mail-address.util';
import { MailTemplateService } from '../outbox/mail-template.service';
import { renderTemplate } from '../outbox/mail-templates';
import { OutboxService } from '../outbox/outbox.service';
import { privacyNoticeUrl } from '../outbox/public-links.util';
import { ParsedMail, parseInboundMail } from '../parsing';
import { BulkItem, BulkTicketIngest } from './bulk-ticket-ingest';
import { InboundMailRepository, MailPosition } from './inbound-mail.repository';
import {
  clean,
  dedupKey,
  inboundMessageBody,
  inboundMessagePayload,
  inboundRecord,
} from './inbound-message.util';
import { InboundRoute, routableMail, routeInboundMail } from './inbound-route.util';
import { MONITORING_MAIL_SINK, MonitoringMailSink } from './monitoring-mail.sink';

export type IngestOutcome =
  | 'ticket_created'
  | 'reply_added'
  | 'ignored'
  | 'receipt'
  | 'bounce'
  | 'quarantined'
  | 'duplicate'
  | 'monitoring';

export interface IngestResult {
  outcome: IngestOutcome;
  inboundId: string | null;
  ticketId: string | null;
  reason: string;
  kind: string;
  subject: string;
  from: string | null;
  attachments: number;
  refusedAttachments: number;
  acknowledged: boolean;
  flags: string[];
}

/** A mail as fetched from its mailbox. */
export interface FetchedMail {
  raw: Buffer;
  position?: Omit<MailPosition, 'mailboxId'>;
}

/** A fetched chunk, parsed and not yet written. */
export interface ParsedBatch {
  mailboxId: string | null;
  items: { raw: Buffer; position: MailPosition | null; parsed: ParsedMail }[];
}

export interface MailSource {
  mailboxId: string | null;
  position?: Omit<MailPosition, 'mailboxId'>;
}

type ThreadTicket = NonNullable<Awaited<ReturnType<InboundMailRepository['ticketByMessageIds']>>>;

/** What every mail of a fetched chunk shares: looked up once per chunk. */
interface BatchContext {
  own: ReadonlySet<string>;
  defaults: { enteId: string | null; categoryId: string | null; monitoring: boolean };
  /** The mailbox the chunk was fetched from (routing rules may name it). */
  mailboxId: string | null;
}

/**
 * Turns one raw mail into exactly one outcome: a ticket, a message on a ticket, a receipt or
 * bounce on the mail it concerns, or a recorded refusal. The raw mail, the outcome, the IMAP
 * position, the ticket changes and any acknowledgement are one transaction, so a crash at any
 * point leaves either all of it or none of it, and the next run finds the position or the
 * Message-ID and does not ingest it twice.
 */
@Injectable()
export class MailIngestService {
  private readonly logger = new Logger('MailIngest');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: InboundMailRepository,
    private readonly tickets: TicketService,
    private readonly writer: TicketWriter,
    private readonly outbox: OutboxService,
    private readonly templates: MailTemplateService,
    private readonly bulk: BulkTicketIngest,
    private readonly attachments: AttachmentRepository,
    private readonly followLinks: FollowLinks,
    @Optional() @Inject(MONITORING_MAIL_SINK) private readonly monitoring?: MonitoringMailSink,
  ) {}

  /** Ingests one mail (the CLI, tests); the watcher uses ingestBatch. */
  async ingest(
    raw: Buffer,
    source: MailSource = { mailboxId: null },
    now = new Date(),
  ): Promise<IngestResult> {
    const [result] = await this.ingestBatch([{ raw, position: source.position }], source.mailboxId, now);
    return result;
  }

  /**
   * Ingests mails of one mailbox in one transaction, each inside its own savepoint: a mail that
   * fails is rolled back alone and quarantined with the reason, the others commit together (one
   * commit for the batch is what makes ingestion fast). Positions already recorded are skipped.
   */
  async ingestBatch(
    items: readonly FetchedMail[],
    mailboxId: string | null,
    now = new Date(),
  ): Promise<IngestResult[]> {
    return this.ingestParsed(await this.parseBatch(items, mailboxId), now);
  }

  /**
   * The first half of ingestBatch, which touches no database: the watcher parses the next chunk
   * while the current one is being written.
   */
  async parseBatch(items: readonly FetchedMail[], mailboxId: string | null): Promise<ParsedBatch> {
    const options = this.parseOptions();
    return inSpan('mail.parse', { 'mail.count': items.length }, async () => ({
      mailboxId,
      items: await Promise.all(
        items.map(async (item) => ({
          raw: item.raw,
          position: mailboxId && item.position ? { mailboxId, ...item.position } : null,
          parsed: await parseInboundMail(item.raw, options),
        })),
      ),
    }));
  }

  /** The second half of ingestBatch: the chunk's one transaction. */
  ingestParsed(batch: ParsedBatch, now = new Date()): Promise<IngestResult[]> {
    return inSpan('mail.ingest', { 'mail.count': batch.items.length }, async (span) => {
      const results = await this.ingestBatchOnce(batch.items, batch.mailboxId, now);
      const outcomes: Record<string, number> = {};
      for (const r of results)
        outcomes[`mail.outcome.${r.outcome}`] = (outcomes[`mail.outcome.${r.outcome}`] ?? 0) + 1;
      span.setAttributes(outcomes);
      return results;
    });
  }

  private async ingestBatchOnce(
    parsedItems: ParsedBatch['items'],
    mailboxId: string | null,
    now: Date,
  ): Promise<IngestResult[]> {
    const outboxIds: string[] = [];
    const results = await this.dataSource.transaction(async (em) => {
      const batch: BatchContext = {
        own: new Set([addressOf(this.config.MAIL_FROM), ...(await this.repo.ownAddresses(em))]),
        defaults: await this.repo.mailboxDefaults(em, mailboxId),
        mailboxId,
      };
      const known = await this.knownPositions(
        em,
        parsedItems.map((p) => p.position),
      );
      const isKnown = (item: (typeof parsedItems)[number]) =>
        !!item.position && known.has(`${item.position.uidValidity}:${item.position.uid}`);
      const opened = await this.openInBulk(
        em,
        // A monitoring mailbox opens no mail tickets: each mail goes the per-mail way.
        batch.defaults.monitoring
          ? []
          : parsedItems.map((item, index) => ({ index, ...item })).filter((item) => !isKnown(item)),
        batch,
        now,
        outboxIds,
      );
      const out: IngestResult[] = [];
      for (const [i, item] of parsedItems.entries()) {
        if (isKnown(item)) {
          out.push(this.duplicate(null, 'posizione IMAP già acquisita / IMAP position already ingested'));
          continue;
        }
        const bulk = opened.get(i);
        if (bulk) {
          out.push(bulk);
          continue;
        }
        const pending: string[] = [];
        const attempt = await attemptUnderSavepoint(em, `mail_${i}`, () =>
          this.processIn(em, item.raw, item.parsed, mailboxId, item.position, now, null, batch, pending),
        );
        if (attempt.ok) {
          out.push(attempt.value);
          outboxIds.push(...pending);
        } else {
          // Whatever went wrong, the mail is kept and listed with the reason, never dropped.
          const error = attempt.error;
          const reason = `errore di elaborazione / processing error: ${error instanceof Error ? error.message : String(error)}`;
          this.logger.error(`Mail ${item.parsed.messageId} quarantined: ${reason}`);
          out.push(await this.quarantineIn(em, item.raw, item.parsed, mailboxId, item.position, reason));
        }
      }
      return out;
    });
    await this.outbox.dispatch(outboxIds);
    return results;
  }

  /**
   * The fast path for the mails of the chunk that simply open a ticket, under a savepoint: if it
   * fails for any reason, it is rolled back and those mails go the per-mail way like the others.
   */
  private openInBulk(
    ...args: Parameters<MailIngestService['openInBulkOnce']>
  ): Promise<Map<number, IngestResult>> {
    return inSpan('mail.open_tickets', { 'mail.count': args[1].length }, async (span) => {
      const opened = await this.openInBulkOnce(...args);
      span.setAttribute('helpdesk.tickets_opened', opened.size);
      return opened;
    });
  }

  private async openInBulkOnce(
    em: EntityManager,
    items: BulkItem[],
    batch: BatchContext,
    now: Date,
    outboxIds: string[],
  ): Promise<Map<number, IngestResult>> {
    const results = new Map<number, IngestResult>();
    const candidates = this.bulk.candidates(items, batch.own);
    if (candidates.length < 2) return results;
    const queued: string[] = [];
    const attempt = await attemptUnderSavepoint(em, 'bulk_open', () =>
      this.bulk.open(em, candidates, { ...batch.defaults, mailboxId: batch.mailboxId }, now, queued, items),
    );
    if (!attempt.ok) {
      const error = attempt.error;
      this.logger.warn(
        `Bulk ingestion fell back to one mail at a time: ${error instanceof Error ? error.message : error}`,
      );
      return results;
    }
    for (const o of attempt.value) {
      const parsed = items.find((i) => i.index === o.index)!.parsed;
      const summary = this.summary(parsed, o.inboundId);
      results.set(o.index, {
        ...summary,
        flags: [...summary.flags, 'bulk'],
        outcome: o.outcome,
        ticketId: o.ticketId,
        reason: o.reason,
        acknowledged: o.acknowledged,
      });
    }
    outboxIds.push(...queued);
    return results;
  }

  /** Runs a quarantined or ignored mail through the pipeline again (an admin fixed the cause). */
  async reprocess(inboundId: string, now = new Date()): Promise<IngestResult> {
    const row = await this.repo.loadInbound(this.dataSource.manager, inboundId);
    if (!row) throw new Error(`inbound mail ${inboundId} not found`);
    const parsed = await parseInboundMail(row.raw, this.parseOptions());
    const outboxIds: string[] = [];
    const result = await this.dataSource.transaction(async (em) => {
      await this.repo.countReprocessing(em, inboundId);
      const batch: BatchContext = {
        own: new Set([addressOf(this.config.MAIL_FROM), ...(await this.repo.ownAddresses(em))]),
        defaults: await this.repo.mailboxDefaults(em, row.mailbox_id),
        mailboxId: row.mailbox_id,
      };
      return this.processIn(em, row.raw, parsed, row.mailbox_id, null, now, inboundId, batch, outboxIds);
    });
    await this.outbox.dispatch(outboxIds);
    return result;
  }

  private parseOptions() {
    return {
      maxAttachmentBytes: this.config.MAIL_MAX_ATTACHMENT_MB * 1024 * 1024,
      ownAddresses: [addressOf(this.config.MAIL_FROM)],
    };
  }

  /** One mail the per-mail way (a reply, a bounce, a mail the fast path did not take). */
  private processIn(...args: Parameters<MailIngestService['processInOnce']>): Promise<IngestResult> {
    return inSpan('mail.process', {}, async (span) => {
      const result = await this.processInOnce(...args);
      span.setAttributes({
        'mail.outcome': result.outcome,
        ...(result.ticketId ? { 'helpdesk.ticket_id': result.ticketId } : {}),
      });
      return result;
    });
  }

  private async processInOnce(
    em: EntityManager,
    raw: Buffer,
    parsed: ParsedMail,
    mailboxId: string | null,
    position: MailPosition | null,
    now: Date,
    existingInboundId: string | null,
    batch: BatchContext,
    outboxIds: string[],
  ): Promise<IngestResult> {
    let inboundId = existingInboundId;
    if (!inboundId) {
      inboundId = await this.repo.insertInbound(
        em,
        inboundRecord(raw, parsed, mailboxId),
        'quarantined',
        null,
      );
      if (!inboundId) {
        const existing = await this.repo.findInboundByDedupKey(em, dedupKey(raw, parsed.messageId));
        if (position && existing) await this.repo.recordPosition(em, position, existing);
        return this.duplicate(
          existing,
          'mail già acquisita (stesso Message-ID e testo) / mail already ingested (same Message-ID and body)',
        );
      }
    }
    if (batch.defaults.monitoring) return this.monitoringMail(em, parsed, inboundId, position, now);
    const { route, thread } = await this.route(em, parsed, now, batch.own);
    const done = await this.apply(em, route, thread, parsed, inboundId, batch, now, outboxIds);
    await this.repo.recordOutcome(
      em,
      inboundId,
      done.outcome,
      route.reason,
      done.ticketId,
      parsed.kind,
      position,
    );
    return done;
  }

  /**
   * A mail of a monitoring mailbox: a Nagios notification becomes the webhook's event (and, for a
   * HARD problem, its monitoring ticket); anything else is kept as ignored with the reason. Never
   * a mail ticket, never an acknowledgement.
   */
  private async monitoringMail(
    em: EntityManager,
    parsed: ParsedMail,
    inboundId: string,
    position: MailPosition | null,
    now: Date,
  ): Promise<IngestResult> {
    if (!this.monitoring) throw new Error('monitoring mailbox without the monitoring module');
    const result = await this.monitoring.record(em, { text: parsed.text, date: parsed.date }, now);
    const outcome = result.notification ? 'monitoring' : 'ignored';
    await this.repo.recordOutcome(
      em,
      inboundId,
      outcome,
      result.reason,
      result.ticketId,
      parsed.kind,
      position,
    );
    return { ...this.summary(parsed, inboundId), outcome, reason: result.reason, ticketId: result.ticketId };
  }

  /**
   * The route, and the ticket the mail threads to as read for it (its number and subject for the
   * mail the ticket sends, without reading the ticket again). The sender's acknowledgements of
   * the last hour only matter to a mail that opens a ticket: counted only then.
   */
  private async route(
    em: EntityManager,
    parsed: ParsedMail,
    now: Date,
    own: ReadonlySet<string>,
  ): Promise<{ route: InboundRoute; thread: ThreadTicket | null }> {
    const from = parsed.from?.address ?? null;
    const byNumber = parsed.ticketNumber ? await this.repo.ticketByNumber(em, parsed.ticketNumber) : null;
    const thread =
      byNumber ??
      (await this.repo.ticketByMessageIds(em, [...parsed.inReplyTo, ...[...parsed.references].reverse()]));
    const refersTo =
      parsed.pec?.kind === 'receipt'
        ? parsed.pec.refersToMessageId
        : (parsed.bounce?.originalMessageId ?? null);
    const outbound = await this.repo.outboundByMessageId(em, refersTo);
    const routeWith = (acknowledgementsToSenderLastHour: number) =>
      routeInboundMail(routableMail(parsed), {
        now,
        fromOwnAddress: parsed.kind === 'own_address' || (!!from && own.has(from)),
        thread,
        outbound,
        reopenWindowDays: this.config.MAIL_REOPEN_DAYS,
        acknowledgementsToSenderLastHour,
        acknowledgementLimitPerHour: this.config.MAIL_ACK_LIMIT_PER_HOUR,
      });
    const unlimited = routeWith(0);
    if (unlimited.action !== 'create' || !unlimited.acknowledge || !from) return { route: unlimited, thread };
    const acks = await this.repo.acknowledgementsSince(em, from, new Date(now.getTime() - 3_600_000));
    return { route: routeWith(acks), thread };
  }

  private async apply(
    em: EntityManager,
    route: InboundRoute,
    thread: ThreadTicket | null,
    parsed: ParsedMail,
    inboundId: string,
    batch: BatchContext,
    now: Date,
    outboxIds: string[],
  ): Promise<IngestResult> {
    const base = this.summary(parsed, inboundId);
    switch (route.action) {
      case 'ignore':
        return { ...base, outcome: 'ignored', reason: route.reason };

      case 'receipt':
      case 'bounce': {
        const failed = route.action === 'bounce' ? route.permanent : route.error;
        if (route.outboundId) {
          await this.repo.markOutboundDelivery(
            em,
            route.outboundId,
            { type: route.action, kind: parsed.kind, at: now.toISOString(), inboundId, failed },
            failed,
            route.reason,
          );
        }
        if (route.ticketId) {
          await this.writer.append(em, route.ticketId, null, [
            {
              type: route.action === 'bounce' ? 'mail_bounced' : 'mail_receipt',
              occurredAt: new Date(),
              payload: {
                inboundId,
                outboundId: route.outboundId,
                kind: parsed.kind,
                failed,
                subject: clean(parsed.subject),
              },
              body: clean(parsed.text).slice(0, 20_000),
            },
          ]);
        }
        return { ...base, outcome: route.action, ticketId: route.ticketId, reason: route.reason };
      }

      case 'append': {
        await this.tickets.addInboundMessage(
          em,
          route.ticketId,
          {
            occurredAt: now,
            via: 'email',
            payload: inboundMessagePayload(parsed, inboundId),
            body: inboundMessageBody(parsed),
          },
          { reopen: route.reopen, resume: route.resume },
          now,
        );
        await this.afterTicketMail(
          em,
          parsed,
          thread?.id === route.ticketId ? thread.mail : await this.repo.ticketMailContext(em, route.ticketId),
          inboundId,
          outboxIds,
          false,
        );
        return { ...base, outcome: 'reply_added', ticketId: route.ticketId, reason: route.reason };
      }

      case 'create': {
        const defaults = batch.defaults;
        let requester: { id: string; name: string; enteId: string | null } | null = null;
        let enteId: string | null = null;
        if (parsed.from) {
          const domainEnte = await this.writer.enteByDomain(em, parsed.from.address.split('@')[1] ?? '');
          const name = clean(parsed.from.name || parsed.from.address.split('@')[0]).slice(0, 200);
          requester = await this.writer.contactByEmail(
            em,
            parsed.from.address,
            name,
            domainEnte ?? defaults.enteId,
          );
          enteId = requester.enteId ?? domainEnte ?? defaults.enteId;
        } else {
          enteId = defaults.enteId;
        }
        const ticket = await this.tickets.openTicket(
          em,
          {
            channel: 'email',
            subject: clean(parsed.subject),
            description: inboundMessageBody(parsed),
            requesterId: requester?.id ?? null,
            enteId,
            categoryId: defaults.categoryId,
            difficulty: null,
            malfunction: false,
            receivedAt: now,
            message: { payload: inboundMessagePayload(parsed, inboundId), body: inboundMessageBody(parsed) },
            needsReview: route.needsReview,
            relatedTicketId: route.relatedTicketId,
            mailboxId: batch.mailboxId,
          },
          null,
          now,
        );
        await this.afterTicketMail(
          em,
          parsed,
          { id: ticket.id, number: ticket.number, subject: ticket.subject },
          inboundId,
          outboxIds,
          route.acknowledge,
        );
        return {
          ...base,
          outcome: 'ticket_created',
          ticketId: ticket.id,
          reason: route.reason,
          acknowledged: route.acknowledge,
        };
      }
    }
  }

  /** Attachments, the Message-ID for threading, refused attachments told, the acknowledgement. */
  private async afterTicketMail(
    em: EntityManager,
    parsed: ParsedMail,
    ticket: { id: string; number: string; subject: string },
    inboundId: string,
    outboxIds: string[],
    acknowledge: boolean,
  ): Promise<void> {
    const ticketId = ticket.id;
    await this.attachments.insertManyFromMail(
      em,
      parsed.attachments.map((a) => ({ ...a, ticketId, inboundMailId: inboundId })),
    );
    await this.repo.rememberMessageId(em, parsed.messageId, ticketId);
    const to = parsed.replyTo?.address ?? parsed.from?.address;
    const name = clean(parsed.from?.name || to || '');
    const threading = {
      inReplyTo: parsed.messageId,
      references: [...parsed.references, parsed.messageId].slice(-20),
    };
    if (parsed.refusedAttachments.length > 0) {
      await this.writer.append(em, ticketId, null, [
        {
          type: 'attachment_refused',
          occurredAt: new Date(),
          payload: { inboundId, refused: parsed.refusedAttachments },
        },
      ]);
      if (to && parsed.sendAcknowledgement) {
        const text = renderTemplate(await this.templates.get('attachment_refused', parsed.language, em), {
          name,
          number: ticket.number,
          subject: ticket.subject,
          attachments: parsed.refusedAttachments.map((a) => `- ${a.filename} (${a.reason})`).join('\n'),
        });
        const mail = await this.outbox.add(em, {
          ticketId,
          kind: 'attachment_refused',
          to: [to],
          subject: subjectWithTag(this.config.MAIL_SUBJECT_TAG, ticket.number, text.subject),
          text: text.body,
          ...threading,
        });
        outboxIds.push(mail.id);
      }
    }
    if (acknowledge && to) {
      const text = renderTemplate(await this.templates.get('acknowledgement', parsed.language, em), {
        name,
        number: ticket.number,
        subject: ticket.subject,
        privacyUrl: privacyNoticeUrl(this.config, parsed.language),
        followUrl: this.followLinks.forMail(ticketId, parsed.language),
      });
      const mail = await this.outbox.add(em, {
        ticketId,
        kind: 'ack',
        to: [to],
        subject: subjectWithTag(this.config.MAIL_SUBJECT_TAG, ticket.number, text.subject),
        text: text.body,
        ...threading,
      });
      outboxIds.push(mail.id);
    }
  }

  private summary(parsed: ParsedMail, inboundId: string): IngestResult {
    const flags = [
      parsed.kind !== 'normal' ? parsed.kind : null,
      parsed.pec ? `pec_${parsed.pec.kind}` : null,
    ].filter((f): f is string => !!f);
    return {
      outcome: 'ignored',
      inboundId,
      ticketId: null,
      reason: '',
      kind: parsed.kind,
      subject: parsed.subject,
      from: parsed.from?.address ?? null,
      attachments: parsed.attachments.length,
      refusedAttachments: parsed.refusedAttachments.length,
      acknowledged: false,
      flags,
    };
  }

  private duplicate(inboundId: string | null, reason: string): IngestResult {
    return {
      outcome: 'duplicate',
      inboundId,
      ticketId: null,
      reason,
      kind: 'normal',
      subject: '',
      from: null,
      attachments: 0,
      refusedAttachments: 0,
      acknowledged: false,
      flags: [],
    };
  }

  private async quarantineIn(
    em: EntityManager,
    raw: Buffer,
    parsed: ParsedMail,
    mailboxId: string | null,
    position: MailPosition | null,
    reason: string,
  ): Promise<IngestResult> {
    const id =
      (await this.repo.insertInbound(em, inboundRecord(raw, parsed, mailboxId), 'quarantined', reason)) ??
      (await this.repo.findInboundByDedupKey(em, dedupKey(raw, parsed.messageId)));
    if (id && position) await this.repo.recordPosition(em, position, id);
    return { ...this.summary(parsed, id ?? ''), outcome: 'quarantined', reason };
  }

  private async knownPositions(em: EntityManager, positions: (MailPosition | null)[]): Promise<Set<string>> {
    const first = positions.find((p): p is MailPosition => !!p);
    if (!first) return new Set();
    const same = positions.filter(
      (p): p is MailPosition => !!p && p.mailboxId === first.mailboxId && p.uidValidity === first.uidValidity,
    );
    const known = await this.repo.knownPositions(
      em,
      first.mailboxId,
      first.uidValidity,
      same.map((p) => p.uid),
    );
    return new Set([...known].map((uid) => `${first.uidValidity}:${uid}`));
  }
}
