import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import type { RoutingActions, RoutingConditions, RoutingFacts } from './routing-match';

export interface RoutingRuleRow {
  id: string;
  position: number;
  name: string;
  enabled: boolean;
  conditions: RoutingConditions;
  actions: RoutingActions;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A ticket as the rules see it, with what identifies it to a person (the preview's sample). */
export interface TicketFactsRow extends RoutingFacts {
  id: string;
  number: string;
}

const RULE_SELECT = `SELECT id, position, name, enabled, conditions, actions, version,
    created_at AS "createdAt", updated_at AS "updatedAt" FROM routing_rule`;

/**
 * Facts of tickets as they opened: the first inbound message gives the sender and the monitoring
 * object, the raw mail that opened it its mailbox.
 */
const FACTS_SELECT = `SELECT t.id, t.number, t.channel, t.ente_id AS "enteId", t.category_id AS "categoryId",
    t.subject, t.description AS body, t.malfunction,
    m.payload -> 'from' ->> 'email' AS "senderAddress",
    m.payload ->> 'host' AS host, NULLIF(m.payload ->> 'service', '') AS service,
    (SELECT i.mailbox_id FROM inbound_mail i WHERE i.ticket_id = t.id AND i.outcome = 'ticket_created'
      ORDER BY i.processed_at LIMIT 1) AS "mailboxId"
  FROM ticket t
  LEFT JOIN LATERAL (SELECT e.payload FROM ticket_event e
     WHERE e.ticket_id = t.id AND e.type = 'message' AND e.payload ->> 'direction' = 'in'
     ORDER BY e.id LIMIT 1) m ON true`;

/** The only reader and writer of `routing_rule` (issue 19.2), and the facts the rules read. */
@Injectable()
export class RoutingRuleRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  list(em?: EntityManager): Promise<RoutingRuleRow[]> {
    return (em ?? this.dataSource).query<RoutingRuleRow[]>(`${RULE_SELECT} ORDER BY position, created_at`);
  }

  async find(id: string, em?: EntityManager): Promise<RoutingRuleRow | undefined> {
    const rows = await (em ?? this.dataSource).query<RoutingRuleRow[]>(`${RULE_SELECT} WHERE id = $1`, [id]);
    return rows[0];
  }

  /** Every rule locked, in order: edits of the order serialise on this. */
  lockAll(em: EntityManager): Promise<{ id: string; version: number }[]> {
    return em.query<{ id: string; version: number }[]>(
      `SELECT id, version FROM routing_rule ORDER BY position, created_at FOR UPDATE`,
    );
  }

  async insert(
    em: EntityManager,
    rule: {
      name: string;
      enabled: boolean;
      conditions: RoutingConditions;
      actions: RoutingActions;
      createdBy: string;
      position: number | null;
    },
  ): Promise<string> {
    const [row] = await em.query<{ id: string }[]>(
      `INSERT INTO routing_rule (position, name, enabled, conditions, actions, created_by)
       VALUES (COALESCE($1, (SELECT COALESCE(max(position), 0) + 1 FROM routing_rule)), $2, $3, $4, $5, $6)
       RETURNING id`,
      [rule.position, rule.name, rule.enabled, rule.conditions, rule.actions, rule.createdBy],
    );
    return row.id;
  }

  /** Changes the rule only at the version given; false when it is not (or no longer) that version. */
  async update(
    em: EntityManager,
    id: string,
    version: number,
    fields: {
      name?: string;
      enabled?: boolean;
      conditions?: RoutingConditions;
      actions?: RoutingActions;
    },
  ): Promise<boolean> {
    const rows = await em.query<{ id: string }[]>(
      `WITH done AS (
         UPDATE routing_rule SET name = COALESCE($3, name), enabled = COALESCE($4, enabled),
                conditions = COALESCE($5, conditions), actions = COALESCE($6, actions),
                version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING id)
       SELECT id FROM done`,
      [
        id,
        version,
        fields.name ?? null,
        fields.enabled ?? null,
        fields.conditions ?? null,
        fields.actions ?? null,
      ],
    );
    return rows.length > 0;
  }

  async delete(em: EntityManager, id: string, version: number): Promise<boolean> {
    const rows = await em.query<{ id: string }[]>(
      `WITH done AS (DELETE FROM routing_rule WHERE id = $1 AND version = $2 RETURNING id) SELECT id FROM done`,
      [id, version],
    );
    return rows.length > 0;
  }

  /**
   * Positions 1..n in the order given. A reorder (`bump`) moves the version of each rule whose place
   * changes, so two admins reordering at once do not both win; closing the gap of a deleted rule
   * does not.
   */
  async setOrder(em: EntityManager, ids: readonly string[], bump: boolean): Promise<void> {
    await em.query<unknown>(
      `UPDATE routing_rule r SET position = x.pos,
              version = r.version + CASE WHEN $2::boolean THEN 1 ELSE 0 END,
              updated_at = CASE WHEN $2::boolean THEN now() ELSE r.updated_at END
         FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, pos)
        WHERE r.id = x.id AND r.position IS DISTINCT FROM x.pos::integer`,
      [ids, bump],
    );
  }

  /** The ids among these that exist (and are active, where the table says so). */
  async existing(
    em: EntityManager,
    ids: { teams: string[]; users: string[]; categories: string[]; mailboxes: string[]; entes: string[] },
  ): Promise<{ kind: string; id: string }[]> {
    return em.query<{ kind: string; id: string }[]>(
      `SELECT 'teams' AS kind, id FROM team WHERE id = ANY($1::uuid[]) AND active
       UNION ALL SELECT 'users', id FROM app_user
         WHERE id = ANY($2::uuid[]) AND active AND role IN ('admin', 'supervisor', 'agent')
       UNION ALL SELECT 'categories', id FROM category WHERE id = ANY($3::uuid[])
       UNION ALL SELECT 'mailboxes', id FROM mailbox WHERE id = ANY($4::uuid[])
       UNION ALL SELECT 'entes', id FROM ente WHERE id = ANY($5::uuid[])`,
      [ids.teams, ids.users, ids.categories, ids.mailboxes, ids.entes],
    );
  }

  /** The latest tickets by arrival (the preview's sample of what the rules would have met). */
  recentFacts(limit: number): Promise<TicketFactsRow[]> {
    return this.dataSource.query<TicketFactsRow[]>(
      `${FACTS_SELECT} WHERE t.id IN (SELECT id FROM ticket ORDER BY received_at DESC, number DESC LIMIT $1)
       ORDER BY t.received_at DESC, t.number DESC`,
      [limit],
    );
  }

  async factsOf(em: EntityManager, ticketId: string): Promise<TicketFactsRow | undefined> {
    const rows = await em.query<TicketFactsRow[]>(`${FACTS_SELECT} WHERE t.id = $1`, [ticketId]);
    return rows[0];
  }
}
