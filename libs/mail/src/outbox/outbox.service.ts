import { APP_CONFIG, AppConfig } from '@app/config';
import { QUEUE_DRIVER, QueueDriver } from '@app/queue';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { addressOf, domainOf } from './mail-address.util';

export type OutboundKind = 'ack' | 'reply' | 'attachment_refused' | 'notification' | 'report';

export interface NewOutboundMail {
  ticketId: string | null;
  kind: OutboundKind;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html?: string | null;
  inReplyTo?: string | null;
  references?: string[];
  attachmentIds?: string[];
}

/**
 * The outbox: a mail to send is a row written in the caller's transaction (so it exists exactly
 * when the action that caused it committed), with its Message-ID fixed now, so every attempt
 * sends the same message. Jobs only wake the sender; the outbox sweep finds what they miss.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger('Outbox');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
  ) {}

  async add(em: EntityManager, mail: NewOutboundMail): Promise<{ id: string; messageId: string }> {
    const id = randomUUID();
    const messageId = `<${id}@${domainOf(this.config.MAIL_FROM)}>`;
    // The mail and, for threading, its Message-ID against the ticket: one statement.
    await em.query<unknown>(
      `WITH mail AS (
         INSERT INTO outbound_mail (id, ticket_id, kind, message_id, from_address, to_addresses, cc_addresses,
                                    subject, text_body, html_body, in_reply_to, "references", attachment_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         RETURNING ticket_id, message_id)
       INSERT INTO mail_message_ref (message_id, ticket_id, direction)
       SELECT message_id, ticket_id, 'out' FROM mail WHERE ticket_id IS NOT NULL
       ON CONFLICT DO NOTHING`,
      [
        id,
        mail.ticketId,
        mail.kind,
        messageId,
        this.config.MAIL_FROM,
        mail.to.map(addressOf),
        (mail.cc ?? []).map(addressOf),
        mail.subject.replace(/[\r\n]+/g, ' ').slice(0, 900),
        mail.text,
        mail.html ?? null,
        mail.inReplyTo ?? null,
        mail.references ?? [],
        mail.attachmentIds ?? [],
      ],
    );
    return { id, messageId };
  }

  /**
   * Many single-recipient mails (acknowledgements of a fetched chunk) in one statement, each with
   * its Message-ID remembered against its ticket, as `add` does for one.
   */
  async addMany(
    em: EntityManager,
    kind: OutboundKind,
    mails: readonly {
      ticketId: string;
      to: string;
      subject: string;
      text: string;
      inReplyTo: string;
      references: string[];
    }[],
  ): Promise<string[]> {
    if (mails.length === 0) return [];
    const ids = mails.map(() => randomUUID());
    const domain = domainOf(this.config.MAIL_FROM);
    await em.query<unknown>(
      `WITH mail AS (
         INSERT INTO outbound_mail (id, ticket_id, kind, message_id, from_address, to_addresses, subject, text_body,
                                    in_reply_to, "references")
         SELECT u.id, u.ticket_id, $1, '<' || u.id || '@' || $2 || '>', $3, ARRAY[u.recipient], u.subject, u.body,
                u.in_reply_to, string_to_array(u.refs, ' ')
           FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
                AS u(id, ticket_id, recipient, subject, body, in_reply_to, refs)
         RETURNING ticket_id, message_id)
       INSERT INTO mail_message_ref (message_id, ticket_id, direction)
       SELECT message_id, ticket_id, 'out' FROM mail ON CONFLICT DO NOTHING`,
      [
        kind,
        domain,
        this.config.MAIL_FROM,
        ids,
        mails.map((m) => m.ticketId),
        mails.map((m) => addressOf(m.to)),
        mails.map((m) => m.subject.replace(/[\r\n]+/g, ' ').slice(0, 900)),
        mails.map((m) => m.text),
        mails.map((m) => m.inReplyTo),
        // Message-IDs never contain whitespace, so a space-joined list splits back exactly.
        mails.map((m) => m.references.join(' ')),
      ],
    );
    return ids;
  }

  /** After the commit: wake the sender. A lost wake-up only delays the mail until the next sweep. */
  async dispatch(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      try {
        await this.queue.enqueue('mail.send', { outboundId: id });
      } catch (error) {
        this.logger.warn(`Could not enqueue mail ${id} (the outbox sweep will send it): ${String(error)}`);
      }
    }
  }
}
