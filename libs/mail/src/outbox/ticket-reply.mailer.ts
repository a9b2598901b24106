import { ValidationError } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AttachmentRepository } from '@app/tickets/attachments';
import type { QueuedReply, TicketMailer } from '@app/tickets/ticket-mailer';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { FollowLinks } from './follow-links.service';
import { subjectWithTag } from './mail-address.util';
import { MailTemplateService } from './mail-template.service';
import { renderTemplate } from './mail-templates';
import { OutboundMailRepository } from './outbound-mail.repository';
import { OutboxService } from './outbox.service';

const MAX_REFERENCES = 20;

/** The agent's e-mail answer: to the requester, threaded under the ticket's mails, the number in the subject. */
@Injectable()
export class TicketReplyMailer implements TicketMailer {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly templates: MailTemplateService,
    private readonly mails: OutboundMailRepository,
    private readonly files: AttachmentRepository,
    private readonly followLinks: FollowLinks,
  ) {}

  async queueReply(
    em: EntityManager,
    ticketId: string,
    reply: { body: string; cc: string[]; attachmentIds: string[] },
  ): Promise<QueuedReply> {
    const ticket = await this.mails.replyTarget(em, ticketId);
    if (!ticket?.email) {
      throw new ValidationError([
        {
          field: 'via',
          reason: 'il richiedente non ha un indirizzo e-mail / the requester has no e-mail address',
        },
      ]);
    }
    // Only files uploaded to this ticket by staff (not a citizen's inbound attachment, not another ticket's).
    const attachments = reply.attachmentIds.length
      ? await this.files.staffUploads(em, reply.attachmentIds, ticketId)
      : [];
    if (attachments.length !== new Set(reply.attachmentIds).size) {
      throw new ValidationError([
        {
          field: 'attachmentIds',
          reason: 'allegato non caricato su questo ticket / attachment not uploaded to this ticket',
        },
      ]);
    }
    const refs = await this.mails.threadRefs(em, ticketId);
    const lastInbound = [...refs].reverse().find((r) => r.direction === 'in') ?? refs[refs.length - 1];
    // Admins may wrap every answer (a signature, a privacy notice) through the reply template.
    const text = renderTemplate(await this.templates.get('reply', 'it', em), {
      subject: `Re: ${ticket.subject}`,
      body: reply.body,
      // Each answer carries a fresh personal link to the ticket's page (issue 20.2).
      followUrl: this.followLinks.forMail(ticketId, 'it'),
    });
    const mail = await this.outbox.add(em, {
      ticketId,
      kind: 'reply',
      to: [ticket.email],
      cc: reply.cc,
      subject: subjectWithTag(this.config.MAIL_SUBJECT_TAG, ticket.number, text.subject),
      text: text.body,
      inReplyTo: lastInbound?.message_id ?? null,
      references: refs.map((r) => r.message_id).slice(-MAX_REFERENCES),
      attachmentIds: attachments.map((a) => a.id),
    });
    return {
      outboundId: mail.id,
      messageId: mail.messageId,
      to: [ticket.email.toLowerCase()],
      cc: reply.cc,
      attachments,
    };
  }

  dispatch(outboundIds: readonly string[]): Promise<void> {
    return this.outbox.dispatch(outboundIds);
  }
}
