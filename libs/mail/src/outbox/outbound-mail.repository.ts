import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export type OutboundKind =
  | 'ack'
  | 'reply'
  | 'attachment_refused'
  | 'notification'
  | 'report'
  | 'confirmation'
  | 'follow_link'
  | 'satisfaction';

/** A queued mail, as the sender reads it back. */
export interface OutboundRow {
  id: string;
  ticket_id: string | null;
  kind: OutboundKind;
  message_id: string;
  from_address: string;
  to_addresses: string[];
  cc_addresses: string[];
  subject: string;
  text_body: string;
  html_body: string | null;
  in_reply_to: string | null;
  references: string[];
  attachment_ids: string[];
  attempts: number;
}

/** One mail to queue, its Message-ID already fixed. */
export interface OutboundInsert {
  id: string;
  ticketId: string | null;
  kind: OutboundKind;
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string | null;
  inReplyTo: string | null;
  references: string[];
  attachmentIds: string[];
}

/** Single-recipient mails queued together; each Message-ID is `<id@domain>`. */
export interface OutboundBatch {
  kind: OutboundKind;
  domain: string;
  from: string;
  mails: readonly {
    id: string;
    ticketId: string;
    to: string;
    subject: string;
    text: string;
    inReplyTo: string;
    references: string[];
  }[];
}

/** An outbound mail as the ticket page lists it. */
export interface OutboundMailView {
  id: string;
  kind: OutboundKind;
  messageId: string;
  to: string[];
  cc: string[];
  subject: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
  failedAt: Date | null;
  delivery: unknown;
  createdAt: Date;
}

/**
 * The only writer of `outbound_mail` and of the outgoing side of `mail_message_ref`: a queued mail
 * and, for threading, its Message-ID against its ticket are written by one statement.
 */
@Injectable()
export class OutboundMailRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, m: OutboundInsert): Promise<void> {
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
        m.id,
        m.ticketId,
        m.kind,
        m.messageId,
        m.from,
        m.to,
        m.cc,
        m.subject,
        m.text,
        m.html,
        m.inReplyTo,
        m.references,
        m.attachmentIds,
      ],
    );
  }

  async insertMany(em: EntityManager, batch: OutboundBatch): Promise<void> {
    const { mails } = batch;
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
        batch.kind,
        batch.domain,
        batch.from,
        mails.map((m) => m.id),
        mails.map((m) => m.ticketId),
        mails.map((m) => m.to),
        mails.map((m) => m.subject),
        mails.map((m) => m.text),
        mails.map((m) => m.inReplyTo),
        // Message-IDs never contain whitespace, so a space-joined list splits back exactly.
        mails.map((m) => m.references.join(' ')),
      ],
    );
  }

  /**
   * Claims a due row for one attempt and records the attempt, in a commit of its own before the
   * SMTP conversation; two workers never hold the same row. Null when it is not due (or taken).
   */
  claim(id: string, now: Date, staleBefore: Date): Promise<OutboundRow | null> {
    return this.dataSource.transaction(async (em) => {
      const [row] = await em.query<OutboundRow[]>(
        `SELECT id, ticket_id, kind, message_id, from_address, to_addresses, cc_addresses, subject, text_body, html_body,
                in_reply_to, "references", attachment_ids, attempts
           FROM outbound_mail
          WHERE id = $1
            AND ((status = 'pending' AND next_attempt_at <= $2) OR (status = 'sending' AND sending_since <= $3))
          FOR UPDATE SKIP LOCKED`,
        [id, now, staleBefore],
      );
      if (!row) return null;
      await em.query<unknown>(
        `UPDATE outbound_mail SET status = 'sending', attempts = attempts + 1, sending_since = now() WHERE id = $1`,
        [id],
      );
      return { ...row, attempts: row.attempts + 1 };
    });
  }

  async markSent(id: string): Promise<void> {
    await this.dataSource.query<unknown>(
      `UPDATE outbound_mail SET status = 'sent', sent_at = now(), sending_since = NULL, last_error = NULL WHERE id = $1`,
      [id],
    );
  }

  async markFailed(em: EntityManager, id: string, reason: string): Promise<void> {
    await em.query<unknown>(
      `UPDATE outbound_mail SET status = 'failed', failed_at = now(), sending_since = NULL, last_error = $2 WHERE id = $1`,
      [id, reason],
    );
  }

  async scheduleRetry(em: EntityManager, id: string, reason: string, delayMs: number): Promise<void> {
    await em.query<unknown>(
      `UPDATE outbound_mail SET status = 'pending', sending_since = NULL, last_error = $2,
              next_attempt_at = now() + ($3 || ' milliseconds')::interval WHERE id = $1`,
      [id, reason, String(delayMs)],
    );
  }

  /** Pending rows past their retry instant and rows stuck 'sending' since before `staleBefore`. */
  async due(now: Date, staleBefore: Date, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM outbound_mail
        WHERE (status = 'pending' AND next_attempt_at <= $1)
           OR (status = 'sending' AND sending_since <= $2)
        ORDER BY next_attempt_at LIMIT ${Number(limit)}`,
      [now, staleBefore],
    );
    return rows.map((r) => r.id);
  }

  /** What an answer needs of its ticket: number, subject and the requester's address. */
  async replyTarget(
    em: EntityManager,
    ticketId: string,
  ): Promise<{ number: string; subject: string; email: string | null } | null> {
    const [row] = await em.query<{ number: string; subject: string; email: string | null }[]>(
      `SELECT t.number, t.subject, c.email FROM ticket t LEFT JOIN contact c ON c.id = t.requester_id WHERE t.id = $1`,
      [ticketId],
    );
    return row ?? null;
  }

  /** The ticket's thread: every Message-ID in and out, oldest first. */
  threadRefs(
    em: EntityManager,
    ticketId: string,
  ): Promise<{ message_id: string; direction: 'in' | 'out' }[]> {
    return em.query<{ message_id: string; direction: 'in' | 'out' }[]>(
      `SELECT message_id, direction FROM mail_message_ref WHERE ticket_id = $1 ORDER BY created_at, message_id`,
      [ticketId],
    );
  }

  async ticketExists(ticketId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM ticket WHERE id = $1`, [ticketId]);
    return rows.length > 0;
  }

  /** A ticket's outbound mails with their status and delivery receipts, oldest first. */
  listForTicket(ticketId: string): Promise<OutboundMailView[]> {
    return this.dataSource.query<OutboundMailView[]>(
      `SELECT id, kind, message_id AS "messageId", to_addresses AS "to", cc_addresses AS "cc", subject, status,
              attempts, last_error AS "lastError", sent_at AS "sentAt", failed_at AS "failedAt", delivery,
              created_at AS "createdAt"
         FROM outbound_mail WHERE ticket_id = $1 ORDER BY created_at`,
      [ticketId],
    );
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
