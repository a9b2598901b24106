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
  failedLogins: number;
  lockedUntil: Date | null;
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

const USER_COLUMNS = `id, email, name, role, active, password_hash AS "passwordHash", failed_logins AS "failedLogins",
  locked_until AS "lockedUntil"`;

/** The queries of sign-in, sessions, tokens and users; the rules live in AuthService. */
@Injectable()
export class AuthRepository {
  constructor(private readonly dataSource: DataSource) {}

  async userByEmail(email: string): Promise<UserRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT ${USER_COLUMNS} FROM app_user WHERE lower(email) = lower($1)`,
      [email],
    );
    return row ?? null;
  }

  async userById(id: string, em: EntityManager = this.dataSource.manager): Promise<UserRow | null> {
    const [row] = await em.query(`SELECT ${USER_COLUMNS} FROM app_user WHERE id = $1`, [id]);
    return row ?? null;
  }

  async recentFailures(email: string, since: Date): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM login_failure WHERE lower(email) = lower($1) AND at > $2`,
      [email, since],
    );
    return row.n;
  }

  async recordFailure(
    email: string,
    ip: string | null,
    userId: string | null,
    lockAfter: number,
    lockMinutes: number,
  ) {
    await this.dataSource.transaction(async (em) => {
      await em.query(`INSERT INTO login_failure (email, ip) VALUES ($1, $2)`, [email.slice(0, 320), ip]);
      if (userId) {
        await em.query(
          `UPDATE app_user SET failed_logins = failed_logins + 1,
                  locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + ($3 || ' minutes')::interval ELSE locked_until END
            WHERE id = $1`,
          [userId, lockAfter, String(lockMinutes)],
        );
      }
    });
  }

  async clearFailures(userId: string): Promise<void> {
    await this.dataSource.query(`UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [
      userId,
    ]);
  }

  async createSession(s: {
    tokenHash: string;
    userId: string;
    csrfToken: string;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO user_session (token_hash, user_id, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)`,
      [s.tokenHash, s.userId, s.csrfToken, s.expiresAt, s.ip, s.userAgent?.slice(0, 500) ?? null],
    );
  }

  async session(tokenHash: string): Promise<SessionRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT s.user_id AS "userId", s.csrf_token AS "csrfToken", s.expires_at AS "expiresAt",
              s.last_seen_at AS "lastSeenAt", u.role, u.name, u.active
         FROM user_session s JOIN app_user u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL`,
      [tokenHash],
    );
    return row ?? null;
  }

  async touchSession(tokenHash: string): Promise<void> {
    await this.dataSource.query(`UPDATE user_session SET last_seen_at = now() WHERE token_hash = $1`, [
      tokenHash,
    ]);
  }

  async revokeSession(tokenHash: string): Promise<void> {
    await this.dataSource.query(`UPDATE user_session SET revoked_at = now() WHERE token_hash = $1`, [
      tokenHash,
    ]);
  }

  async revokeSessionsOf(userId: string, except: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND token_hash IS DISTINCT FROM $2`,
      [userId, except],
    );
  }

  async enteIdsOf(userId: string): Promise<string[]> {
    const rows: { ente_id: string }[] = await this.dataSource.query(
      `SELECT ente_id FROM user_ente WHERE user_id = $1`,
      [userId],
    );
    return rows.map((r) => r.ente_id);
  }

  async token(tokenHash: string) {
    const [row] = await this.dataSource.query(
      `SELECT t.id, t.scopes, t.created_by AS "createdBy", u.name, u.active
         FROM api_token t JOIN app_user u ON u.id = t.created_by
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
      [tokenHash],
    );
    return (
      (row as
        { id: string; scopes: string[]; createdBy: string; name: string; active: boolean } | undefined) ??
      null
    );
  }

  async touchToken(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE api_token SET last_used_at = now() WHERE id = $1`, [id]);
  }

  async setPassword(userId: string, hash: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE app_user SET password_hash = $2, password_changed_at = now(), failed_logins = 0, locked_until = NULL WHERE id = $1`,
      [userId, hash],
    );
  }
}
