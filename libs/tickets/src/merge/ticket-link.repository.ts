import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import type { TicketStatus } from '../entities';

/** A stored link as seen from one ticket; `parent` means the other ticket is its parent. */
export type LinkKind = 'related' | 'parent' | 'child';

/** What the links panel lists: merges and splits are links too, read from where they are kept. */
export type LinkView = LinkKind | 'merged_into' | 'merged_from';

export interface TicketLinkRow {
  ticketId: string;
  number: string;
  subject: string;
  status: TicketStatus;
  kind: LinkView;
  createdAt: Date;
}

export interface MessageRow {
  id: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
  body: string | null;
}

export interface MergeCandidateRow {
  id: string;
  number: string;
  subject: string;
  status: TicketStatus;
  receivedAt: Date;
}

/**
 * The only reader and writer of `ticket_link` (issue 19.7), and the reads merge and split need.
 * A parent link is stored once, child -> parent (`ticket_id` is the child); a related link once,
 * from the ticket it was made on; both are listed from either side.
 */
@Injectable()
export class TicketLinkRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The ticket's messages in timeline order (what a merge copies). */
  messages(em: EntityManager, ticketId: string): Promise<MessageRow[]> {
    return em.query<MessageRow[]>(
      `SELECT id::text, occurred_at AS "occurredAt", payload, body
         FROM ticket_event WHERE ticket_id = $1 AND type = 'message' ORDER BY id`,
      [ticketId],
    );
  }

  /** One message of the ticket (what a split takes), or undefined. */
  async message(em: EntityManager, ticketId: string, eventId: string): Promise<MessageRow | undefined> {
    const rows = await em.query<MessageRow[]>(
      `SELECT id::text, occurred_at AS "occurredAt", payload, body
         FROM ticket_event WHERE ticket_id = $1 AND id = $2::bigint AND type = 'message'`,
      [ticketId, eventId],
    );
    return rows[0];
  }

  async exists(em: EntityManager, ticketId: string): Promise<boolean> {
    const rows = await em.query<{ id: string }[]>(`SELECT id FROM ticket WHERE id = $1`, [ticketId]);
    return rows.length > 0;
  }

  /** The link between two tickets whichever way it was stored, or undefined. */
  async find(
    em: EntityManager,
    a: string,
    b: string,
  ): Promise<{ ticketId: string; otherId: string; kind: 'related' | 'parent' } | undefined> {
    const rows = await em.query<{ ticketId: string; otherId: string; kind: 'related' | 'parent' }[]>(
      `SELECT ticket_id AS "ticketId", other_id AS "otherId", kind FROM ticket_link
        WHERE (ticket_id = $1 AND other_id = $2) OR (ticket_id = $2 AND other_id = $1)`,
      [a, b],
    );
    return rows[0];
  }

  async insert(
    em: EntityManager,
    link: { ticketId: string; otherId: string; kind: 'related' | 'parent'; createdBy: string | null },
  ): Promise<void> {
    await em.query<unknown[]>(
      `INSERT INTO ticket_link (ticket_id, other_id, kind, created_by) VALUES ($1, $2, $3, $4)`,
      [link.ticketId, link.otherId, link.kind, link.createdBy],
    );
  }

  async delete(em: EntityManager, a: string, b: string): Promise<void> {
    await em.query<unknown[]>(
      `DELETE FROM ticket_link WHERE (ticket_id = $1 AND other_id = $2) OR (ticket_id = $2 AND other_id = $1)`,
      [a, b],
    );
  }

  /** Every link of the ticket both ways, and the merges it took part in, oldest first. */
  links(ticketId: string): Promise<TicketLinkRow[]> {
    return this.dataSource.query<TicketLinkRow[]>(
      `SELECT o.id AS "ticketId", o.number, o.subject, o.status, l.kind, l.created_at AS "createdAt"
         FROM (SELECT other_id AS id, kind, created_at FROM ticket_link WHERE ticket_id = $1
               UNION ALL
               SELECT ticket_id, CASE kind WHEN 'parent' THEN 'child' ELSE kind END, created_at
                 FROM ticket_link WHERE other_id = $1
               UNION ALL
               SELECT merged_into_id, 'merged_into', updated_at FROM ticket
                WHERE id = $1 AND merged_into_id IS NOT NULL
               UNION ALL
               SELECT id, 'merged_from', updated_at FROM ticket WHERE merged_into_id = $1) l
         JOIN ticket o ON o.id = l.id
        ORDER BY l.created_at, o.number`,
      [ticketId],
    );
  }

  /** The requester's other tickets a duplicate may be merged into: not resolved, not merged. */
  mergeCandidates(ticketId: string): Promise<MergeCandidateRow[]> {
    return this.dataSource.query<MergeCandidateRow[]>(
      `SELECT o.id, o.number, o.subject, o.status, o.received_at AS "receivedAt"
         FROM ticket t JOIN ticket o ON o.requester_id = t.requester_id AND o.id <> t.id
        WHERE t.id = $1 AND o.merged_into_id IS NULL
          AND o.status NOT IN ('resolved', 'resolved_not_competent')
        ORDER BY o.received_at DESC LIMIT 100`,
      [ticketId],
    );
  }

  /** Where a merged duplicate's mail goes: the end of its merge chain (itself when not merged). */
  async mergeTarget(em: EntityManager, ticketId: string): Promise<string> {
    const rows = await em.query<{ id: string }[]>(
      `WITH RECURSIVE chain(id, merged_into_id, depth) AS (
         SELECT id, merged_into_id, 0 FROM ticket WHERE id = $1
         UNION ALL
         SELECT t.id, t.merged_into_id, c.depth + 1 FROM ticket t JOIN chain c ON t.id = c.merged_into_id
          WHERE c.depth < 20)
       SELECT id FROM chain WHERE merged_into_id IS NULL LIMIT 1`,
      [ticketId],
    );
    return rows[0]?.id ?? ticketId;
  }
}
