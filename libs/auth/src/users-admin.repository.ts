import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import type { Role } from './auth.decorators';

/**
 * A user as admins see it. lockedUntil: when the last client address now refused for this e-mail
 * address may try again ($1 attempts allowed per $2-minute window), null when none is refused.
 */
const USER_VIEW = `u.id, u.email, u.name, u.role, u.active, u.created_at AS "createdAt",
  (SELECT max(t.window_start + make_interval(mins => $2)) FROM login_throttle t
    WHERE t.email = lower(u.email) AND t.attempts > $1 AND t.window_start > now() - make_interval(mins => $2))
    AS "lockedUntil",
  COALESCE((SELECT array_agg(ue.ente_id) FROM user_ente ue WHERE ue.user_id = u.id), '{}') AS "enteIds"`;

export interface AdminUserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: Date;
  lockedUntil: Date | null;
  enteIds: string[];
}

export interface ApiTokenListRow {
  id: string;
  name: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** How many failed attempts lock an address, and for how long (the throttle's settings). */
export interface LockPolicy {
  after: number;
  minutes: number;
}

/**
 * The admins' statements on `app_user`, `user_ente`, `user_session` (ending sessions) and
 * `api_token`. Sign-in's own reads and writes are in `AuthRepository`.
 */
@Injectable()
export class UsersAdminRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async countActiveAdmins(): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND active`,
    );
    return row.n;
  }

  /** The first admin from the environment; an existing account with that address becomes it. */
  async upsertFirstAdmin(email: string, passwordHash: string): Promise<void> {
    await this.dataSource.query<unknown>(
      `INSERT INTO app_user (email, name, role, password_hash, active, password_changed_at)
       VALUES ($1, 'Amministratore', 'admin', $2, true, now())
       ON CONFLICT (lower(email)) DO UPDATE SET role = 'admin', active = true, password_hash = EXCLUDED.password_hash`,
      [email, passwordHash],
    );
  }

  list(lock: LockPolicy): Promise<AdminUserRow[]> {
    return this.dataSource.query<AdminUserRow[]>(`SELECT ${USER_VIEW} FROM app_user u ORDER BY u.name`, [
      lock.after,
      lock.minutes,
    ]);
  }

  async find(id: string, lock: LockPolicy): Promise<AdminUserRow | null> {
    const [row] = await this.dataSource.query<AdminUserRow[]>(
      `SELECT ${USER_VIEW} FROM app_user u WHERE u.id = $3`,
      [lock.after, lock.minutes, id],
    );
    return row ?? null;
  }

  /** The new user's id, or null when the e-mail address is taken (unique violation). */
  async insert(
    em: EntityManager,
    user: { email: string; name: string; role: Role; passwordHash: string },
  ): Promise<string | null> {
    try {
      const [row] = await em.query<{ id: string }[]>(
        `INSERT INTO app_user (email, name, role, password_hash, active, password_changed_at)
         VALUES ($1, $2, $3, $4, true, now()) RETURNING id`,
        [user.email, user.name, user.role, user.passwordHash],
      );
      return row.id;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return null;
      throw error;
    }
  }

  /** Role always; active and the password hash only when given (a new hash dates the change). */
  async update(
    em: EntityManager,
    id: string,
    change: { role: Role; active: boolean | null; passwordHash: string | null },
  ): Promise<void> {
    await em.query<unknown>(
      `UPDATE app_user SET role = $2, active = COALESCE($3, active),
              password_hash = COALESCE($4, password_hash),
              password_changed_at = CASE WHEN $4::text IS NULL THEN password_changed_at ELSE now() END
        WHERE id = $1`,
      [id, change.role, change.active, change.passwordHash],
    );
  }

  async revokeSessions(em: EntityManager, userId: string): Promise<void> {
    await em.query<unknown>(
      `UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId],
    );
  }

  /** The active admins, locked until the transaction ends (two admins demoting each other). */
  async lockActiveAdmins(em: EntityManager): Promise<string[]> {
    const rows = await em.query<{ id: string }[]>(
      `SELECT id FROM app_user WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`,
    );
    return rows.map((r) => r.id);
  }

  async countEntes(em: EntityManager, enteIds: string[]): Promise<number> {
    const [row] = await em.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ente WHERE id = ANY($1)`, [
      enteIds,
    ]);
    return row.n;
  }

  async replaceEntes(em: EntityManager, userId: string, enteIds: string[]): Promise<void> {
    await em.query<unknown>(`DELETE FROM user_ente WHERE user_id = $1`, [userId]);
    for (const enteId of enteIds) {
      await em.query<unknown>(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [userId, enteId]);
    }
  }

  async enteIds(em: EntityManager, userId: string): Promise<string[]> {
    const rows = await em.query<{ ente_id: string }[]>(`SELECT ente_id FROM user_ente WHERE user_id = $1`, [
      userId,
    ]);
    return rows.map((r) => r.ente_id);
  }

  async insertToken(token: {
    name: string;
    tokenHash: string;
    scopes: string[];
    createdBy: string;
  }): Promise<{ id: string; createdAt: Date }> {
    const [row] = await this.dataSource.query<{ id: string; createdAt: Date }[]>(
      `INSERT INTO api_token (name, token_hash, scopes, created_by) VALUES ($1, $2, $3, $4)
       RETURNING id, created_at AS "createdAt"`,
      [token.name, token.tokenHash, token.scopes, token.createdBy],
    );
    return row;
  }

  listTokens(): Promise<ApiTokenListRow[]> {
    return this.dataSource.query<ApiTokenListRow[]>(
      `SELECT id, name, scopes, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
         FROM api_token ORDER BY created_at DESC`,
    );
  }

  /** false when there is no such token still in force. */
  async revokeToken(id: string): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE api_token SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }
}
