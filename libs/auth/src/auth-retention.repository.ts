import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type AuthRetentionTarget = 'auditLog' | 'sessions' | 'signInAttempts' | 'oidcLogins';

/** Which rows of each table are past the cutoff: audit entries by when recorded, sessions once ended. */
const DUE: Record<AuthRetentionTarget, { table: string; where: string }> = {
  auditLog: { table: 'audit_log', where: 'at < $1' },
  // A session still valid now is never cut short, even by a run acting as of a later date.
  sessions: {
    table: 'user_session',
    where: 'COALESCE(revoked_at, expires_at) < $1 AND (revoked_at IS NOT NULL OR expires_at < now())',
  },
  signInAttempts: { table: 'login_throttle', where: 'window_start < $1' },
  oidcLogins: { table: 'oidc_login', where: 'created_at < $1' },
};

/**
 * The auth lib's part of retention (issue 18): old audit entries, ended sessions, sign-in attempt
 * counters (an address and an IP) and abandoned directory sign-ins are deleted in batches.
 */
@Injectable()
export class AuthRetentionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async countDue(target: AuthRetentionTarget, cutoff: Date): Promise<number> {
    const { table, where } = DUE[target];
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
      [cutoff],
    );
    return row.n;
  }

  /** Deletes up to `limit` due rows; returns how many went (0: done). */
  async deleteDue(target: AuthRetentionTarget, cutoff: Date, limit: number): Promise<number> {
    const { table, where } = DUE[target];
    const rows = await this.dataSource.query<{ one: number }[]>(
      `WITH done AS (DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE ${where} LIMIT ${Number(limit)}))
       RETURNING 1 AS one) SELECT * FROM done`,
      [cutoff],
    );
    return rows.length;
  }
}
