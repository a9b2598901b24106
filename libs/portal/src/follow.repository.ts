import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface FollowedTicketRow {
  id: string;
  number: string;
  subject: string;
  status: string;
  receivedAt: Date;
  resolvedAt: Date | null;
  mergedIntoId: string | null;
  requesterEmail: string | null;
  requesterName: string | null;
}

export interface FollowedMessageRow {
  at: Date;
  direction: 'in' | 'out';
  body: string;
  /** The answering staff member's full name (the page shows the first name only). */
  staffName: string | null;
}

/** What the citizens' follow page reads of a ticket, and the revocation instants it writes. */
@Injectable()
export class FollowRepository {
  constructor(private readonly dataSource: DataSource) {}

  async ticket(id: string): Promise<FollowedTicketRow | undefined> {
    const rows = await this.dataSource.query<FollowedTicketRow[]>(
      `SELECT t.id, t.number, t.subject, t.status, t.received_at AS "receivedAt", t.resolved_at AS "resolvedAt",
              t.merged_into_id AS "mergedIntoId", c.email AS "requesterEmail", c.name AS "requesterName"
         FROM ticket t LEFT JOIN contact c ON c.id = t.requester_id WHERE t.id = $1`,
      [id],
    );
    return rows[0];
  }

  async ticketByNumber(number: string): Promise<FollowedTicketRow | undefined> {
    const rows = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM ticket WHERE number = $1`, [
      number,
    ]);
    return rows[0] ? this.ticket(rows[0].id) : undefined;
  }

  /**
   * The messages exchanged with the citizen, in order: what they wrote (mail, form, phone as
   * recorded) and the answers sent to them. Never internal notes, never other staff events.
   */
  messages(ticketId: string): Promise<FollowedMessageRow[]> {
    return this.dataSource.query<FollowedMessageRow[]>(
      `SELECT e.occurred_at AS at, e.payload->>'direction' AS direction, coalesce(e.body, '') AS body,
              CASE WHEN e.payload->>'direction' = 'out' THEN u.name END AS "staffName"
         FROM ticket_event e LEFT JOIN app_user u ON u.id = e.actor_id
        WHERE e.ticket_id = $1 AND e.type = 'message' AND e.payload->>'direction' IN ('in', 'out')
        ORDER BY e.occurred_at, e.id`,
      [ticketId],
    );
  }

  /** When the ticket's first answer is due (its running answer clock), if one runs. */
  async answerDue(ticketId: string): Promise<Date | null> {
    const rows = await this.dataSource.query<{ due: Date | null }[]>(
      `SELECT min(c.due_at) AS due FROM sla_clock c JOIN sla_policy p ON p.id = c.policy_id
        WHERE c.ticket_id = $1 AND c.state = 'running' AND c.due_at IS NOT NULL
          AND EXISTS (SELECT 1 FROM jsonb_array_elements(p.definition->'clocks') x
                       WHERE x->>'code' = c.code AND x->>'stop' = 'first_answer')`,
      [ticketId],
    );
    return rows[0]?.due ?? null;
  }

  async revokedBefore(ticketId: string): Promise<Date | null> {
    const rows = await this.dataSource.query<{ at: Date }[]>(
      `SELECT revoked_before AS at FROM follow_link_revocation WHERE ticket_id = $1`,
      [ticketId],
    );
    return rows[0]?.at ?? null;
  }

  async revoke(ticketId: string, at: Date, byUserId: string | null): Promise<void> {
    await this.dataSource.query<unknown[]>(
      `INSERT INTO follow_link_revocation (ticket_id, revoked_before, revoked_by) VALUES ($1, $2, $3)
       ON CONFLICT (ticket_id) DO UPDATE SET revoked_before = excluded.revoked_before, revoked_by = excluded.revoked_by`,
      [ticketId, at, byUserId],
    );
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
