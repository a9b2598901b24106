import { NotFoundError } from '@app/common';
import { entitySelectList, quoteIdentifier } from '@app/database';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { TicketChannel, TicketEntity, TicketStatus } from './entities';
import type { TicketChange } from './live/change-window.util';
import type { TicketDetailRows, TicketView, TimelineEventView } from './ticket.presenter';
import { decodeCursor, encodeCursor } from './ticket-cursor';
import type { TicketState } from './workflow/ticket-workflow';

/** The queue's columns, each sortable both ways ('-' first: descending). */
export const TICKET_SORT_KEYS = [
  'received',
  'updated',
  'due',
  'number',
  'channel',
  'subject',
  'requester',
  'ente',
  'status',
  'assignee',
] as const;
export type TicketSortKey = (typeof TICKET_SORT_KEYS)[number];
export type TicketSort = TicketSortKey | `-${TicketSortKey}`;
export const TICKET_SORTS: TicketSort[] = TICKET_SORT_KEYS.flatMap((k): TicketSort[] => [k, `-${k}`]);

export interface TicketListQuery {
  status?: TicketStatus[];
  channel?: TicketChannel[];
  enteId?: string;
  assigneeId?: string;
  unassigned?: boolean;
  requesterId?: string;
  categoryId?: string;
  receivedFrom?: Date;
  receivedTo?: Date;
  q?: string;
  sla?: 'at_risk' | 'breached';
  /** One team's tickets (issue 19), or (teamOf) those of every team the user is a member of. */
  teamId?: string;
  teamOf?: string;
  /** Tickets carrying this tag (issue 19.5). */
  tag?: string;
  /** An ente_referent's entes: only their tickets are listed (applied in the query, not after). */
  enteScope?: string[];
  sort: TicketSort;
  limit: number;
  cursor?: string;
}

/**
 * What each sort orders on, and the SQL type its cursor value is read back as. Every expression is
 * total (no NULLs), so keyset pagination never skips a row: tickets without a running clock sort
 * after the others both ways, names missing sort as empty text.
 */
const SORT_KEYS: Record<TicketSortKey, { asc: string; desc?: string; type: string }> = {
  received: { asc: 't.received_at', type: 'timestamptz' },
  updated: { asc: 't.updated_at', type: 'timestamptz' },
  due: {
    asc: "COALESCE(t.next_due_at, 'infinity'::timestamptz)",
    desc: "COALESCE(t.next_due_at, '-infinity'::timestamptz)",
    type: 'timestamptz',
  },
  number: { asc: 't.number', type: 'text' },
  channel: { asc: 't.channel::text', type: 'text' },
  subject: { asc: 'lower(t.subject)', type: 'text' },
  requester: {
    asc: "COALESCE((SELECT lower(c.name) FROM contact c WHERE c.id = t.requester_id), '')",
    type: 'text',
  },
  ente: { asc: "COALESCE((SELECT lower(en.name) FROM ente en WHERE en.id = t.ente_id), '')", type: 'text' },
  // The workflow's order (new, open, waiting, resolved...), not the alphabet.
  status: { asc: 't.status', type: 'ticket_status' },
  assignee: {
    asc: "COALESCE((SELECT lower(u.name) FROM app_user u WHERE u.id = t.assignee_id), '')",
    type: 'text',
  },
};

function sortOf(sort: TicketSort): { expr: string; dir: 'ASC' | 'DESC'; type: string } {
  const desc = sort.startsWith('-');
  const key = SORT_KEYS[(desc ? sort.slice(1) : sort) as TicketSortKey];
  return { expr: desc ? (key.desc ?? key.asc) : key.asc, dir: desc ? 'DESC' : 'ASC', type: key.type };
}

/** Timestamps and PostgreSQL's 'infinity' both round-trip through the cursor as text. */
function sortValueText(value: unknown): string {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.toISOString() : 'infinity';
  return String(value);
}

/** A whole ticket number, its year with a short sequence ("2026-308"), or the sequence alone ("308", "000308"). */
const FULL_NUMBER = /^(\d{4})-(\d{1,6})$/;
const SEQUENCE = /^\d{1,6}$/;

/** A LIKE pattern that finds the text anywhere, the user's % and _ taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface TicketListRow {
  id: string;
  number: string;
  channel: TicketChannel;
  status: TicketStatus;
  subject: string;
  receivedAt: Date;
  updatedAt: Date;
  nextDueAt: Date | null;
  /** The nearest clock still ticking, for the queue's countdown (green, amber past warnAt, red). */
  nextClock: { code: string; dueAt: Date; warnAt: Date | null; state: 'running' | 'breached' } | null;
  version: number;
  requester: { id: string; name: string } | null;
  ente: { id: string; name: string } | null;
  assignee: { id: string; name: string } | null;
  categoryId: string | null;
  difficulty: string | null;
  malfunction: boolean;
  teamId: string | null;
  tags: string[];
}

/** A row of the queue's statement: the ticket's columns, its names, its nearest ticking clock. */
interface QueueRow {
  id: string;
  number: string;
  channel: TicketChannel;
  status: TicketStatus;
  subject: string;
  received_at: Date;
  updated_at: Date;
  next_due_at: Date | null;
  version: number;
  category_id: string | null;
  difficulty: string | null;
  malfunction: boolean;
  team_id: string | null;
  tags: string[];
  sort_value: unknown;
  requester_id: string | null;
  requester_name: string | null;
  ente_id: string | null;
  ente_name: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  clock_code: string | null;
  clock_due_at: Date | null;
  clock_warn_at: Date | null;
  clock_state: string | null;
}

/** Queries and writes of tickets and their timeline; no workflow rules here. */
@Injectable()
export class TicketRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The ticket's ente (null: none yet); undefined when there is no such ticket. */
  async enteOf(ticketId: string): Promise<string | null | undefined> {
    const [row] = await this.dataSource.query<{ ente_id: string | null }[]>(
      `SELECT ente_id FROM ticket WHERE id = $1`,
      [ticketId],
    );
    return row ? row.ente_id : undefined;
  }

  /** Tickets changed since `from`, oldest change first, instants as ISO text (the live feed's rows). */
  changedSince(from: Date, limit: number): Promise<TicketChange[]> {
    return this.dataSource.query<TicketChange[]>(
      `SELECT id, number, status::text AS status, version, ente_id AS "enteId",
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
              to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"
         FROM ticket WHERE updated_at >= $1 ORDER BY updated_at LIMIT ${Number(limit)}`,
      [from],
    );
  }

  /**
   * Reads the ticket and locks it for the rest of the transaction. FOR NO KEY UPDATE, not FOR
   * UPDATE: inserting a timeline event takes a KEY SHARE lock on the ticket, and the SLA sweeper
   * does that while it holds clock rows this transaction may want next; FOR UPDATE would deadlock.
   */
  async lockForUpdate(em: EntityManager, id: string): Promise<TicketEntity> {
    return (await this.lockWithCalendar(em, id)).ticket;
  }

  /**
   * lockForUpdate with what the SLA clocks need besides the ticket: its ente's calendar code, in
   * the same statement (the clocks would otherwise read the ticket again after the action).
   */
  async lockWithCalendar(
    em: EntityManager,
    id: string,
  ): Promise<{ ticket: TicketEntity; enteCalendar: string | null }> {
    // Plain SQL in the entity's shape: the query builder cost more CPU than the statement.
    const [row] = await em.query<(TicketEntity & { enteCalendar: string | null })[]>(
      `SELECT ${entitySelectList(em.connection.getMetadata(TicketEntity), 't')},
              (SELECT e.calendar_code FROM ente e WHERE e.id = t.ente_id) AS "enteCalendar"
         FROM ticket t WHERE t.id = $1 FOR NO KEY UPDATE OF t`,
      [id],
    );
    if (!row) throw new NotFoundError('Ticket', id);
    const { enteCalendar, ...ticket } = row;
    return { ticket: ticket as TicketEntity, enteCalendar };
  }

  /** An ente's own calendar code (null: none, or no ente). */
  async enteCalendar(em: EntityManager, enteId: string | null): Promise<string | null> {
    if (!enteId) return null;
    const [row] = await em.query<{ calendar_code: string | null }[]>(
      `SELECT calendar_code FROM ente WHERE id = $1`,
      [enteId],
    );
    return row?.calendar_code ?? null;
  }

  /** Moves the ticket to another policy version (a change like any other: the version moves on). */
  async changeSlaPolicy(em: EntityManager, id: string, policyId: string): Promise<void> {
    await em.query<unknown>(
      `UPDATE ticket SET sla_policy_id = $2, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, policyId],
    );
  }

  async applyChanges(em: EntityManager, id: string, changes: Partial<TicketState>): Promise<void> {
    // Plain SQL, columns named from the entity's mapping: the query builder cost more CPU than
    // the statement. Undefined fields are left alone, as the entity update did.
    const metadata = em.connection.getMetadata(TicketEntity);
    const params: unknown[] = [id];
    const sets = Object.entries(changes)
      .filter(([, value]) => value !== undefined)
      .map(([property, value]) => {
        const column = metadata.findColumnWithPropertyName(property);
        if (!column) throw new Error(`ticket has no column for ${property}`);
        params.push(value);
        return `${quoteIdentifier(column.databaseName)} = $${params.length}`;
      });
    await em.query<unknown>(
      `UPDATE ticket SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1`,
      params,
    );
  }

  /**
   * The ticket page: the ticket with its requester, ente, category and assignee, then its timeline
   * with each actor's name. Two plain statements shaped as the page needs them: building entities
   * here cost more CPU than the queries themselves (npm run bench:api, ticket page).
   */
  async findDetail(id: string, em: EntityManager = this.dataSource.manager): Promise<TicketDetailRows> {
    const [ticket] = await em.query<TicketView[]>(
      `SELECT t.id, t.number, t.channel, t.status, t.subject, t.description, t.malfunction, t.difficulty,
              t.redirected_to AS "redirectedTo", t.received_at AS "receivedAt",
              t.taken_in_charge_at AS "takenInChargeAt", t.first_answered_at AS "firstAnsweredAt",
              t.intervention_started_at AS "interventionStartedAt", t.resolved_at AS "resolvedAt",
              t.next_due_at AS "nextDueAt", t.created_at AS "createdAt", t.updated_at AS "updatedAt",
              t.version, t.needs_review AS "needsReview", t.related_ticket_id AS "relatedTicketId",
              t.legal_hold AS "legalHold", t.anonymised_at AS "anonymisedAt",
              CASE WHEN c.id IS NULL THEN NULL
                   ELSE json_build_object('id', c.id, 'name', c.name, 'email', c.email, 'phone', c.phone) END AS requester,
              CASE WHEN e.id IS NULL THEN NULL ELSE json_build_object('id', e.id, 'code', e.code, 'name', e.name) END AS ente,
              CASE WHEN k.id IS NULL THEN NULL ELSE json_build_object('id', k.id, 'code', k.code, 'name', k.name) END AS category,
              CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'name', u.name) END AS assignee,
              CASE WHEN tm.id IS NULL THEN NULL ELSE json_build_object('id', tm.id, 'code', tm.code, 'name', tm.name) END AS team,
              t.merged_into_id AS "mergedIntoId",
              ARRAY(SELECT tt.tag FROM ticket_tag tt WHERE tt.ticket_id = t.id ORDER BY tt.tag) AS tags
         FROM ticket t
         LEFT JOIN contact c ON c.id = t.requester_id
         LEFT JOIN ente e ON e.id = t.ente_id
         LEFT JOIN category k ON k.id = t.category_id
         LEFT JOIN app_user u ON u.id = t.assignee_id
         LEFT JOIN team tm ON tm.id = t.team_id
        WHERE t.id = $1`,
      [id],
    );
    if (!ticket) throw new NotFoundError('Ticket', id);
    const timeline = await em.query<TimelineEventView[]>(
      `SELECT ev.id, ev.type, ev.occurred_at AS "occurredAt", ev.recorded_at AS "recordedAt", ev.payload, ev.body,
              CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'name', u.name) END AS actor
         FROM ticket_event ev LEFT JOIN app_user u ON u.id = ev.actor_id
        WHERE ev.ticket_id = $1 ORDER BY ev.id`,
      [id],
    );
    return { ticket, timeline };
  }

  /**
   * What the queue's search box finds, in every status the other filters allow: a ticket by its
   * number (whole or the sequence alone), by the words of its subject, description and messages
   * (Italian stemming), by a piece of its subject, by its requester's name, e-mail or phone, or by
   * its ente's name.
   */
  private searchCondition(q: string, param: (value: unknown) => string, referent: boolean): string {
    const full = FULL_NUMBER.exec(q);
    if (full) return `t.number = ${param(`${full[1]}-${full[2].padStart(6, '0')}`)}`;
    const any: string[] = [];
    if (SEQUENCE.test(q)) any.push(`t.number LIKE ${param(`%-${q.padStart(6, '0')}`)}`);
    const tsq = `websearch_to_tsquery('italian', ${param(q)})`;
    // A referent's search must not find a ticket by the words of an internal note.
    const internal = referent ? ` AND e.type NOT IN ('note', 'intervention_started')` : '';
    any.push(
      `t.search @@ ${tsq}`,
      `EXISTS (SELECT 1 FROM ticket_event e WHERE e.ticket_id = t.id AND e.search @@ ${tsq}${internal})`,
    );
    const like = param(containing(q));
    any.push(
      `t.subject ILIKE ${like}`,
      `t.requester_id IN (SELECT c.id FROM contact c WHERE c.name ILIKE ${like} OR c.email ILIKE ${like})`,
      `t.ente_id IN (SELECT en.id FROM ente en WHERE en.name ILIKE ${like})`,
    );
    // A phone number in any spelling: compared on its last digits, as the phone intake does.
    const digits = q.replace(/[\s./()+-]/g, '');
    if (/^\d{6,}$/.test(digits)) {
      const suffix = digits.slice(-7);
      any.push(
        `t.requester_id IN (SELECT c.id FROM contact c WHERE regexp_replace(c.phone, '\\D', '', 'g') LIKE ${param(`%${suffix}`)})`,
      );
    }
    return `(${any.join(' OR ')})`;
  }

  async list(query: TicketListQuery): Promise<{ items: TicketListRow[]; nextCursor: string | null }> {
    const sort = sortOf(query.sort);
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.status?.length) where.push(`t.status = ANY(${param(query.status)}::ticket_status[])`);
    if (query.channel?.length) where.push(`t.channel = ANY(${param(query.channel)}::ticket_channel[])`);
    if (query.enteScope) where.push(`t.ente_id = ANY(${param(query.enteScope)}::uuid[])`);
    if (query.enteId) where.push(`t.ente_id = ${param(query.enteId)}`);
    if (query.assigneeId) where.push(`t.assignee_id = ${param(query.assigneeId)}`);
    if (query.unassigned) where.push(`t.assignee_id IS NULL`);
    if (query.requesterId) where.push(`t.requester_id = ${param(query.requesterId)}`);
    if (query.teamId) where.push(`t.team_id = ${param(query.teamId)}`);
    if (query.teamOf) {
      where.push(
        `t.team_id IN (SELECT m.team_id FROM team_member m WHERE m.user_id = ${param(query.teamOf)})`,
      );
    }
    if (query.categoryId) where.push(`t.category_id = ${param(query.categoryId)}`);
    if (query.tag) {
      where.push(
        `EXISTS (SELECT 1 FROM ticket_tag tt WHERE tt.ticket_id = t.id AND tt.tag = ${param(query.tag)})`,
      );
    }
    if (query.receivedFrom) where.push(`t.received_at >= ${param(query.receivedFrom)}`);
    if (query.receivedTo) where.push(`t.received_at < ${param(query.receivedTo)}`);
    if (query.sla === 'breached') {
      where.push(
        `EXISTS (SELECT 1 FROM sla_clock c WHERE c.ticket_id = t.id AND c.state = 'breached' AND c.stopped_at IS NULL)`,
      );
    } else if (query.sla === 'at_risk') {
      where.push(
        `EXISTS (SELECT 1 FROM sla_clock c WHERE c.ticket_id = t.id AND c.state = 'running' AND c.at_risk_at IS NOT NULL)`,
      );
    }
    const q = query.q?.trim();
    if (q) where.push(this.searchCondition(q, param, Boolean(query.enteScope)));
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      const op = sort.dir === 'ASC' ? '>' : '<';
      where.push(
        `(${sort.expr}, t.id) ${op} (${param(cursor.value)}::${sort.type}, ${param(cursor.id)}::uuid)`,
      );
    }
    const rows = await this.dataSource.query<QueueRow[]>(
      `SELECT t.id, t.number, t.channel, t.status, t.subject, t.received_at, t.updated_at, t.next_due_at,
              t.version, t.category_id, t.difficulty, t.malfunction, t.team_id,
              ARRAY(SELECT tt.tag FROM ticket_tag tt WHERE tt.ticket_id = t.id ORDER BY tt.tag) AS tags,
              ${sort.expr} AS sort_value,
              -- Names by key, row by row: a join let the planner hash whole tables for one page
              -- (npm run bench:api).
              t.requester_id, (SELECT c.name FROM contact c WHERE c.id = t.requester_id) AS requester_name,
              t.ente_id, (SELECT en.name FROM ente en WHERE en.id = t.ente_id) AS ente_name,
              t.assignee_id, (SELECT u.name FROM app_user u WHERE u.id = t.assignee_id) AS assignee_name,
              nc.code AS clock_code, nc.due_at AS clock_due_at, nc.warn_at AS clock_warn_at,
              nc.state AS clock_state
         FROM (SELECT t.* FROM ticket t
                ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                ORDER BY ${sort.expr} ${sort.dir}, t.id ${sort.dir}
                LIMIT ${param(query.limit + 1)}) t
         -- The clock the queue counts down: the nearest one still ticking (breached ones included).
         LEFT JOIN LATERAL (
           SELECT k.code, k.due_at, k.warn_at, k.state::text AS state FROM sla_clock k
            WHERE k.ticket_id = t.id AND k.state IN ('running', 'breached') AND k.stopped_at IS NULL
            ORDER BY k.due_at LIMIT 1) nc ON true
        ORDER BY ${sort.expr} ${sort.dir}, t.id ${sort.dir}`,
      params,
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r): TicketListRow => ({
        id: r.id,
        number: r.number,
        channel: r.channel,
        status: r.status,
        subject: r.subject,
        receivedAt: r.received_at,
        updatedAt: r.updated_at,
        nextDueAt: r.next_due_at ?? null,
        nextClock: r.clock_code
          ? {
              code: r.clock_code,
              dueAt: r.clock_due_at as Date,
              warnAt: r.clock_warn_at ?? null,
              state: r.clock_state as 'running' | 'breached',
            }
          : null,
        version: r.version,
        categoryId: r.category_id ?? null,
        difficulty: r.difficulty ?? null,
        malfunction: r.malfunction,
        teamId: r.team_id ?? null,
        tags: r.tags ?? [],
        requester: r.requester_id ? { id: r.requester_id, name: r.requester_name as string } : null,
        ente: r.ente_id ? { id: r.ente_id, name: r.ente_name as string } : null,
        assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name as string } : null,
      })),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ value: sortValueText(last.sort_value), id: last.id })
          : null,
    };
  }
}
