import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { NoticeKind } from './outage-clock.util';

export interface OutageRow {
  id: string;
  title: string;
  services: string[];
  startedAt: Date;
  interventionStartedAt: Date | null;
  endedAt: Date | null;
  cause: string;
  planned: boolean;
  publicMessage: string;
  problemId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  entes: { id: string; code: string; name: string }[];
}

export interface NoticeRow {
  id: string;
  outageId: string;
  kind: NoticeKind;
  sentAt: Date;
  dueAt: Date | null;
  subject: string;
  message: string;
  published: boolean;
  recipients: number;
  outboundIds: string[];
  /** The staff member who recorded it (never shown on the public status page). */
  sentBy: { id: string; name: string } | null;
}

const OUTAGE_COLUMNS = `o.id, o.title, o.services, o.started_at AS "startedAt",
  o.intervention_started_at AS "interventionStartedAt", o.ended_at AS "endedAt", o.cause, o.planned,
  o.public_message AS "publicMessage", o.problem_id AS "problemId", o.version, o.created_at AS "createdAt",
  o.updated_at AS "updatedAt",
  coalesce((SELECT json_agg(json_build_object('id', e.id, 'code', e.code, 'name', e.name) ORDER BY e.name)
              FROM outage_ente oe JOIN ente e ON e.id = oe.ente_id WHERE oe.outage_id = o.id), '[]') AS entes`;

/** The outage queries: one statement each, no rules. */
@Injectable()
export class OutageRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(id: string, em: EntityManager = this.dataSource.manager): Promise<OutageRow | null> {
    const [row] = await em.query(`SELECT ${OUTAGE_COLUMNS} FROM outage o WHERE o.id = $1`, [id]);
    return row ?? null;
  }

  /** Outages that started in [from, to) (either bound optional), or only those not ended. */
  async list(filter: { from?: Date; to?: Date; openOnly?: boolean; limit?: number }): Promise<OutageRow[]> {
    return this.dataSource.query(
      `SELECT ${OUTAGE_COLUMNS} FROM outage o
        WHERE ($1::timestamptz IS NULL OR o.started_at >= $1) AND ($2::timestamptz IS NULL OR o.started_at < $2)
          AND (NOT $3 OR o.ended_at IS NULL)
        ORDER BY o.started_at DESC LIMIT $4`,
      [filter.from ?? null, filter.to ?? null, filter.openOnly ?? false, filter.limit ?? 1000],
    );
  }

  /** What the public status page shows: outages with a published notice, still on or recently over. */
  async published(since: Date): Promise<OutageRow[]> {
    return this.dataSource.query(
      `SELECT ${OUTAGE_COLUMNS} FROM outage o
        WHERE EXISTS (SELECT 1 FROM outage_notice n WHERE n.outage_id = o.id AND n.published)
          AND (o.ended_at IS NULL OR o.ended_at >= $1)
        ORDER BY o.started_at DESC LIMIT 100`,
      [since],
    );
  }

  /** Outages whose intervention started since `since`: the ones whose notice clocks may still run. */
  async interventionsSince(since: Date): Promise<OutageRow[]> {
    return this.dataSource.query(
      `SELECT ${OUTAGE_COLUMNS} FROM outage o
        WHERE o.intervention_started_at >= $1 ORDER BY o.intervention_started_at LIMIT 1000`,
      [since],
    );
  }

  async notices(outageIds: string[], em: EntityManager = this.dataSource.manager): Promise<NoticeRow[]> {
    if (outageIds.length === 0) return [];
    return em.query(
      `SELECT n.id, n.outage_id AS "outageId", n.kind, n.sent_at AS "sentAt", n.due_at AS "dueAt", n.subject,
              n.message, n.published, n.recipients, n.outbound_ids AS "outboundIds",
              CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'name', u.name) END AS "sentBy"
         FROM outage_notice n LEFT JOIN app_user u ON u.id = n.sent_by
        WHERE n.outage_id = ANY($1::uuid[]) ORDER BY n.sent_at, n.created_at`,
      [outageIds],
    );
  }

  async tickets(outageId: string) {
    return this.dataSource.query(
      `SELECT t.id, t.number, t.subject, t.status, t.channel FROM outage_ticket ot JOIN ticket t ON t.id = ot.ticket_id
        WHERE ot.outage_id = $1 ORDER BY t.received_at`,
      [outageId],
    );
  }

  async alerts(outageId: string) {
    return this.dataSource.query(
      `SELECT m.id::int AS id, m.occurred_at AS "occurredAt", m.host, m.service, m.state, m.state_type AS "stateType",
              m.output
         FROM outage_alert oa JOIN monitoring_event m ON m.id = oa.event_id
        WHERE oa.outage_id = $1 ORDER BY m.occurred_at, m.id`,
      [outageId],
    );
  }

  /** Where notices for these entes go: their configured addresses and their active referents. */
  async noticeAddresses(em: EntityManager, outageId: string): Promise<string[]> {
    const rows: { email: string }[] = await em.query(
      `SELECT DISTINCT lower(email) AS email FROM (
         SELECT r.email FROM outage_ente oe JOIN outage_recipient r ON r.ente_id = oe.ente_id WHERE oe.outage_id = $1
         UNION
         SELECT u.email FROM outage_ente oe JOIN user_ente ue ON ue.ente_id = oe.ente_id
           JOIN app_user u ON u.id = ue.user_id AND u.active AND u.role = 'ente_referent'
          WHERE oe.outage_id = $1) a ORDER BY 1`,
      [outageId],
    );
    return rows.map((r) => r.email);
  }

  async recipients(): Promise<{ enteId: string; code: string; name: string; emails: string[] }[]> {
    return this.dataSource.query(
      `SELECT e.id AS "enteId", e.code, e.name,
              coalesce(array_agg(r.email ORDER BY r.email) FILTER (WHERE r.email IS NOT NULL), '{}') AS emails
         FROM ente e LEFT JOIN outage_recipient r ON r.ente_id = e.id
        WHERE e.active GROUP BY e.id ORDER BY e.name`,
    );
  }

  async replaceRecipients(enteId: string, emails: string[]): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.query(`DELETE FROM outage_recipient WHERE ente_id = $1`, [enteId]);
      await em.query(
        `INSERT INTO outage_recipient (ente_id, email) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
        [enteId, emails],
      );
    });
  }

  /** The SLA.11 report's recipients set by admins (besides the configured ones and the supervisors). */
  async reportRecipients(em: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { email: string }[] = await em.query(
      `SELECT email FROM outage_report_recipient ORDER BY email`,
    );
    return rows.map((r) => r.email);
  }

  async replaceReportRecipients(emails: string[]): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.query(`DELETE FROM outage_report_recipient`);
      if (emails.length)
        await em.query(`INSERT INTO outage_report_recipient (email) SELECT unnest($1::text[])`, [emails]);
    });
  }

  async problems(openOnly: boolean) {
    return this.dataSource.query(
      `SELECT p.id, p.host, nullif(p.service, '') AS service, p.ticket_id AS "ticketId", p.opened_at AS "openedAt",
              p.closed_at AS "closedAt", p.acknowledged_at AS "acknowledgedAt", p.acknowledged_by AS "acknowledgedBy",
              o.id AS "outageId"
         FROM monitoring_problem p LEFT JOIN outage o ON o.problem_id = p.id
        WHERE (NOT $1 OR p.closed_at IS NULL) ORDER BY p.opened_at DESC LIMIT 500`,
      [openOnly],
    );
  }
}
