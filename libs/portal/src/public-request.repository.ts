import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import type { PublicLanguage } from './public-request-form';

export interface PendingRequestInsert {
  tokenHash: string;
  email: string;
  name: string;
  phone: string | null;
  enteId: string | null;
  categoryId: string | null;
  subject: string;
  description: string;
  language: PublicLanguage;
  submittedAt: Date;
  expiresAt: Date;
}

export interface PendingRequestRow {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  enteId: string | null;
  categoryId: string | null;
  subject: string;
  description: string;
  language: PublicLanguage;
  submittedAt: Date;
  expiresAt: Date;
  ticketId: string | null;
}

export interface PendingFileRow {
  filename: string;
  contentType: string;
  sha256: string;
  content: Buffer;
}

const REQUEST_COLUMNS = `id, email, name, phone, ente_id AS "enteId", category_id AS "categoryId", subject, description,
  language, submitted_at AS "submittedAt", expires_at AS "expiresAt", ticket_id AS "ticketId"`;

/** The public form's requests waiting for confirmation, their files and the abuse counters. */
@Injectable()
export class PublicRequestRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The active entes (id, code, name) and categories (id, name) the form offers, by name. */
  async choices(): Promise<{
    entes: { id: string; code: string; name: string }[];
    categories: { id: string; name: string }[];
  }> {
    const [entes, categories] = await Promise.all([
      this.dataSource.query<{ id: string; code: string; name: string }[]>(
        `SELECT id, code, name FROM ente WHERE active ORDER BY name`,
      ),
      this.dataSource.query<{ id: string; name: string }[]>(
        `SELECT id, name FROM category WHERE active ORDER BY name`,
      ),
    ]);
    return { entes, categories };
  }

  async insert(em: EntityManager, r: PendingRequestInsert): Promise<string> {
    const [row] = await em.query<{ id: string }[]>(
      `INSERT INTO public_request (token_hash, email, name, phone, ente_id, category_id, subject, description, language,
                                   submitted_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        r.tokenHash,
        r.email,
        r.name,
        r.phone,
        r.enteId,
        r.categoryId,
        r.subject,
        r.description,
        r.language,
        r.submittedAt,
        r.expiresAt,
      ],
    );
    return row!.id;
  }

  async insertFiles(
    em: EntityManager,
    requestId: string,
    files: readonly { filename: string; contentType: string; sha256: string; content: Buffer }[],
  ): Promise<void> {
    for (const [position, f] of files.entries()) {
      await em.query<unknown[]>(
        `INSERT INTO public_request_file (request_id, position, filename, content_type, size, sha256, content)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [requestId, position, f.filename, f.contentType, f.content.length, f.sha256, f.content],
      );
    }
  }

  /** The request behind a confirmation token, locked when `em` is a transaction's (FOR UPDATE). */
  async byTokenHash(
    em: EntityManager,
    tokenHash: string,
    lock: boolean,
  ): Promise<PendingRequestRow | undefined> {
    const rows = await em.query<PendingRequestRow[]>(
      `SELECT ${REQUEST_COLUMNS} FROM public_request WHERE token_hash = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [tokenHash],
    );
    return rows[0];
  }

  async files(em: EntityManager, requestId: string): Promise<PendingFileRow[]> {
    return em.query<PendingFileRow[]>(
      `SELECT filename, content_type AS "contentType", sha256, content FROM public_request_file
        WHERE request_id = $1 ORDER BY position`,
      [requestId],
    );
  }

  /**
   * Confirmed: the request keeps only the ticket it became; its text and files now live on the
   * ticket (no second copy of a citizen's words).
   */
  async markConfirmed(em: EntityManager, id: string, ticketId: string, at: Date): Promise<void> {
    await em.query<unknown[]>(`DELETE FROM public_request_file WHERE request_id = $1`, [id]);
    await em.query<unknown[]>(
      `UPDATE public_request SET confirmed_at = $2, ticket_id = $3, name = '', phone = NULL, description = ''
        WHERE id = $1`,
      [id, at, ticketId],
    );
  }

  /** In the caller's transaction: the embedded default's one connection is the transaction's. */
  async ticketNumber(ticketId: string, em: EntityManager): Promise<string | null> {
    const rows = await em.query<{ number: string }[]>(`SELECT number FROM ticket WHERE id = $1`, [ticketId]);
    return rows[0]?.number ?? null;
  }

  /** Unconfirmed requests past their expiry, with their files: the number deleted. */
  async deleteExpired(now: Date): Promise<number> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH gone AS (DELETE FROM public_request WHERE ticket_id IS NULL AND expires_at < $1 RETURNING id)
       SELECT id FROM gone`,
      [now],
    );
    return rows.length;
  }

  /**
   * Adds one to a counter of `scope` for `keyHash` in the window starting at `windowStart`, and
   * gives the new count (one statement: concurrent submissions each see their own count).
   */
  async bump(scope: string, keyHash: string, windowStart: Date): Promise<number> {
    const [row] = await this.dataSource.query<{ count: number }[]>(
      `INSERT INTO public_request_counter (scope, key_hash, window_start, count) VALUES ($1, $2, $3, 1)
       ON CONFLICT (scope, key_hash, window_start) DO UPDATE SET count = public_request_counter.count + 1
       RETURNING count`,
      [scope, keyHash, windowStart],
    );
    return row!.count;
  }

  /** Counters of windows that ended before `before` are of no further use. */
  async deleteCountersBefore(before: Date): Promise<void> {
    await this.dataSource.query<unknown[]>(`DELETE FROM public_request_counter WHERE window_start < $1`, [
      before,
    ]);
  }
}
