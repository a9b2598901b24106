import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface NewNotification {
  ticketId: string;
  kind: 'sla_at_risk' | 'sla_breached';
  payload: Record<string, unknown>;
  /** Same key, same user: stored once, however often the sweeper runs. */
  dedupKey: string;
  /** When it may be e-mailed (the outbox of the e-mail issue sends it). */
  emailAfter: Date;
}

/** In-app notifications for the ticket's assignee and every active supervisor. */
@Injectable()
export class NotificationRepository {
  async notifyAssigneeAndSupervisors(em: EntityManager, n: NewNotification): Promise<void> {
    await em.query(
      `INSERT INTO notification (user_id, ticket_id, kind, payload, dedup_key, email_after)
       SELECT u.id, $1, $2, $3, $4, $5
         FROM app_user u
        WHERE u.active AND (u.role = 'supervisor' OR u.id = (SELECT assignee_id FROM ticket WHERE id = $1))
       ON CONFLICT (user_id, dedup_key) DO NOTHING`,
      [n.ticketId, n.kind, n.payload, n.dedupKey, n.emailAfter],
    );
  }

  async listForUser(em: EntityManager, userId: string, limit: number) {
    return em.query(
      `SELECT n.id, n.kind, n.payload, n.created_at AS "createdAt", n.read_at AS "readAt",
              t.id AS "ticketId", t.number AS "ticketNumber", t.subject AS "ticketSubject"
         FROM notification n LEFT JOIN ticket t ON t.id = n.ticket_id
        WHERE n.user_id = $1 ORDER BY n.created_at DESC LIMIT $2`,
      [userId, limit],
    );
  }
}
