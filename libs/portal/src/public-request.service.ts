import { createHash, randomBytes } from 'node:crypto';

import { APP_CONFIG, AppConfig } from '@app/config';
import {
  FollowLinks,
  formatByteLimit,
  MailTemplateService,
  normaliseContentType,
  OutboxService,
  privacyNoticeUrl,
  publicBaseUrl,
  renderTemplate,
  sanitiseFilename,
  subjectWithTag,
} from '@app/mail';
import { AttachmentRepository, TicketService, TicketWriter } from '@app/tickets';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { formTokenIssuedAt, formTokenSecret, issueFormToken } from './form-token';
import type { UploadedFile } from './multipart-form';
import { PublicCounters } from './public-counters';
import type { RefusalReason } from './public-pages';
import { PublicRequestRepository } from './public-request.repository';
import { checkRequest, FieldProblem, PublicLanguage, PublicRequestFields } from './public-request-form';

/** How long a served form may take to come back. */
const FORM_MAX_AGE_MS = 24 * 3_600_000;

export type SubmitOutcome =
  | { kind: 'form'; problems: FieldProblem[]; expired: boolean }
  | { kind: 'refused'; reason: RefusalReason; retryAfterSeconds?: number }
  | { kind: 'sent'; email: string; hours: number };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * The citizens' public request form (issue 20.1). A request is held until its sender confirms the
 * e-mail address by the link mailed to it, and only then becomes a `web` ticket, with the clocks
 * starting at the confirmation and the same acknowledgement an e-mail gets. Why confirm first: a
 * ticket, its clocks and its mails would otherwise go to whatever address anyone typed (another
 * person's, or a bot's list), and agents would answer requests nobody stands behind.
 */
@Injectable()
export class PublicRequestService {
  private readonly log = new Logger('PublicRequests');
  /** Signs served forms; from SECRETS_KEY so every replica agrees, else this process's own. */
  private readonly secret: Buffer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: PublicRequestRepository,
    private readonly tickets: TicketService,
    private readonly writer: TicketWriter,
    private readonly attachments: AttachmentRepository,
    private readonly outbox: OutboxService,
    private readonly templates: MailTemplateService,
    private readonly followLinks: FollowLinks,
    private readonly counters: PublicCounters,
  ) {
    this.secret = config.SECRETS_KEY ? formTokenSecret(config.SECRETS_KEY) : randomBytes(32);
  }

  formToken(now = new Date()): string {
    return issueFormToken(this.secret, now);
  }

  choices() {
    return this.repo.choices();
  }

  get limits() {
    const maxFileBytes = this.config.MAIL_MAX_ATTACHMENT_MB * 1024 * 1024;
    const maxFiles = this.config.PUBLIC_FORM_MAX_FILES;
    return {
      maxFiles,
      maxFileBytes,
      maxFileMb: this.config.MAIL_MAX_ATTACHMENT_MB,
      maxBodyBytes: maxFiles * maxFileBytes + 256 * 1024,
    };
  }

  /**
   * A sent form: the robot and timing checks, the fields, the limits per connection, per address
   * and for everyone at once; then the request is stored and the confirmation mailed. A refused
   * submission leaves nothing but the counters (hashed keys).
   */
  async submit(
    fields: PublicRequestFields,
    files: readonly UploadedFile[],
    fileProblems: readonly FieldProblem[],
    clientAddress: string,
    language: PublicLanguage,
    now = new Date(),
  ): Promise<SubmitOutcome> {
    if (fields.website.trim()) {
      await this.counters.bump('robot', clientAddress, now, 3_600_000);
      return { kind: 'refused', reason: 'robot' };
    }
    const issued = formTokenIssuedAt(this.secret, fields.formToken, now);
    const age = issued ? now.getTime() - issued.getTime() : -1;
    const { entes, categories } = await this.repo.choices();
    const enteKeys = new Map<string, string>();
    for (const e of entes) {
      enteKeys.set(e.id, e.id);
      enteKeys.set(e.code.toUpperCase(), e.id);
    }
    const checked = checkRequest(fields, enteKeys, new Set(categories.map((c) => c.id)));
    const stored = files.map((f, i) => {
      const contentType = normaliseContentType(f.contentType);
      return {
        filename: sanitiseFilename(f.filename, contentType, i + 1),
        contentType,
        sha256: createHash('sha256').update(f.content).digest('hex'),
        content: f.content,
      };
    });
    const problems = [
      ...checked.problems,
      ...fileProblems.map((p) =>
        p.code === 'fileTooLarge'
          ? { ...p, params: { ...p.params, limit: formatByteLimit(this.limits.maxFileBytes) } }
          : p,
      ),
    ];
    // Too old, forged, or sent faster than a person fills it in: shown again, nothing lost.
    const tooFast = age < this.config.PUBLIC_FORM_MIN_FILL_SECONDS * 1000;
    if (!issued || age > FORM_MAX_AGE_MS || tooFast) return { kind: 'form', problems, expired: true };
    if (problems.length || !checked.request) return { kind: 'form', problems, expired: false };
    const request = checked.request;

    const perAddress = await this.counters.bump('address', clientAddress, now, 3_600_000);
    if (perAddress > this.config.PUBLIC_FORM_PER_ADDRESS_PER_HOUR)
      return { kind: 'refused', reason: 'perAddress' };
    const perEmail = await this.counters.bump('email', request.email, now, 24 * 3_600_000);
    if (perEmail > this.config.PUBLIC_FORM_PER_EMAIL_PER_DAY) return { kind: 'refused', reason: 'perEmail' };
    const everyone = await this.counters.bump('all', '*', now, 60_000);
    if (everyone > this.config.PUBLIC_FORM_BURST_PER_MINUTE) {
      const retryAfterSeconds = 60 - Math.floor((now.getTime() % 60_000) / 1000);
      return { kind: 'refused', reason: 'burst', retryAfterSeconds };
    }

    const token = randomBytes(32).toString('base64url');
    const hours = this.config.PUBLIC_FORM_CONFIRM_HOURS;
    const mailId = await this.repo.transaction(async (em) => {
      const id = await this.repo.insert(em, {
        ...request,
        tokenHash: sha256(token),
        language,
        submittedAt: now,
        expiresAt: new Date(now.getTime() + hours * 3_600_000),
      });
      await this.repo.insertFiles(em, id, stored);
      const text = renderTemplate(await this.templates.get('request_confirmation', language, em), {
        name: request.name,
        subject: request.subject,
        hours: String(hours),
        confirmUrl: `${publicBaseUrl(this.config)}/richiesta/conferma?t=${token}${language === 'en' ? '&lang=en' : ''}`,
        privacyUrl: privacyNoticeUrl(this.config, language),
      });
      const mail = await this.outbox.add(em, {
        ticketId: null,
        kind: 'confirmation',
        to: [request.email],
        subject: text.subject,
        text: text.body,
      });
      return mail.id;
    });
    await this.outbox.dispatch([mailId]);
    await this.counters.prune(now);
    return { kind: 'sent', email: request.email, hours };
  }

  /** What the confirmation page shows before the button: the subject, or null for a bad link. */
  async pending(
    token: string,
    now = new Date(),
  ): Promise<{ subject: string; ticketNumber: string | null } | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    return this.repo.transaction(async (em) => {
      const row = await this.repo.byTokenHash(em, sha256(token), false);
      if (!row) return null;
      if (row.ticketId)
        return { subject: row.subject, ticketNumber: await this.repo.ticketNumber(row.ticketId, em) };
      return row.expiresAt < now ? null : { subject: row.subject, ticketNumber: null };
    });
  }

  /**
   * The sender confirmed: the ticket opens (once: a second confirmation shows the same number),
   * with the files, and the acknowledgement goes out. Null for an unknown or expired link.
   */
  async confirm(token: string, now = new Date()): Promise<{ number: string } | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const result = await this.repo.transaction(async (em) => {
      const row = await this.repo.byTokenHash(em, sha256(token), true);
      if (!row) return null;
      if (row.ticketId)
        return { number: (await this.repo.ticketNumber(row.ticketId, em))!, mailIds: [] as string[] };
      if (row.expiresAt < now) return null;
      const contacts = await this.writer.contactsByEmail(em, [
        { address: row.email, name: row.name, enteId: row.enteId },
      ]);
      const requester = contacts.get(row.email.toLowerCase());
      const ticket = await this.tickets.openTicket(
        em,
        {
          channel: 'web',
          subject: row.subject,
          description: row.description,
          requesterId: requester?.id ?? null,
          enteId: row.enteId,
          categoryId: row.categoryId,
          difficulty: null,
          malfunction: false,
          receivedAt: now,
          message: {
            payload: { from: { name: row.name, email: row.email, phone: row.phone }, via: 'public_form' },
            body: [row.subject, row.description].join('\n\n'),
          },
          explicit: row.categoryId ? ['categoryId'] : [],
        },
        null,
        now,
      );
      const files = await this.repo.files(em, row.id);
      await this.attachments.insertForTicket(em, ticket.id, files);
      const text = renderTemplate(await this.templates.get('acknowledgement', row.language, em), {
        name: row.name,
        number: ticket.number,
        subject: ticket.subject,
        privacyUrl: privacyNoticeUrl(this.config, row.language),
        followUrl: this.followLinks.forMail(ticket.id, row.language, now),
      });
      const mail = await this.outbox.add(em, {
        ticketId: ticket.id,
        kind: 'ack',
        to: [row.email],
        subject: subjectWithTag(this.config.MAIL_SUBJECT_TAG, ticket.number, text.subject),
        text: text.body,
      });
      await this.repo.markConfirmed(em, row.id, ticket.id, now);
      return { number: ticket.number, mailIds: [mail.id] };
    });
    if (!result) return null;
    await this.outbox.dispatch(result.mailIds);
    if (result.mailIds.length) this.log.log(`public request confirmed: ticket ${result.number}`);
    return { number: result.number };
  }

  /** Unconfirmed requests past their time, deleted with their files (the cleanup job). */
  deleteExpired(now = new Date()): Promise<number> {
    return this.repo.deleteExpired(now);
  }
}
