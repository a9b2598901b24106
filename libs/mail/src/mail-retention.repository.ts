import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

const EMPTY = `'\\x'::bytea`;

/**
 * The mail lib's part of retention and erasure (issue 18). A purged inbound mail keeps its row
 * (dedup key, outcome, instants: the record that it came and what became of it) and loses its
 * source; a redacted outbound copy keeps its status and instants and loses recipients and text.
 */
@Injectable()
export class MailRetentionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The ids of the tickets' inbound mails (their attachments go with them). */
  inboundOfTickets(em: EntityManager, ticketIds: string[]): Promise<string[]> {
    return em
      .query<{ id: string }[]>(`SELECT id FROM inbound_mail WHERE ticket_id = ANY($1::uuid[])`, [ticketIds])
      .then((rows) => rows.map((r) => r.id));
  }

  /** Raw sources go; `alsoHeaders` (anonymisation) takes the sender, subject and reasons too. */
  async purgeInbound(em: EntityManager, mailIds: string[], at: Date, alsoHeaders: boolean): Promise<number> {
    const headers = alsoHeaders
      ? `, from_address = NULL, subject = NULL, reason = NULL, parse_problems = '[]'`
      : '';
    const rows = await em.query<{ id: string }[]>(
      `WITH done AS (UPDATE inbound_mail SET raw = ${EMPTY}, raw_purged_at = COALESCE(raw_purged_at, $2)${headers}
        WHERE id = ANY($1::uuid[]) AND (raw_purged_at IS NULL ${alsoHeaders ? 'OR from_address IS NOT NULL OR subject IS NOT NULL' : ''})
        RETURNING id) SELECT * FROM done`,
      [mailIds, at],
    );
    return rows.length;
  }

  async countDueUnlinkedInbound(cutoff: Date): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM inbound_mail WHERE ticket_id IS NULL AND raw_purged_at IS NULL AND received_at < $1`,
      [cutoff],
    );
    return row.n;
  }

  /** Mails that never became part of a ticket (ignored, quarantined, receipts): counted from arrival. */
  dueUnlinkedInbound(cutoff: Date, limit: number): Promise<string[]> {
    return this.dataSource
      .query<{ id: string }[]>(
        `SELECT id FROM inbound_mail WHERE ticket_id IS NULL AND raw_purged_at IS NULL AND received_at < $1
          ORDER BY id LIMIT ${Number(limit)}`,
        [cutoff],
      )
      .then((rows) => rows.map((r) => r.id));
  }

  /** The tickets' sent or failed copies (a mail still in the outbox is left to go). */
  async redactOutboundOfTickets(em: EntityManager, ticketIds: string[], at: Date): Promise<number> {
    const rows = await em.query<{ id: string }[]>(
      `WITH done AS (${REDACT} WHERE ticket_id = ANY($1::uuid[]) AND redacted_at IS NULL AND status IN ('sent', 'failed') RETURNING id) SELECT * FROM done`,
      [ticketIds, at],
    );
    return rows.length;
  }

  async countDueOutbound(cutoff: Date): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbound_mail WHERE ${OUTBOUND_DUE}`,
      [cutoff],
    );
    return row.n;
  }

  dueOutbound(cutoff: Date, limit: number): Promise<string[]> {
    return this.dataSource
      .query<{ id: string }[]>(
        `SELECT id FROM outbound_mail WHERE ${OUTBOUND_DUE} ORDER BY id LIMIT ${Number(limit)}`,
        [cutoff],
      )
      .then((rows) => rows.map((r) => r.id));
  }

  async redactOutbound(em: EntityManager, mailIds: string[], at: Date): Promise<number> {
    const rows = await em.query<{ id: string }[]>(
      `WITH done AS (${REDACT} WHERE id = ANY($1::uuid[]) AND redacted_at IS NULL RETURNING id) SELECT * FROM done`,
      [mailIds, at],
    );
    return rows.length;
  }
}

const OUTBOUND_DUE = `redacted_at IS NULL AND status IN ('sent', 'failed')
  AND COALESCE(sent_at, failed_at, created_at) < $1`;

const REDACT = `UPDATE outbound_mail SET to_addresses = '{}', cc_addresses = '{}',
  subject = '[anonimizzato / anonymised]', text_body = '', html_body = NULL, last_error = NULL,
  delivery = '[]', redacted_at = $2`;
