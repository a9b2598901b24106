import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import type { MacroActions } from './macro-steps.util';

export interface MacroRow {
  id: string;
  name: string;
  teamId: string | null;
  teamName: string | null;
  actions: MacroActions;
  version: number;
  updatedAt: Date;
}

const MACRO_SELECT = `SELECT m.id, m.name, m.team_id AS "teamId", tm.name AS "teamName", m.actions, m.version,
       m.updated_at AS "updatedAt"
  FROM macro m LEFT JOIN team tm ON tm.id = m.team_id`;

/** The only reader and writer of `macro` (issue 19.4). */
@Injectable()
export class MacroRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  list(): Promise<MacroRow[]> {
    return this.dataSource.query<MacroRow[]>(`${MACRO_SELECT} ORDER BY tm.name NULLS FIRST, lower(m.name)`);
  }

  async find(id: string, em?: EntityManager): Promise<MacroRow | undefined> {
    const rows = await (em ?? this.dataSource).query<MacroRow[]>(`${MACRO_SELECT} WHERE m.id = $1`, [id]);
    return rows[0];
  }

  /** The teams a user leads (they manage those teams' macros). */
  async ledBy(userId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ team_id: string }[]>(
      `SELECT team_id FROM team_member WHERE user_id = $1 AND lead`,
      [userId],
    );
    return rows.map((r) => r.team_id);
  }

  async insert(
    em: EntityManager,
    macro: { name: string; teamId: string | null; actions: MacroActions; createdBy: string },
  ): Promise<string> {
    const [row] = await em.query<{ id: string }[]>(
      `INSERT INTO macro (name, team_id, actions, created_by) VALUES ($1, $2, $3::jsonb, $4) RETURNING id`,
      [macro.name, macro.teamId, JSON.stringify(macro.actions), macro.createdBy],
    );
    return row.id;
  }

  /** False when the version read is no longer the macro's. */
  async update(
    em: EntityManager,
    id: string,
    version: number,
    macro: { name: string; teamId: string | null; actions: MacroActions },
  ): Promise<boolean> {
    const rows = await em.query<{ id: string }[]>(
      `WITH done AS (
         UPDATE macro SET name = $3, team_id = $4, actions = $5::jsonb, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING id)
       SELECT id FROM done`,
      [id, version, macro.name, macro.teamId, JSON.stringify(macro.actions)],
    );
    return rows.length > 0;
  }

  async remove(em: EntityManager, id: string): Promise<void> {
    await em.query<unknown>(`DELETE FROM macro WHERE id = $1`, [id]);
  }

  async categoryName(em: EntityManager, id: string): Promise<string | null> {
    const rows = await em.query<{ name: string }[]>(`SELECT name FROM category WHERE id = $1`, [id]);
    return rows[0]?.name ?? null;
  }

  async teamName(em: EntityManager, id: string, activeOnly: boolean): Promise<string | null> {
    const rows = await em.query<{ name: string }[]>(
      `SELECT name FROM team WHERE id = $1 AND (active OR NOT $2::boolean)`,
      [id, activeOnly],
    );
    return rows[0]?.name ?? null;
  }
}
