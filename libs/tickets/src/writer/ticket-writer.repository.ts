import { unnestInsert } from '@app/database';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { TicketEntity } from '../entities';
import type { TicketTimelineEvent } from './timeline-event.types';

/** A ticket's nearest due instant and SLA policy, as its clocks last set them. */
export interface TicketSchedule {
  ticketId: string;
  nextDueAt: Date | null;
  policyId: string;
}

/** The schedule's UPDATE, its three parameters numbered from `first` (see scheduleParams). */
const scheduleUpdate = (first: number) =>
  `UPDATE ticket SET next_due_at = $${first + 1}, sla_policy_id = $${first + 2} WHERE id = $${first}`;
const scheduleParams = (s: TicketSchedule) => [s.ticketId, s.nextDueAt, s.policyId];

export interface ContactRow {
  id: string;
  name: string;
  enteId: string | null;
}

export interface NewContactRow {
  name: string;
  email: string;
  enteId: string | null;
}

export interface NewContactWithId {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  enteId: string | null;
}

/** A ticket row the bulk writer inserts as given (ids and numbers already allocated). */
export interface TicketInsertRow {
  id: string;
  number: string;
  channel: string;
  status: string;
  subject: string;
  description: string;
  requesterId: string | null;
  enteId: string | null;
  categoryId: string | null;
  difficulty: string | null;
  malfunction: boolean;
  receivedAt: Date;
  slaPolicyId: string | null;
  nextDueAt: Date | null;
  needsReview: boolean;
  relatedTicketId: string | null;
  assigneeId: string | null;
  teamId?: string | null;
  redirectedTo: string | null;
  takenInChargeAt: Date | null;
  firstAnsweredAt: Date | null;
  interventionStartedAt: Date | null;
  resolvedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The statements of the ticket aggregate's writes: numbers, tickets, contacts, timeline. */
@Injectable()
export class TicketWriterRepository {
  /** Adds k to the year's counter and returns the new last value; the row stays locked until commit, so numbers have no gaps. */
  async bumpCounter(em: EntityManager, year: number, k: number): Promise<number> {
    const [row] = await em.query<{ last_value: string | number }[]>(
      `INSERT INTO ticket_number_counter (year, last_value) VALUES ($1, $2)
       ON CONFLICT (year) DO UPDATE SET last_value = ticket_number_counter.last_value + $2
       RETURNING last_value`,
      [year, k],
    );
    return Number(row.last_value);
  }

  /** Raises the year's counter to at least `last` (numbers written from elsewhere: the import, the demo). */
  async raiseCounter(em: EntityManager, year: number, last: number): Promise<void> {
    await em.query<unknown>(
      `INSERT INTO ticket_number_counter (year, last_value) VALUES ($1, $2)
       ON CONFLICT (year) DO UPDATE SET last_value = GREATEST(ticket_number_counter.last_value, EXCLUDED.last_value)`,
      [year, last],
    );
  }

  async insertTicket(em: EntityManager, ticket: Partial<TicketEntity>): Promise<TicketEntity> {
    return em.getRepository(TicketEntity).save(em.getRepository(TicketEntity).create(ticket));
  }

  /**
   * A new message on each of these tickets, as TicketRepository.applyChanges(id, {}) writes it:
   * the version moves on once per message (a ticket may be listed more than once), one statement.
   */
  async bumpVersions(em: EntityManager, ticketIds: readonly string[]): Promise<void> {
    if (ticketIds.length === 0) return;
    await em.query<unknown>(
      `UPDATE ticket t SET version = t.version + c.n, updated_at = now()
         FROM (SELECT id, count(*)::int AS n FROM unnest($1::uuid[]) AS id GROUP BY id) c
        WHERE t.id = c.id`,
      [ticketIds],
    );
  }

  /** The ticket's nearest SLA due instant and its policy, as the clock sync computed them. */
  async setSchedule(em: EntityManager, schedule: TicketSchedule): Promise<void> {
    await em.query<unknown>(scheduleUpdate(1), scheduleParams(schedule));
  }

  /** Many tickets in one statement. */
  async insertTickets(em: EntityManager, rows: readonly TicketInsertRow[]): Promise<void> {
    if (rows.length === 0) return;
    const { sql, params } = unnestInsert(
      'ticket',
      [
        { name: 'id', type: 'uuid', value: (t: TicketInsertRow) => t.id },
        { name: 'number', type: 'text', value: (t: TicketInsertRow) => t.number },
        { name: 'channel', type: 'ticket_channel', value: (t: TicketInsertRow) => t.channel },
        { name: 'status', type: 'ticket_status', value: (t: TicketInsertRow) => t.status },
        { name: 'subject', type: 'text', value: (t: TicketInsertRow) => t.subject },
        { name: 'description', type: 'text', value: (t: TicketInsertRow) => t.description },
        { name: 'requester_id', type: 'uuid', value: (t: TicketInsertRow) => t.requesterId },
        { name: 'ente_id', type: 'uuid', value: (t: TicketInsertRow) => t.enteId },
        { name: 'category_id', type: 'uuid', value: (t: TicketInsertRow) => t.categoryId },
        { name: 'difficulty', type: 'ticket_difficulty', value: (t: TicketInsertRow) => t.difficulty },
        { name: 'malfunction', type: 'boolean', value: (t: TicketInsertRow) => t.malfunction },
        { name: 'received_at', type: 'timestamptz', value: (t: TicketInsertRow) => t.receivedAt },
        { name: 'sla_policy_id', type: 'uuid', value: (t: TicketInsertRow) => t.slaPolicyId },
        { name: 'next_due_at', type: 'timestamptz', value: (t: TicketInsertRow) => t.nextDueAt },
        { name: 'needs_review', type: 'boolean', value: (t: TicketInsertRow) => t.needsReview },
        { name: 'related_ticket_id', type: 'uuid', value: (t: TicketInsertRow) => t.relatedTicketId },
        { name: 'assignee_id', type: 'uuid', value: (t: TicketInsertRow) => t.assigneeId },
        { name: 'team_id', type: 'uuid', value: (t: TicketInsertRow) => t.teamId ?? null },
        { name: 'redirected_to', type: 'text', value: (t: TicketInsertRow) => t.redirectedTo },
        { name: 'taken_in_charge_at', type: 'timestamptz', value: (t: TicketInsertRow) => t.takenInChargeAt },
        { name: 'first_answered_at', type: 'timestamptz', value: (t: TicketInsertRow) => t.firstAnsweredAt },
        {
          name: 'intervention_started_at',
          type: 'timestamptz',
          value: (t: TicketInsertRow) => t.interventionStartedAt,
        },
        { name: 'resolved_at', type: 'timestamptz', value: (t: TicketInsertRow) => t.resolvedAt },
        { name: 'created_at', type: 'timestamptz', value: (t: TicketInsertRow) => t.createdAt },
        { name: 'updated_at', type: 'timestamptz', value: (t: TicketInsertRow) => t.updatedAt },
      ],
      rows,
    );
    await em.query<unknown>(sql, params);
  }

  /** Timeline events in one statement, in the given order (their ids follow it). */
  async insertEvents(
    em: EntityManager,
    events: readonly TicketTimelineEvent[],
    recordedAt: Date | null = null,
    /** The ticket's new due instant and policy, written by the same statement (one round trip). */
    schedule?: TicketSchedule,
  ): Promise<void> {
    if (events.length === 0) return;
    // Without an instant given, recorded_at is the column default (the transaction's now()).
    const recorded = recordedAt || events.some((e) => e.recordedAt) ? (recordedAt ?? new Date()) : null;
    const { sql, params } = unnestInsert(
      'ticket_event',
      [
        { name: 'ticket_id', type: 'uuid', value: (e: TicketTimelineEvent) => e.ticketId },
        { name: 'type', type: 'text', value: (e: TicketTimelineEvent) => e.type },
        { name: 'actor_id', type: 'uuid', value: (e: TicketTimelineEvent) => e.actorId },
        { name: 'occurred_at', type: 'timestamptz', value: (e: TicketTimelineEvent) => e.occurredAt },
        ...(recorded
          ? [
              {
                name: 'recorded_at',
                type: 'timestamptz',
                value: (e: TicketTimelineEvent) => e.recordedAt ?? recorded,
              },
            ]
          : []),
        { name: 'payload', type: 'jsonb', value: (e: TicketTimelineEvent) => e.payload },
        { name: 'body', type: 'text', value: (e: TicketTimelineEvent) => e.body ?? null },
      ],
      events,
    );
    if (!schedule) {
      await em.query<unknown>(sql, params);
      return;
    }
    // A data-modifying CTE runs to completion whether or not the INSERT reads it.
    await em.query<unknown>(`WITH schedule AS (${scheduleUpdate(params.length + 1)}) ${sql}`, [
      ...params,
      ...scheduleParams(schedule),
    ]);
  }

  /** The ente of the closest mapped domain among these candidates (longest wins). */
  async enteOfDomains(em: EntityManager, candidates: string[]): Promise<string | null> {
    if (candidates.length === 0) return null;
    const [row] = await em.query<{ ente_id: string }[]>(
      `SELECT ente_id FROM ente_domain WHERE domain = ANY($1) ORDER BY length(domain) DESC LIMIT 1`,
      [candidates],
    );
    return row?.ente_id ?? null;
  }

  /** Every mapped domain among these candidates, with its ente. */
  async domainEntes(em: EntityManager, candidates: string[]): Promise<Map<string, string>> {
    if (candidates.length === 0) return new Map();
    const rows: { domain: string; ente_id: string }[] = await em.query<{ domain: string; ente_id: string }[]>(
      `SELECT domain, ente_id FROM ente_domain WHERE domain = ANY($1)`,
      [candidates],
    );
    return new Map(rows.map((r) => [r.domain, r.ente_id]));
  }

  /** Finds the contact by address or creates it, in one statement; safe when two mails from a new sender arrive at once. */
  async contactByEmail(em: EntityManager, contact: NewContactRow): Promise<ContactRow> {
    const [row]: { id: string; name: string; ente_id: string | null }[] = await em.query<
      { id: string; name: string; ente_id: string | null }[]
    >(
      `WITH created AS (
         INSERT INTO contact (name, email, ente_id) VALUES ($1, $2, $3)
         ON CONFLICT (lower(email)) WHERE email IS NOT NULL DO NOTHING
         RETURNING id, name, ente_id)
       SELECT id, name, ente_id FROM created
       UNION ALL
       SELECT id, name, ente_id FROM contact WHERE lower(email) = lower($2) AND NOT EXISTS (SELECT 1 FROM created)
       LIMIT 1`,
      [contact.name, contact.email, contact.enteId],
    );
    if (row) return { id: row.id, name: row.name, enteId: row.ente_id ?? null };
    // Inserted by a transaction that committed after this statement's snapshot: read it now.
    const [again]: { id: string; name: string; ente_id: string | null }[] = await em.query<
      { id: string; name: string; ente_id: string | null }[]
    >(`SELECT id, name, ente_id FROM contact WHERE lower(email) = lower($1)`, [contact.email]);
    return { id: again.id, name: again.name, enteId: again.ente_id ?? null };
  }

  /** Contacts the caller has matched and found new (the import, the demo), as given. */
  async insertContacts(em: EntityManager, contacts: readonly NewContactWithId[]): Promise<void> {
    if (contacts.length === 0) return;
    const { sql, params } = unnestInsert(
      'contact',
      [
        { name: 'id', type: 'uuid', value: (c: NewContactWithId) => c.id },
        { name: 'name', type: 'text', value: (c: NewContactWithId) => c.name },
        { name: 'email', type: 'text', value: (c: NewContactWithId) => c.email },
        { name: 'phone', type: 'text', value: (c: NewContactWithId) => c.phone },
        { name: 'ente_id', type: 'uuid', value: (c: NewContactWithId) => c.enteId },
      ],
      contacts,
    );
    await em.query<unknown>(sql, params);
  }

  /** Creates the contacts not yet known (by lower-cased address) in one statement. */
  async insertMissingContacts(em: EntityManager, contacts: readonly NewContactRow[]): Promise<void> {
    if (contacts.length === 0) return;
    const insert = unnestInsert(
      'contact',
      [
        { name: 'name', type: 'text', value: (r: NewContactRow) => r.name },
        { name: 'email', type: 'text', value: (r: NewContactRow) => r.email },
        { name: 'ente_id', type: 'uuid', value: (r: NewContactRow) => r.enteId },
      ],
      contacts,
    );
    await em.query<unknown>(
      `${insert.sql} ON CONFLICT (lower(email)) WHERE email IS NOT NULL DO NOTHING`,
      insert.params,
    );
  }

  /** The contacts of these addresses, keyed by lower-cased address. */
  async contactsByEmail(em: EntityManager, addresses: string[]): Promise<Map<string, ContactRow>> {
    const found: { id: string; email: string; name: string; ente_id: string | null }[] = await em.query<
      { id: string; email: string; name: string; ente_id: string | null }[]
    >(`SELECT id, lower(email) AS email, name, ente_id FROM contact WHERE lower(email) = ANY($1)`, [
      addresses,
    ]);
    return new Map(found.map((c) => [c.email, { id: c.id, name: c.name, enteId: c.ente_id ?? null }]));
  }
}
