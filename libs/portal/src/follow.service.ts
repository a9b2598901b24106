import { createHash } from 'node:crypto';

import { APP_CONFIG, AppConfig } from '@app/config';
import {
  FollowLinks,
  MailTemplateService,
  normaliseContentType,
  OutboxService,
  renderTemplate,
  sanitiseFilename,
} from '@app/mail';
import { SlaRegistry } from '@app/sla';
import { AttachmentRepository, TicketService } from '@app/tickets';
import { Inject, Injectable } from '@nestjs/common';

import { FollowedTicketRow, FollowRepository } from './follow.repository';
import type { UploadedFile } from './multipart-form';
import { PublicCounters } from './public-counters';
import { cleanText, FieldProblem, LIMITS, PublicLanguage } from './public-request-form';

const DAY_MS = 86_400_000;
/** Messages one ticket takes from its follow page per hour (a person writes a few). */
const MESSAGES_PER_TICKET_PER_HOUR = 10;
/** Lost links asked for from one client address per hour, and for one ticket per day. */
const RESENDS_PER_ADDRESS_PER_HOUR = 10;
const RESENDS_PER_TICKET_PER_DAY = 3;

export interface FollowView {
  ticketId: string;
  number: string;
  subject: string;
  status: string;
  receivedAt: Date;
  resolvedAt: Date | null;
  /** When the first answer is due, while it is awaited. */
  answerDue: Date | null;
  messages: { at: Date; fromCitizen: boolean; staffFirstName: string | null; body: string }[];
  /** Whether the citizen may still write here (not after the reopening window of a resolved ticket). */
  canWrite: boolean;
  zone: string;
}

export type AddMessageOutcome =
  | { kind: 'added' }
  | { kind: 'problems'; problems: FieldProblem[] }
  | { kind: 'refused' }
  | { kind: 'closed' };

/**
 * The citizen's follow page (issue 20.2): what a genuine, unexpired and unrevoked link shows of
 * its ticket, the messages the citizen adds there, lost links mailed again, and staff revoking a
 * ticket's links.
 */
@Injectable()
export class FollowService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly links: FollowLinks,
    private readonly repo: FollowRepository,
    private readonly tickets: TicketService,
    private readonly attachments: AttachmentRepository,
    private readonly outbox: OutboxService,
    private readonly templates: MailTemplateService,
    private readonly counters: PublicCounters,
    private readonly registry: SlaRegistry,
  ) {}

  /** The ticket a link stands for, or null: forged, expired, revoked, or the ticket gone. */
  async ticketFor(token: string, now = new Date()): Promise<FollowedTicketRow | null> {
    const link = this.links.read(token);
    if (!link) return null;
    if (link.issuedAt.getTime() < now.getTime() - this.config.PUBLIC_FOLLOW_LINK_DAYS * DAY_MS) return null;
    const revoked = await this.repo.revokedBefore(link.ticketId);
    if (revoked && link.issuedAt.getTime() < revoked.getTime()) return null;
    let ticket = await this.repo.ticket(link.ticketId);
    // A duplicate merged into another ticket: the citizen follows the one the work went on in.
    for (let hops = 0; ticket?.mergedIntoId && hops < 5; hops++)
      ticket = await this.repo.ticket(ticket.mergedIntoId);
    return ticket ?? null;
  }

  async view(token: string, now = new Date()): Promise<FollowView | null> {
    const ticket = await this.ticketFor(token, now);
    if (!ticket) return null;
    const [messages, answerDue, calendar] = await Promise.all([
      this.repo.messages(ticket.id),
      this.repo.answerDue(ticket.id),
      this.registry.defaultCalendar(),
    ]);
    return {
      ticketId: ticket.id,
      number: ticket.number,
      subject: ticket.subject,
      status: ticket.status,
      receivedAt: ticket.receivedAt,
      resolvedAt: ticket.resolvedAt,
      answerDue,
      messages: messages.map((m) => ({
        at: m.at,
        fromCitizen: m.direction === 'in',
        // Never a staff member's full name: the first name is enough to know who answers.
        staffFirstName: m.staffName ? (m.staffName.trim().split(/\s+/)[0] ?? null) : null,
        body: m.body,
      })),
      canWrite: this.canWrite(ticket, now),
      zone: calendar.timeZone,
    };
  }

  /**
   * A message (and files) from the follow page: on the ticket as the citizen's, reopening it when
   * resolved within MAIL_REOPEN_DAYS and resuming it when it waited for them, as a mail reply does.
   */
  async addMessage(
    ticket: FollowedTicketRow,
    text: string,
    files: readonly UploadedFile[],
    fileProblems: readonly FieldProblem[],
    now = new Date(),
  ): Promise<AddMessageOutcome> {
    if (!this.canWrite(ticket, now)) return { kind: 'closed' };
    const body = cleanText(text, true);
    const problems: FieldProblem[] = [...fileProblems];
    if (!body && files.length === 0) problems.unshift({ field: 'description', code: 'required' });
    if (body.length > LIMITS.description)
      problems.unshift({ field: 'description', code: 'tooLong', params: { max: LIMITS.description } });
    if (problems.length) return { kind: 'problems', problems };
    if ((await this.counters.bump('follow', ticket.id, now, 3_600_000)) > MESSAGES_PER_TICKET_PER_HOUR)
      return { kind: 'refused' };
    const stored = files.map((f, i) => {
      const contentType = normaliseContentType(f.contentType);
      return {
        filename: sanitiseFilename(f.filename, contentType, i + 1),
        contentType,
        sha256: createHash('sha256').update(f.content).digest('hex'),
        content: f.content,
      };
    });
    await this.repo.transaction(async (em) => {
      const ids = await this.attachments.insertForTicket(em, ticket.id, stored);
      await this.tickets.addInboundMessage(
        em,
        ticket.id,
        {
          occurredAt: now,
          via: 'web',
          payload: {
            from: { name: ticket.requesterName, email: ticket.requesterEmail },
            source: 'follow_page',
            attachments: stored.map((f, i) => ({ id: ids[i], filename: f.filename })),
          },
          body: body || stored.map((f) => f.filename).join(', '),
        },
        {
          reopen: ticket.status === 'resolved' || ticket.status === 'resolved_not_competent',
          resume: ticket.status === 'waiting',
        },
        now,
      );
    });
    return { kind: 'added' };
  }

  /**
   * A lost link: mailed again, fresh, to the requester's address on file, when the number and the
   * address given match. The answer is the same either way (nobody learns whose ticket is whose).
   */
  async resend(
    number: string,
    email: string,
    clientAddress: string,
    language: PublicLanguage,
    now = new Date(),
  ): Promise<'sent' | 'refused'> {
    if (
      (await this.counters.bump('resend-address', clientAddress, now, 3_600_000)) >
      RESENDS_PER_ADDRESS_PER_HOUR
    )
      return 'refused';
    const ticket = await this.repo.ticketByNumber(cleanText(number));
    const address = cleanText(email).toLowerCase();
    if (!ticket?.requesterEmail || ticket.requesterEmail.toLowerCase() !== address) return 'sent';
    if ((await this.counters.bump('resend-ticket', ticket.id, now, DAY_MS)) > RESENDS_PER_TICKET_PER_DAY)
      return 'sent';
    const mailId = await this.repo.transaction(async (em) => {
      const text = renderTemplate(await this.templates.get('follow_link', language, em), {
        name: ticket.requesterName ?? '',
        number: ticket.number,
        subject: ticket.subject,
        followUrl: this.links.forMail(ticket.id, language, now),
      });
      const mail = await this.outbox.add(em, {
        ticketId: ticket.id,
        kind: 'follow_link',
        to: [ticket.requesterEmail!],
        subject: text.subject,
        text: text.body,
      });
      return mail.id;
    });
    await this.outbox.dispatch([mailId]);
    return 'sent';
  }

  /** Staff: every link mailed so far for this ticket stops working (new mails carry new ones). */
  async revoke(ticketId: string, actorId: string, now = new Date()): Promise<{ revokedBefore: Date } | null> {
    if (!(await this.repo.ticket(ticketId))) return null;
    await this.repo.revoke(ticketId, now, actorId);
    return { revokedBefore: now };
  }

  private canWrite(ticket: FollowedTicketRow, now: Date): boolean {
    if (ticket.status !== 'resolved' && ticket.status !== 'resolved_not_competent') return true;
    return (
      !!ticket.resolvedAt &&
      now.getTime() - ticket.resolvedAt.getTime() <= this.config.MAIL_REOPEN_DAYS * DAY_MS
    );
  }
}
