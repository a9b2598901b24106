/*
 * The bare-SQL floors of the agents' requests: what the api sends to PostgreSQL for each, written
 * by hand and run through a pg client without Nest, validation, auth or JSON. bench:api and
 * bench:day put them beside the api's figures.
 */
import { TicketRepository } from '@app/tickets';
import { PoolClient } from 'pg';
import { DataSource } from 'typeorm';

/** The web queue's default view (apps/web/src/queue/views.ts): open tickets, nearest due first. */
export const LISTING = { status: ['new', 'open', 'waiting'] as const, sort: 'due' as const, limit: 100 };
export const LISTING_PATH = `/api/tickets?status=${encodeURIComponent(LISTING.status.join(','))}&sort=${LISTING.sort}&limit=${LISTING.limit}`;

export interface CapturedSql {
  sql: string;
  params: unknown[];
}

/** The exact statement the repository sends for the listing, captured without a database. */
export async function listingSql(): Promise<CapturedSql> {
  let captured: CapturedSql | undefined;
  const capture = {
    query: async (sql: string, params: unknown[]) => {
      captured = { sql, params };
      return [];
    },
  } as unknown as DataSource;
  await new TicketRepository(capture).list({ ...LISTING, status: [...LISTING.status] });
  return captured!;
}

/** The ticket page's three reads: the ticket with its relations, its timeline, its clocks. */
export async function ticketPageFloor(client: PoolClient, id: string): Promise<void> {
  await client.query(
    `SELECT t.*, to_jsonb(c) AS requester, to_jsonb(e) AS ente, to_jsonb(k) AS category, to_jsonb(u) AS assignee
       FROM ticket t LEFT JOIN contact c ON c.id = t.requester_id LEFT JOIN ente e ON e.id = t.ente_id
       LEFT JOIN category k ON k.id = t.category_id LEFT JOIN app_user u ON u.id = t.assignee_id
      WHERE t.id = $1`,
    [id],
  );
  await client.query(
    `SELECT ev.*, u.name AS actor_name FROM ticket_event ev LEFT JOIN app_user u ON u.id = ev.actor_id
      WHERE ev.ticket_id = $1 ORDER BY ev.id`,
    [id],
  );
  await client.query(`SELECT * FROM sla_clock WHERE ticket_id = $1 ORDER BY code, cycle`, [id]);
}

export type FloorAction = 'take charge' | 'resolve' | 'note';

const RESOLUTION = 'Password reimpostata, accesso ripristinato.';

/**
 * An action's writes in one transaction: lock the ticket, update it, its timeline events, the
 * clocks it stops (take charge: SLA.6; resolve: all; a note: none).
 */
export async function actionFloor(
  client: PoolClient,
  id: string,
  agentId: string,
  action: FloorAction,
  noteBody = 'Nota interna: richiamato il referente.',
): Promise<void> {
  const resolve = action === 'resolve';
  await client.query('BEGIN');
  try {
    await client.query(`SELECT * FROM ticket WHERE id = $1 FOR NO KEY UPDATE`, [id]);
    if (action === 'note') {
      await client.query(`UPDATE ticket SET updated_at = now() WHERE id = $1`, [id]);
      await client.query(
        `INSERT INTO ticket_event (ticket_id, type, actor_id, occurred_at, payload, body) VALUES ($1, 'note', $2, now(), '{}', $3)`,
        [id, agentId, noteBody],
      );
    } else {
      await client.query(
        `UPDATE ticket SET status = $2::ticket_status, assignee_id = $3, taken_in_charge_at = coalesce(taken_in_charge_at, now()),
                resolved_at = CASE WHEN $4::boolean THEN now() END, version = version + 1, updated_at = now()
          WHERE id = $1`,
        [id, resolve ? 'resolved' : 'open', agentId, resolve],
      );
      await client.query(
        `INSERT INTO ticket_event (ticket_id, type, actor_id, occurred_at, payload, body)
         SELECT $1, type, $2, now(), payload, $3 FROM jsonb_to_recordset($4::jsonb) AS x(type text, payload jsonb)`,
        [
          id,
          agentId,
          resolve ? RESOLUTION : null,
          JSON.stringify(
            resolve
              ? [{ type: 'status_changed', payload: { from: 'open', to: 'resolved' } }]
              : [
                  { type: 'taken_in_charge', payload: { agentId } },
                  { type: 'status_changed', payload: { from: 'new', to: 'open' } },
                ],
          ),
        ],
      );
      await client.query(
        `UPDATE sla_clock SET state = 'met', stopped_at = now(), updated_at = now()
          WHERE ticket_id = $1 AND state = 'running' AND ($2::boolean OR code = 'SLA.6')`,
        [id, resolve],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** The yearly ticket report's floor: 2017's tickets counted by month, channel and status. */
export function yearlyReportFloor(ds: DataSource): Promise<unknown> {
  return ds.query(`SELECT date_trunc('month', received_at AT TIME ZONE 'Europe/Rome'), channel, status, count(*)
                     FROM ticket WHERE received_at >= '2017-01-01 00:00+01' AND received_at < '2018-01-01 00:00+01' GROUP BY 1, 2, 3`);
}
