import { randomUUID } from 'node:crypto';

import { NotFoundError } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { QUEUE_DRIVER, QueueDriver } from '@app/queue';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { addressOf, domainOf } from './mail-address.util';
import { OutboundKind, OutboundMailRepository, OutboundMailView } from './outbound-mail.repository';

export type { OutboundMailView } from './outbound-mail.repository';

export type { OutboundKind } from './outbound-mail.repository';

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
    private readonly mails: OutboundMailRepository,
  ) {}

  async add(em: EntityManager, mail: NewOutboundMail): Promise<{ id: string; messageId: string }> {
    const id = randomUUID();
    const messageId = `<${id}@${domainOf(this.config.MAIL_FROM)}>`;
    // The mail and, for threading, its Message-ID against the ticket: one statement.
    await this.mails.insert(em, {
      id,
      ticketId: mail.ticketId,
      kind: mail.kind,
      messageId,
      from: this.config.MAIL_FROM,
      to: mail.to.map(addressOf),
      cc: (mail.cc ?? []).map(addressOf),
      subject: mail.subject.replace(/[\r\n]+/g, ' ').slice(0, 900),
      text: mail.text,
      html: mail.html ?? null,
      inReplyTo: mail.inReplyTo ?? null,
      references: mail.references ?? [],
      attachmentIds: mail.attachmentIds ?? [],
    });
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
    await this.mails.insertMany(em, {
      kind,
      domain: domainOf(this.config.MAIL_FROM),
      from: this.config.MAIL_FROM,
      mails: mails.map((m, i) => ({
        id: ids[i],
        ticketId: m.ticketId,
        to: addressOf(m.to),
        subject: m.subject.replace(/[\r\n]+/g, ' ').slice(0, 900),
        text: m.text,
        inReplyTo: m.inReplyTo,
        references: m.references,
      })),
    });
    return ids;
  }

  async listForTicket(ticketId: string): Promise<OutboundMailView[]> {
    if (!(await this.mails.ticketExists(ticketId))) throw new NotFoundError('Ticket', ticketId);
    return this.mails.listForTicket(ticketId);
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
