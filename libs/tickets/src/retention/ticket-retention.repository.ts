import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { ANONYMISED_SUBJECT, PSEUDONYM_SQL } from './pseudonym';
import { scrubTimelinePayload } from './timeline-scrub';

/** Which of a ticket's stages a retention step looks for: raw sources purged, or free text anonymised. */
export type TicketStage = 'raw' | 'text';

export interface RetentionContactRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  enteId: string | null;
  legalHold: string | null;
  anonymisedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A ticket's retention clock starts when it is resolved; a ticket left open counts from its last
 * change, so an abandoned request does not keep personal data for ever.
 */
const REFERENCE = `COALESCE(t.resolved_at, t.updated_at)`;
/** Neither the ticket nor its requester is under a legal hold. */
const NOT_HELD = `t.legal_hold IS NULL
  AND NOT EXISTS (SELECT 1 FROM contact h WHERE h.id = t.requester_id AND h.legal_hold IS NOT NULL)`;
const STAGE_OPEN: Record<TicketStage, string> = {
  raw: 't.raw_purged_at IS NULL AND t.anonymised_at IS NULL',
  text: 't.anonymised_at IS NULL',
};
/** Contacts none of whose tickets is recent or held. */
const CONTACT_DUE = `c.anonymised_at IS NULL AND c.legal_hold IS NULL AND c.created_at < $1
  AND NOT EXISTS (SELECT 1 FROM ticket t WHERE t.requester_id = c.id
                   AND (t.legal_hold IS NOT NULL OR ${REFERENCE} >= $1))`;

/**
 * The tickets lib's part of retention and erasure (issue 18): tickets, their timeline and their
 * requesters are anonymised here and nowhere else. Counts, channels, entes, categories, statuses,
 * instants and clocks stay as they are: the reports read only those.
 */
@Injectable()
export class TicketRetentionRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async countDueTickets(stage: TicketStage, cutoff: Date): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ticket t WHERE ${REFERENCE} < $1 AND ${STAGE_OPEN[stage]} AND ${NOT_HELD}`,
      [cutoff],
    );
    return row.n;
  }

  /** The next batch of due tickets after `afterId` (id order, so a resumed run goes on where it stopped). */
  dueTickets(stage: TicketStage, cutoff: Date, afterId: string | null, limit: number): Promise<string[]> {
    return this.dataSource
      .query<{ id: string }[]>(
        `SELECT t.id FROM ticket t
          WHERE ${REFERENCE} < $1 AND ${STAGE_OPEN[stage]} AND ${NOT_HELD}
            AND ($2::uuid IS NULL OR t.id > $2::uuid)
          ORDER BY t.id LIMIT ${Number(limit)}`,
        [cutoff, afterId],
      )
      .then((rows) => rows.map((r) => r.id));
  }

  async markRawPurged(em: EntityManager, ticketIds: string[], at: Date): Promise<number> {
    const rows = await em.query<{ id: string }[]>(
      `WITH done AS (UPDATE ticket SET raw_purged_at = $2 WHERE id = ANY($1::uuid[]) AND raw_purged_at IS NULL RETURNING id) SELECT * FROM done`,
      [ticketIds, at],
    );
    return rows.length;
  }

  /**
   * Replaces the tickets' free text and scrubs their timeline: message bodies go, payloads keep
   * only what is not personal (see scrubTimelinePayload). Returns how many events were scrubbed.
   */
  async anonymiseTickets(
    em: EntityManager,
    ticketIds: string[],
    at: Date,
  ): Promise<{ tickets: number; events: number }> {
    const tickets = await em.query<{ id: string }[]>(
      `WITH done AS (UPDATE ticket SET subject = $2, description = '', anonymised_at = $3,
              raw_purged_at = COALESCE(raw_purged_at, $3), version = version + 1
        WHERE id = ANY($1::uuid[]) AND anonymised_at IS NULL RETURNING id) SELECT * FROM done`,
      [ticketIds, ANONYMISED_SUBJECT, at],
    );
    const events = await em.query<{ id: string; type: string; payload: Record<string, unknown> }[]>(
      `SELECT id::text, type, payload FROM ticket_event WHERE ticket_id = ANY($1::uuid[])`,
      [tickets.map((t) => t.id)],
    );
    if (events.length > 0) {
      await em.query<unknown>(
        `UPDATE ticket_event e SET payload = s.payload, body = NULL
           FROM unnest($1::bigint[], $2::jsonb[]) AS s(id, payload) WHERE e.id = s.id`,
        [events.map((e) => e.id), events.map((e) => JSON.stringify(scrubTimelinePayload(e.type, e.payload)))],
      );
    }
    return { tickets: tickets.length, events: events.length };
  }

  async countDueContacts(cutoff: Date): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM contact c WHERE ${CONTACT_DUE}`,
      [cutoff],
    );
    return row.n;
  }

  dueContacts(cutoff: Date, afterId: string | null, limit: number): Promise<string[]> {
    return this.dataSource
      .query<{ id: string }[]>(
        `SELECT c.id FROM contact c WHERE ${CONTACT_DUE} AND ($2::uuid IS NULL OR c.id > $2::uuid)
          ORDER BY c.id LIMIT ${Number(limit)}`,
        [cutoff, afterId],
      )
      .then((rows) => rows.map((r) => r.id));
  }

  /** Name and e-mail become the contact's stable pseudonym; the phone goes. */
  async anonymiseContacts(em: EntityManager, contactIds: string[], at: Date): Promise<number> {
    const rows = await em.query<{ id: string }[]>(
      `WITH done AS (UPDATE contact c SET name = ${PSEUDONYM_SQL.name}, email = ${PSEUDONYM_SQL.email}, phone = NULL,
              anonymised_at = $2, updated_at = $2
        WHERE c.id = ANY($1::uuid[]) AND c.anonymised_at IS NULL RETURNING c.id) SELECT * FROM done`,
      [contactIds, at],
    );
    return rows.length;
  }

  findContact(id: string, em?: EntityManager): Promise<RetentionContactRow | undefined> {
    return (em ?? this.dataSource)
      .query<RetentionContactRow[]>(
        `SELECT id, name, email, phone, ente_id AS "enteId", legal_hold AS "legalHold",
                anonymised_at AS "anonymisedAt", created_at AS "createdAt", updated_at AS "updatedAt"
           FROM contact WHERE id = $1 ${em ? 'FOR UPDATE' : ''}`,
        [id],
      )
      .then((rows) => rows[0]);
  }

  /** The contact's tickets with what erasure needs to decide: open or not, held or not. */
  contactTickets(
    em: EntityManager,
    contactId: string,
  ): Promise<{ id: string; number: string; open: boolean; legalHold: string | null }[]> {
    return em.query<{ id: string; number: string; open: boolean; legalHold: string | null }[]>(
      `SELECT id, number, resolved_at IS NULL AS open, legal_hold AS "legalHold"
         FROM ticket WHERE requester_id = $1 ORDER BY received_at`,
      [contactId],
    );
  }

  /** Rectification (art. 16): only the fields given change. */
  async rectifyContact(
    em: EntityManager,
    id: string,
    fields: { name?: string; email?: string | null; phone?: string | null },
  ): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [column, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      params.push(value);
      sets.push(`"${column}" = $${params.length}`);
    }
    if (sets.length === 0) return;
    await em.query<unknown>(
      `UPDATE contact SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`,
      params,
    );
  }

  async emailTaken(em: EntityManager, email: string, exceptId: string): Promise<boolean> {
    const rows = await em.query<{ id: string }[]>(
      `SELECT id FROM contact WHERE lower(email) = lower($1) AND id <> $2 LIMIT 1`,
      [email, exceptId],
    );
    return rows.length > 0;
  }

  /** Sets (reason) or lifts (null) a legal hold; false when there is no such row. */
  async setHold(kind: 'ticket' | 'contact', id: string, reason: string | null): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH done AS (UPDATE ${kind === 'ticket' ? 'ticket' : 'contact'} SET legal_hold = $2 WHERE id = $1 RETURNING id) SELECT * FROM done`,
      [id, reason],
    );
    return rows.length > 0;
  }
}
