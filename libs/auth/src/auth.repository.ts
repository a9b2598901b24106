import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import type { Role } from './auth.decorators';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  passwordHash: string | null;
}

export interface AttemptCount {
  /** Attempts for this e-mail address from this client address in the current window, this one included. */
  attempts: number;
  windowEndsAt: Date;
}

export interface SessionRow {
  userId: string;
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date;
  role: Role;
  name: string;
  active: boolean;
}

const USER_COLUMNS = `id, email, name, role, active, password_hash AS "passwordHash"`;
/** Stale throttle rows are swept on about one sign-in in this many (no timer to run, no unbounded table). */
const SWEEP_ONE_IN = 100;

/** The queries of sign-in, sessions, tokens and users; the rules live in AuthService. */
/** An API token with its creator, as the token guard checks it. */
export interface ApiTokenRow {
  id: string;
  scopes: string[];
  createdBy: string;
  name: string;
  active: boolean;
}

@Injectable()
export class AuthRepository {
  constructor(private readonly dataSource: DataSource) {}

  async userByEmail(email: string): Promise<UserRow | null> {
    const [row] = await this.dataSource.query<UserRow[]>(
      `SELECT ${USER_COLUMNS} FROM app_user WHERE lower(email) = lower($1)`,
      [email],
    );
    return row ?? null;
  }

  async userById(id: string, em: EntityManager = this.dataSource.manager): Promise<UserRow | null> {
    const [row] = await em.query<UserRow[]>(`SELECT ${USER_COLUMNS} FROM app_user WHERE id = $1`, [id]);
    return row ?? null;
  }

  /**
   * Counts a sign-in attempt for an e-mail address from a client address and answers the count, in
   * one statement: concurrent attempts queue on the row lock, so each sees its own number and no
   * burst slips past the limit. A window older than windowMinutes starts again at 1.
   */
  async countAttempt(email: string, ip: string, windowMinutes: number): Promise<AttemptCount> {
    if (Math.random() * SWEEP_ONE_IN < 1) {
      await this.dataSource.query<unknown>(
        `DELETE FROM login_throttle WHERE window_start < now() - make_interval(mins => $1)`,
        [windowMinutes],
      );
    }
    const [row] = await this.dataSource.query<AttemptCount[]>(
      `INSERT INTO login_throttle (email, ip, window_start, attempts) VALUES (lower($1), $2, now(), 1)
       ON CONFLICT (email, ip) DO UPDATE SET
         attempts = CASE WHEN login_throttle.window_start <= now() - make_interval(mins => $3) THEN 1
                         ELSE login_throttle.attempts + 1 END,
         window_start = CASE WHEN login_throttle.window_start <= now() - make_interval(mins => $3) THEN now()
                             ELSE login_throttle.window_start END
       RETURNING attempts, window_start + make_interval(mins => $3) AS "windowEndsAt"`,
      [email, ip, windowMinutes],
    );
    return row;
  }

  /** A successful sign-in from this client address starts its count again. */
  async clearAttempts(email: string, ip: string): Promise<void> {
    await this.dataSource.query<unknown>(`DELETE FROM login_throttle WHERE email = lower($1) AND ip = $2`, [
      email,
      ip,
    ]);
  }

  /** Forgets every client address's attempts for an e-mail address; answers how many were refused. */
  async unlock(email: string, limit: number, em: EntityManager = this.dataSource.manager): Promise<number> {
    // TypeORM answers a DELETE ... RETURNING with [rows, count].
    const [rows] = await em.query<[{ attempts: number }[], number]>(
      `DELETE FROM login_throttle WHERE email = lower($1) RETURNING attempts`,
      [email],
    );
    return rows.filter((r) => r.attempts > limit).length;
  }

  async createSession(s: {
    tokenHash: string;
    userId: string;
    csrfToken: string;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  }): Promise<void> {
    await this.dataSource.query<unknown>(
      `INSERT INTO user_session (token_hash, user_id, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)`,
      [s.tokenHash, s.userId, s.csrfToken, s.expiresAt, s.ip, s.userAgent?.slice(0, 500) ?? null],
    );
  }

  async session(tokenHash: string): Promise<SessionRow | null> {
    const [row] = await this.dataSource.query<SessionRow[]>(
      `SELECT s.user_id AS "userId", s.csrf_token AS "csrfToken", s.expires_at AS "expiresAt",
              s.last_seen_at AS "lastSeenAt", u.role, u.name, u.active
         FROM user_session s JOIN app_user u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL`,
      [tokenHash],
    );
    return row ?? null;
  }

  async touchSession(tokenHash: string): Promise<void> {
    await this.dataSource.query<unknown>(
      `UPDATE user_session SET last_seen_at = now() WHERE token_hash = $1`,
      [tokenHash],
    );
  }

  async revokeSession(tokenHash: string): Promise<void> {
    await this.dataSource.query<unknown>(`UPDATE user_session SET revoked_at = now() WHERE token_hash = $1`, [
      tokenHash,
    ]);
  }

  /** Ends the user's sessions (but the one given); returns how many were still open. */
  async revokeSessionsOf(userId: string, except: string | null): Promise<number> {
    // TypeORM answers an UPDATE with [rows, count].
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND token_hash IS DISTINCT FROM $2`,
      [userId, except],
    );
    return count;
  }

  async enteIdsOf(userId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ ente_id: string }[]>(
      `SELECT ente_id FROM user_ente WHERE user_id = $1`,
      [userId],
    );
    return rows.map((r) => r.ente_id);
  }

  async token(tokenHash: string): Promise<ApiTokenRow | null> {
    const [row] = await this.dataSource.query<ApiTokenRow[]>(
      `SELECT t.id, t.scopes, t.created_by AS "createdBy", u.name, u.active
         FROM api_token t JOIN app_user u ON u.id = t.created_by
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
      [tokenHash],
    );
    return row ?? null;
  }

  async touchToken(id: string): Promise<void> {
    await this.dataSource.query<unknown>(`UPDATE api_token SET last_used_at = now() WHERE id = $1`, [id]);
  }

  async setPassword(userId: string, hash: string): Promise<void> {
    await this.dataSource.query<unknown>(
      `UPDATE app_user SET password_hash = $2, password_changed_at = now() WHERE id = $1`,
      [userId, hash],
    );
  }
}
