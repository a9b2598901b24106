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

/** An outage's own columns as written by create, from a problem or update. */
export interface OutageWrite {
  title: string;
  services: string[];
  startedAt: Date;
  interventionStartedAt: Date | null;
  endedAt: Date | null;
  cause: string;
  planned: boolean;
  publicMessage: string;
  problemId?: string;
  createdBy: string;
}

/** The columns an update checks its new instants against, read under the row lock. */
export interface OutageLockRow {
  version: number;
  started_at: Date;
  intervention_started_at: Date | null;
  ended_at: Date | null;
  planned: boolean;
}

/** An update: null keeps the column (coalesce), the three instants are always written. */
export interface OutageUpdate {
  title: string | null;
  services: string[] | null;
  startedAt: Date;
  interventionStartedAt: Date | null;
  endedAt: Date | null;
  cause: string | null;
  planned: boolean | null;
  publicMessage: string | null;
}

export interface ProblemRow {
  id: string;
  host: string;
  /** '' for a host problem. */
  service: string;
  ticket_id: string;
  opened_at: Date;
  closed_at: Date | null;
}

export interface NoticeWrite {
  outageId: string;
  kind: NoticeKind;
  sentAt: Date;
  dueAt: Date | null;
  subject: string;
  body: string;
  message: string;
  published: boolean;
  recipients: number;
  outboundIds: string[];
  sentBy: string;
}

/** A warning about a notice clock, for the supervisors and whoever opened the outage. */
export interface NoticeWarning {
  outage_id: string;
  kind: string;
  dedup_key: string;
  payload: { outageId: string; title: string; code: string; dueAt: string };
}

export interface OutageTicketRow {
  id: string;
  number: string;
  subject: string;
  status: string;
  channel: string;
}

export interface OutageAlertRow {
  id: number;
  occurredAt: Date;
  host: string;
  service: string | null;
  state: string | null;
  stateType: string | null;
  output: string;
}

export interface ProblemListRow {
  id: string;
  host: string;
  service: string | null;
  ticketId: string | null;
  openedAt: Date;
  closedAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  outageId: string | null;
}

/** What an outage links to: the field that names the ids, its link table, column, target table and id type. */
export type OutageLink = 'enteIds' | 'ticketIds' | 'alertIds';
const LINKS: Record<OutageLink, { table: string; column: string; target: string; type: string }> = {
  enteIds: { table: 'outage_ente', column: 'ente_id', target: 'ente', type: 'uuid' },
  ticketIds: { table: 'outage_ticket', column: 'ticket_id', target: 'ticket', type: 'uuid' },
  alertIds: { table: 'outage_alert', column: 'event_id', target: 'monitoring_event', type: 'bigint' },
};

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
    const [row] = await em.query<OutageRow[]>(`SELECT ${OUTAGE_COLUMNS} FROM outage o WHERE o.id = $1`, [id]);
    return row ?? null;
  }

  /** Outages that started in [from, to) (either bound optional), or only those not ended. */
  async list(filter: { from?: Date; to?: Date; openOnly?: boolean; limit?: number }): Promise<OutageRow[]> {
    return this.dataSource.query<OutageRow[]>(
      `SELECT ${OUTAGE_COLUMNS} FROM outage o
        WHERE ($1::timestamptz IS NULL OR o.started_at >= $1) AND ($2::timestamptz IS NULL OR o.started_at < $2)
          AND (NOT $3 OR o.ended_at IS NULL)
        ORDER BY o.started_at DESC LIMIT $4`,
      [filter.from ?? null, filter.to ?? null, filter.openOnly ?? false, filter.limit ?? 1000],
    );
  }

  /** What the public status page shows: outages with a published notice, still on or recently over. */
  async published(since: Date): Promise<OutageRow[]> {
    return this.dataSource.query<OutageRow[]>(
      `SELECT ${OUTAGE_COLUMNS} FROM outage o
        WHERE EXISTS (SELECT 1 FROM outage_notice n WHERE n.outage_id = o.id AND n.published)
          AND (o.ended_at IS NULL OR o.ended_at >= $1)
        ORDER BY o.started_at DESC LIMIT 100`,
      [since],
    );
  }

  /** Outages whose intervention started since `since`: the ones whose notice clocks may still run. */
  async interventionsSince(since: Date): Promise<OutageRow[]> {
    return this.dataSource.query<OutageRow[]>(
      `SELECT ${OUTAGE_COLUMNS} FROM outage o
        WHERE o.intervention_started_at >= $1 ORDER BY o.intervention_started_at LIMIT 1000`,
      [since],
    );
  }

  async notices(outageIds: string[], em: EntityManager = this.dataSource.manager): Promise<NoticeRow[]> {
    if (outageIds.length === 0) return [];
    return em.query<NoticeRow[]>(
      `SELECT n.id, n.outage_id AS "outageId", n.kind, n.sent_at AS "sentAt", n.due_at AS "dueAt", n.subject,
              n.message, n.published, n.recipients, n.outbound_ids AS "outboundIds",
              CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'name', u.name) END AS "sentBy"
         FROM outage_notice n LEFT JOIN app_user u ON u.id = n.sent_by
        WHERE n.outage_id = ANY($1::uuid[]) ORDER BY n.sent_at, n.created_at`,
      [outageIds],
    );
  }

  async tickets(outageId: string): Promise<OutageTicketRow[]> {
    return this.dataSource.query<OutageTicketRow[]>(
      `SELECT t.id, t.number, t.subject, t.status, t.channel FROM outage_ticket ot JOIN ticket t ON t.id = ot.ticket_id
        WHERE ot.outage_id = $1 ORDER BY t.received_at`,
      [outageId],
    );
  }

  async alerts(outageId: string): Promise<OutageAlertRow[]> {
    return this.dataSource.query<OutageAlertRow[]>(
      `SELECT m.id::int AS id, m.occurred_at AS "occurredAt", m.host, m.service, m.state, m.state_type AS "stateType",
              m.output
         FROM outage_alert oa JOIN monitoring_event m ON m.id = oa.event_id
        WHERE oa.outage_id = $1 ORDER BY m.occurred_at, m.id`,
      [outageId],
    );
  }

  /** Where notices for these entes go: their configured addresses and their active referents. */
  async noticeAddresses(em: EntityManager, outageId: string): Promise<string[]> {
    const rows = await em.query<{ email: string }[]>(
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
    return this.dataSource.query<{ enteId: string; code: string; name: string; emails: string[] }[]>(
      `SELECT e.id AS "enteId", e.code, e.name,
              coalesce(array_agg(r.email ORDER BY r.email) FILTER (WHERE r.email IS NOT NULL), '{}') AS emails
         FROM ente e LEFT JOIN outage_recipient r ON r.ente_id = e.id
        WHERE e.active GROUP BY e.id ORDER BY e.name`,
    );
  }

  async replaceRecipients(enteId: string, emails: string[]): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.query<unknown>(`DELETE FROM outage_recipient WHERE ente_id = $1`, [enteId]);
      await em.query<unknown>(
        `INSERT INTO outage_recipient (ente_id, email) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
        [enteId, emails],
      );
    });
  }

  /** The SLA.11 report's recipients set by admins (besides the configured ones and the supervisors). */
  async reportRecipients(em: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await em.query<{ email: string }[]>(
      `SELECT email FROM outage_report_recipient ORDER BY email`,
    );
    return rows.map((r) => r.email);
  }

  async replaceReportRecipients(emails: string[]): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.query<unknown>(`DELETE FROM outage_report_recipient`);
      if (emails.length)
        await em.query<unknown>(`INSERT INTO outage_report_recipient (email) SELECT unnest($1::text[])`, [
          emails,
        ]);
    });
  }

  async problems(openOnly: boolean): Promise<ProblemListRow[]> {
    return this.dataSource.query<ProblemListRow[]>(
      `SELECT p.id, p.host, nullif(p.service, '') AS service, p.ticket_id AS "ticketId", p.opened_at AS "openedAt",
              p.closed_at AS "closedAt", p.acknowledged_at AS "acknowledgedAt", p.acknowledged_by AS "acknowledgedBy",
              o.id AS "outageId"
         FROM monitoring_problem p LEFT JOIN outage o ON o.problem_id = p.id
        WHERE (NOT $1 OR p.closed_at IS NULL) ORDER BY p.opened_at DESC LIMIT 500`,
      [openOnly],
    );
  }

  /** A new outage; its id. */
  async insert(em: EntityManager, o: OutageWrite): Promise<string> {
    const [row] = await em.query<{ id: string }[]>(
      o.problemId === undefined
        ? `INSERT INTO outage (title, services, started_at, intervention_started_at, ended_at, cause, planned,
                             public_message, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`
        : `INSERT INTO outage (title, services, started_at, intervention_started_at, ended_at, cause, planned,
                             public_message, created_by, problem_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        o.title,
        o.services,
        o.startedAt,
        o.interventionStartedAt,
        o.endedAt,
        o.cause,
        o.planned,
        o.publicMessage,
        o.createdBy,
        ...(o.problemId === undefined ? [] : [o.problemId]),
      ],
    );
    return row.id;
  }

  /** The outage's checked columns, locking its row for the caller's transaction. */
  async lockForUpdate(em: EntityManager, id: string): Promise<OutageLockRow | null> {
    const [row] = await em.query<OutageLockRow[]>(
      `SELECT version, started_at, intervention_started_at, ended_at, planned FROM outage WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  /** Locks the outage's row (orders concurrent notices); false when there is none. */
  async lock(em: EntityManager, id: string): Promise<boolean> {
    const rows = await em.query<{ id: string }[]>(`SELECT id FROM outage WHERE id = $1 FOR UPDATE`, [id]);
    return rows.length > 0;
  }

  async update(em: EntityManager, id: string, u: OutageUpdate): Promise<void> {
    await em.query<unknown>(
      `UPDATE outage SET title = coalesce($2, title), services = coalesce($3, services), started_at = $4,
              intervention_started_at = $5, ended_at = $6, cause = coalesce($7, cause), planned = coalesce($8, planned),
              public_message = coalesce($9, public_message), version = version + 1, updated_at = now()
        WHERE id = $1`,
      [
        id,
        u.title,
        u.services,
        u.startedAt,
        u.interventionStartedAt,
        u.endedAt,
        u.cause,
        u.planned,
        u.publicMessage,
      ],
    );
  }

  async touch(em: EntityManager, id: string): Promise<void> {
    await em.query<unknown>(`UPDATE outage SET updated_at = now() WHERE id = $1`, [id]);
  }

  /** A monitoring problem, locked so that one outage is opened from it. */
  async lockProblem(em: EntityManager, problemId: string): Promise<ProblemRow | null> {
    const [row] = await em.query<ProblemRow[]>(
      `SELECT id, host, service, ticket_id, opened_at, closed_at FROM monitoring_problem WHERE id = $1 FOR UPDATE`,
      [problemId],
    );
    return row ?? null;
  }

  async idOfProblem(em: EntityManager, problemId: string): Promise<string | null> {
    const [row] = await em.query<{ id: string }[]>(`SELECT id FROM outage WHERE problem_id = $1`, [
      problemId,
    ]);
    return row?.id ?? null;
  }

  /** The problem's alerts: every event of its object from its opening to its recovery (at most 2000). */
  async problemEventIds(em: EntityManager, problem: ProblemRow): Promise<number[]> {
    const rows = await em.query<{ id: string }[]>(
      `SELECT id FROM monitoring_event WHERE host = $1 AND coalesce(service, '') = $2 AND occurred_at >= $3
          AND ($4::timestamptz IS NULL OR occurred_at <= $4) ORDER BY occurred_at LIMIT 2000`,
      [problem.host, problem.service, problem.opened_at, problem.closed_at],
    );
    return rows.map((r) => Number(r.id));
  }

  /** How many of these (distinct) ids exist in the link's target table. */
  async knownCount(em: EntityManager, link: OutageLink, ids: string[]): Promise<number> {
    const { target, type } = LINKS[link];
    const [{ n }] = await em.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ${target} WHERE id = ANY($1::${type}[])`,
      [ids],
    );
    return n;
  }

  async addLinks(em: EntityManager, link: OutageLink, outageId: string, ids: string[]): Promise<void> {
    const { table, column, type } = LINKS[link];
    await em.query<unknown>(
      `INSERT INTO ${table} (outage_id, ${column}) SELECT $1, unnest($2::${type}[]) ON CONFLICT DO NOTHING`,
      [outageId, ids],
    );
  }

  async clearLinks(em: EntityManager, link: OutageLink, outageId: string): Promise<void> {
    await em.query<unknown>(`DELETE FROM ${LINKS[link].table} WHERE outage_id = $1`, [outageId]);
  }

  async insertNotice(em: EntityManager, n: NoticeWrite): Promise<void> {
    await em.query<unknown>(
      `INSERT INTO outage_notice (outage_id, kind, sent_at, due_at, subject, body, message, published, recipients,
                                  outbound_ids, sent_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        n.outageId,
        n.kind,
        n.sentAt,
        n.dueAt,
        n.subject,
        n.body,
        n.message,
        n.published,
        n.recipients,
        n.outboundIds,
        n.sentBy,
      ],
    );
  }

  /** Stores the warnings for the supervisors and the outage's author, each once (dedup key); how many were new. */
  async insertNoticeWarnings(warnings: NoticeWarning[], now: Date): Promise<number> {
    const inserted = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO notification (user_id, ticket_id, kind, payload, dedup_key, email_after)
       SELECT u.id, NULL, n.kind, n.payload, n.dedup_key, $2
         FROM jsonb_to_recordset($1::jsonb) AS n(outage_id uuid, kind text, payload jsonb, dedup_key text)
         JOIN outage o ON o.id = n.outage_id
         JOIN app_user u ON u.active AND (u.role = 'supervisor' OR u.id = o.created_by)
       ON CONFLICT (user_id, dedup_key) DO NOTHING
       RETURNING id`,
      [JSON.stringify(warnings), now],
    );
    return inserted.length;
  }
}
