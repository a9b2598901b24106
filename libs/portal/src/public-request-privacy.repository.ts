import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A request sent by the public form and not yet confirmed, as the access request hands it over. */
export interface ExportedPublicRequestRow {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  ente: string | null;
  category: string | null;
  subject: string;
  description: string;
  language: string;
  submittedAt: Date;
  expiresAt: Date;
  files: { id: string; filename: string; contentType: string; size: number }[];
}

/**
 * The portal lib's part of people's rights (issue 18 with issue 20): the public form's held
 * requests are the only place the portal keeps a person's words before they become a ticket, and
 * a confirmed one keeps the address it came from beside the ticket it became. The privacy lib
 * reads them for an access request and has them forgotten on erasure through this repository;
 * the portal stays the only writer of its tables.
 */
@Injectable()
export class PublicRequestPrivacyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The requests of this address still waiting for confirmation (expired or not), oldest first. */
  pendingOf(email: string | null): Promise<ExportedPublicRequestRow[]> {
    if (!email) return Promise.resolve([]);
    return this.dataSource.query<ExportedPublicRequestRow[]>(
      `SELECT r.id, r.name, r.email, r.phone, e.name AS ente, c.name AS category, r.subject, r.description,
              r.language, r.submitted_at AS "submittedAt", r.expires_at AS "expiresAt",
              COALESCE((SELECT json_agg(json_build_object('id', f.id, 'filename', f.filename, 'contentType', f.content_type,
                                                          'size', f.size) ORDER BY f.position)
                          FROM public_request_file f WHERE f.request_id = r.id), '[]'::json) AS files
         FROM public_request r
         LEFT JOIN ente e ON e.id = r.ente_id
         LEFT JOIN category c ON c.id = r.category_id
        WHERE r.ticket_id IS NULL AND lower(r.email) = lower($1)
        ORDER BY r.submitted_at, r.id`,
      [email],
    );
  }

  /** One held file's bytes (the access request reads them one at a time); null once gone. */
  async fileContent(id: string): Promise<Buffer | null> {
    const rows = await this.dataSource.query<{ content: Buffer }[]>(
      `SELECT content FROM public_request_file WHERE id = $1`,
      [id],
    );
    return rows[0]?.content ?? null;
  }

  /**
   * Erasure of a person: every request of theirs goes, with its files — those still waiting for
   * confirmation of this address, and what is kept of confirmed ones (the address and subject
   * beside the ticket) of this address or of their tickets. A confirmation link of theirs then
   * says it is no longer valid. Their tickets' satisfaction comments are cleared (the scores stay).
   * The number of requests deleted.
   */
  async forget(em: EntityManager, by: { email: string | null; ticketIds: string[] }): Promise<number> {
    // A satisfaction survey's comment is the citizen's free text too: it goes with the ticket's
    // words; the score stays (an anonymous figure), so the reports do not move.
    if (by.ticketIds.length > 0) {
      await em.query<unknown[]>(
        `UPDATE satisfaction_survey SET comment = NULL WHERE ticket_id = ANY($1::uuid[]) AND comment IS NOT NULL`,
        [by.ticketIds],
      );
    }
    const rows = await em.query<{ id: string }[]>(
      `WITH gone AS (DELETE FROM public_request
                      WHERE ($1::text IS NOT NULL AND lower(email) = lower($1)) OR ticket_id = ANY($2::uuid[])
                      RETURNING id)
       SELECT id FROM gone`,
      [by.email, by.ticketIds],
    );
    return rows.length;
  }
}
