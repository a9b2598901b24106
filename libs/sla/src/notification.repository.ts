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
/** A notification whose time to be e-mailed has come, with its recipient and ticket. */
export interface DueNotificationRow {
  id: string;
  kind: 'sla_at_risk' | 'sla_breached' | 'outage_notice_due' | 'outage_notice_breached';
  payload: { code?: string; dueAt?: string; warnAt?: string; outageId?: string; title?: string };
  email: string;
  user_name: string;
  ticket_id: string | null;
  number: string | null;
  subject: string | null;
}

/** An in-app notification as the bell lists it. */
export interface NotificationRow {
  id: string;
  kind: NewNotification['kind'];
  payload: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
  ticketId: string | null;
  ticketNumber: string | null;
  ticketSubject: string | null;
}

@Injectable()
export class NotificationRepository {
  async notifyAssigneeAndSupervisors(em: EntityManager, n: NewNotification): Promise<void> {
    await this.notifyMany(em, [n]);
  }

  /** Many at once, one statement: the sweeper notifies a whole batch of clocks this way. */
  async notifyMany(em: EntityManager, notifications: NewNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    await em.query<unknown[]>(
      `INSERT INTO notification (user_id, ticket_id, kind, payload, dedup_key, email_after)
       SELECT u.id, n.ticket_id, n.kind, n.payload, n.dedup_key, n.email_after
         FROM jsonb_to_recordset($1::jsonb) AS n(ticket_id uuid, kind text, payload jsonb, dedup_key text, email_after timestamptz)
         LEFT JOIN ticket t ON t.id = n.ticket_id
         JOIN app_user u ON u.active AND (u.role = 'supervisor' OR u.id = t.assignee_id)
       ON CONFLICT (user_id, dedup_key) DO NOTHING`,
      [
        JSON.stringify(
          notifications.map((n) => ({
            ticket_id: n.ticketId,
            kind: n.kind,
            payload: n.payload,
            dedup_key: n.dedupKey,
            email_after: n.emailAfter,
          })),
        ),
      ],
    );
  }

  /** Marks a user's own notifications read (only theirs, whatever ids are sent); returns how many changed. */
  async markRead(em: EntityManager, userId: string, ids?: string[]): Promise<number> {
    // TypeORM answers an UPDATE with [rows, count].
    const [, count] = await em.query<[unknown[], number]>(
      `UPDATE notification SET read_at = now()
        WHERE user_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))`,
      [userId, ids ?? null],
    );
    return count;
  }

  listForUser(em: EntityManager, userId: string, limit: number): Promise<NotificationRow[]> {
    return em.query<NotificationRow[]>(
      `SELECT n.id, n.kind, n.payload, n.created_at AS "createdAt", n.read_at AS "readAt",
              t.id AS "ticketId", t.number AS "ticketNumber", t.subject AS "ticketSubject"
         FROM notification n LEFT JOIN ticket t ON t.id = n.ticket_id
        WHERE n.user_id = $1 ORDER BY n.created_at DESC LIMIT $2`,
      [userId, limit],
    );
  }

  /** Claims up to `limit` notifications due by e-mail; two workers never mail the same one. */
  claimDueForEmail(em: EntityManager, now: Date, limit: number): Promise<DueNotificationRow[]> {
    return em.query<DueNotificationRow[]>(
      `SELECT n.id, n.kind, n.payload, u.email, u.name AS user_name, t.id AS ticket_id, t.number, t.subject
         FROM notification n
         JOIN app_user u ON u.id = n.user_id
         LEFT JOIN ticket t ON t.id = n.ticket_id
        WHERE n.emailed_at IS NULL AND n.email_after <= $1 AND u.active
        ORDER BY n.email_after
        LIMIT ${Number(limit)}
        FOR UPDATE OF n SKIP LOCKED`,
      [now],
    );
  }

  async markEmailed(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.query<unknown>(`UPDATE notification SET emailed_at = $2 WHERE id = $1`, [id, at]);
  }
}
