import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type AuthRetentionTarget = 'auditLog' | 'sessions' | 'loginFailures' | 'oidcLogins';

/** Which rows of each table are past the cutoff: audit entries by when recorded, sessions once ended. */
const DUE: Record<AuthRetentionTarget, { table: string; where: string }> = {
  auditLog: { table: 'audit_log', where: 'at < $1' },
  sessions: { table: 'user_session', where: 'COALESCE(revoked_at, expires_at) < $1' },
  loginFailures: { table: 'login_failure', where: 'at < $1' },
  oidcLogins: { table: 'oidc_login', where: 'created_at < $1' },
};

/**
 * The auth lib's part of retention (issue 18): old audit entries, ended sessions, failed sign-in
 * records and abandoned directory sign-ins are deleted in batches.
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
      `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE ${where} LIMIT ${Number(limit)}))
       RETURNING 1 AS one`,
      [cutoff],
    );
    return rows.length;
  }
}
