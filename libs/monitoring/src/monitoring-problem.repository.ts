import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** An object's open problem, locked for the caller's transaction. */
export interface OpenProblemRow {
  id: string;
  ticket_id: string;
  opened_at: Date;
  acknowledged_at: Date | null;
}

/**
 * The problems (monitoring_problem: one open per host or service, with its ticket) and what the
 * alerts read of the tickets beside them. Every method is one step of the caller's transaction.
 */
@Injectable()
export class MonitoringProblemRepository {
  async open(em: EntityManager, host: string, service: string | null): Promise<OpenProblemRow | undefined> {
    const rows = await em.query<OpenProblemRow[]>(
      `SELECT id, ticket_id, opened_at, acknowledged_at FROM monitoring_problem
        WHERE host = $1 AND service = $2 AND closed_at IS NULL FOR UPDATE`,
      [host, service ?? ''],
    );
    return rows[0];
  }

  async insert(
    em: EntityManager,
    host: string,
    service: string,
    ticketId: string,
    openedAt: Date,
  ): Promise<void> {
    await em.query<unknown>(
      `INSERT INTO monitoring_problem (host, service, ticket_id, opened_at) VALUES ($1, $2, $3, $4)`,
      [host, service, ticketId, openedAt],
    );
  }

  /** Nagios's own state shows an acknowledgement (no author known). */
  async acknowledge(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.query<unknown>(`UPDATE monitoring_problem SET acknowledged_at = $2 WHERE id = $1`, [id, at]);
  }

  async acknowledgeBy(em: EntityManager, id: string, at: Date, author: string | null): Promise<void> {
    await em.query<unknown>(
      `UPDATE monitoring_problem SET acknowledged_at = $2, acknowledged_by = $3 WHERE id = $1`,
      [id, at, author],
    );
  }

  async close(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.query<unknown>(`UPDATE monitoring_problem SET closed_at = $2 WHERE id = $1`, [id, at]);
  }

  /** How many problems sharing this ticket are still open. */
  async openCount(em: EntityManager, ticketId: string): Promise<number> {
    const [row] = await em.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM monitoring_problem WHERE ticket_id = $1 AND closed_at IS NULL`,
      [ticketId],
    );
    return row.n;
  }

  /** An active staff user (agent, supervisor, admin) with this e-mail (lower case). */
  async staffIdByEmail(em: EntityManager, email: string): Promise<string | undefined> {
    const rows = await em.query<{ id: string }[]>(
      `SELECT id FROM app_user WHERE lower(email) = $1 AND active AND role IN ('agent', 'supervisor', 'admin')`,
      [email],
    );
    return rows[0]?.id;
  }

  async ticketStatus(em: EntityManager, ticketId: string): Promise<string | undefined> {
    const rows = await em.query<{ status: string }[]>(`SELECT status FROM ticket WHERE id = $1`, [ticketId]);
    return rows[0]?.status;
  }

  /** The category of monitoring tickets, created with the first one when missing; its id. */
  async ensureCategory(em: EntityManager, code: string, name: string): Promise<string | null> {
    await em.query<unknown>(
      `INSERT INTO category (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`,
      [code, name],
    );
    const rows = await em.query<{ id: string }[]>(`SELECT id FROM category WHERE code = $1`, [code]);
    return rows[0]?.id ?? null;
  }
}
