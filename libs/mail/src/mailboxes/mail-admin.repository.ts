import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface EnteDomainRow {
  domain: string;
  enteId: string;
  enteName: string;
}

/** A refused or ignored mail as the quarantine page lists it. */
export interface QuarantinedMailRow {
  id: string;
  messageId: string | null;
  mailboxId: string | null;
  receivedAt: Date;
  from: string | null;
  subject: string | null;
  kind: string | null;
  outcome: string;
  reason: string | null;
  parseProblems: unknown;
  size: number;
  reprocessedCount: number;
  ticketId: string | null;
}

/** The admins' side of mail beyond the mailboxes: the domain-to-ente map and the quarantine. */
@Injectable()
export class MailAdminRepository {
  constructor(private readonly dataSource: DataSource) {}

  listDomains(): Promise<EnteDomainRow[]> {
    return this.dataSource.query<EnteDomainRow[]>(
      `SELECT d.domain, d.ente_id AS "enteId", e.name AS "enteName"
         FROM ente_domain d JOIN ente e ON e.id = d.ente_id ORDER BY d.domain`,
    );
  }

  async putDomain(domain: string, enteId: string): Promise<void> {
    await this.dataSource.query<unknown>(
      `INSERT INTO ente_domain (domain, ente_id) VALUES (lower($1), $2)
       ON CONFLICT (domain) DO UPDATE SET ente_id = EXCLUDED.ente_id`,
      [domain, enteId],
    );
  }

  async exists(table: 'ente' | 'category', id: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM "${table}" WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** Refused and failed mails, newest first; kept until an admin re-processes them. */
  quarantine(limit: number): Promise<QuarantinedMailRow[]> {
    return this.dataSource.query<QuarantinedMailRow[]>(
      `SELECT id, message_id AS "messageId", mailbox_id AS "mailboxId", received_at AS "receivedAt",
              from_address AS "from", subject, kind, outcome, reason, parse_problems AS "parseProblems",
              size, reprocessed_count AS "reprocessedCount", ticket_id AS "ticketId"
         FROM inbound_mail WHERE outcome IN ('quarantined', 'ignored')
        ORDER BY received_at DESC LIMIT $1`,
      [limit],
    );
  }

  async raw(id: string): Promise<Buffer | null> {
    const [row] = await this.dataSource.query<{ raw: Buffer }[]>(
      `SELECT raw FROM inbound_mail WHERE id = $1`,
      [id],
    );
    return row?.raw ?? null;
  }

  async outcome(id: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ outcome: string }[]>(
      `SELECT outcome FROM inbound_mail WHERE id = $1`,
      [id],
    );
    return row?.outcome ?? null;
  }

  /** One quarantined or ignored mail with its raw source, for an admin to read (null when unknown). */
  async quarantined(id: string): Promise<(QuarantinedMailRow & { raw: Buffer }) | null> {
    const [row] = await this.dataSource.query<(QuarantinedMailRow & { raw: Buffer })[]>(
      `SELECT id, message_id AS "messageId", mailbox_id AS "mailboxId", received_at AS "receivedAt",
              from_address AS "from", subject, kind, outcome, reason, parse_problems AS "parseProblems",
              size, reprocessed_count AS "reprocessedCount", ticket_id AS "ticketId", raw
         FROM inbound_mail WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Sets a quarantined or ignored mail aside for good (kept, never listed again); false when it is not one. */
  async discard(id: string): Promise<boolean> {
    // TypeORM answers an UPDATE or DELETE with [rows, count].
    const [rows] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE inbound_mail SET outcome = 'discarded', processed_at = now()
        WHERE id = $1 AND outcome IN ('quarantined', 'ignored') RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  /** Removes a sender domain from the map; false when it was not there. */
  async deleteDomain(domain: string): Promise<boolean> {
    const [rows] = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM ente_domain WHERE domain = lower($1) RETURNING domain`,
      [domain],
    );
    return rows.length > 0;
  }
}
