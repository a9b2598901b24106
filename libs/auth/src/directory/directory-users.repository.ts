import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import type { Role } from '../auth.decorators';

export interface LinkedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  directoryDn: string | null;
  oidcSubject: string | null;
  hasPassword: boolean;
  enteIds: string[];
}

export type IdentityKind = 'ldap' | 'oidc';
/** Where each kind of outside identity links an account (fixed names: never from input). */
const IDENTITY_COLUMN: Record<IdentityKind, string> = { ldap: 'directory_dn', oidc: 'oidc_subject' };

const COLUMNS = `u.id, u.email, u.name, u.role, u.active, u.directory_dn AS "directoryDn", u.oidc_subject AS "oidcSubject",
  u.password_hash IS NOT NULL AS "hasPassword",
  COALESCE((SELECT array_agg(ue.ente_id ORDER BY ue.ente_id) FROM user_ente ue WHERE ue.user_id = u.id), '{}') AS "enteIds"`;

/** The queries behind directory sign-in: accounts linked to a directory entry by its DN. */
@Injectable()
export class DirectoryUsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The account linked to an LDAP entry (by DN) or an OpenID Connect subject, locked for update. */
  async byIdentity(
    via: IdentityKind,
    key: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<LinkedUser | null> {
    const [row] = await em.query<LinkedUser[]>(
      `SELECT ${COLUMNS} FROM app_user u WHERE u.${IDENTITY_COLUMN[via]} = $1 FOR UPDATE`,
      [key],
    );
    return row ?? null;
  }

  async byEmail(email: string, em: EntityManager): Promise<LinkedUser | null> {
    const [row] = await em.query<LinkedUser[]>(
      `SELECT ${COLUMNS} FROM app_user u WHERE lower(u.email) = lower($1) FOR UPDATE`,
      [email],
    );
    return row ?? null;
  }

  async create(
    u: { email: string; name: string; role: Role },
    via: IdentityKind,
    key: string,
    em: EntityManager,
  ): Promise<string> {
    const [row] = await em.query<{ id: string }[]>(
      `INSERT INTO app_user (email, name, role, ${IDENTITY_COLUMN[via]}) VALUES ($1, $2, $3, $4) RETURNING id`,
      [u.email, u.name, u.role, key],
    );
    return row.id;
  }

  async update(
    id: string,
    u: { name: string; role: Role },
    via: IdentityKind,
    key: string,
    em: EntityManager,
  ): Promise<void> {
    await em.query<unknown>(
      `UPDATE app_user SET name = $2, role = $3, ${IDENTITY_COLUMN[via]} = $4 WHERE id = $1`,
      [id, u.name, u.role, key],
    );
  }

  async setEntes(userId: string, enteIds: string[], em: EntityManager): Promise<void> {
    await em.query<unknown>(`DELETE FROM user_ente WHERE user_id = $1`, [userId]);
    for (const enteId of new Set(enteIds)) {
      await em.query<unknown>(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [userId, enteId]);
    }
  }

  /** Ente ids by code; codes that match no ente are left out (the caller reports them). */
  async enteIdsByCode(codes: string[], em: EntityManager): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows: { id: string; code: string }[] = await em.query<{ id: string; code: string }[]>(
      `SELECT id, code FROM ente WHERE code = ANY($1::text[])`,
      [codes],
    );
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  /** Ends every open session of a user (their directory access was withdrawn). Answers how many. */
  async endSessions(userId: string, em: EntityManager = this.dataSource.manager): Promise<number> {
    const [, count] = await em.query<[unknown, number]>(
      `UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId],
    );
    return count;
  }
}
