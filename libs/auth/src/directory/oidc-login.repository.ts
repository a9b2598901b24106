import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A sign-in begun at the provider: what the callback must prove it belongs to. */
export interface PendingOidcLogin {
  nonce: string;
  verifier: string;
  /** Begun within the allowed minutes. */
  fresh: boolean;
}

/** `oidc_login` (sign-ins in flight) and the account an OpenID subject is linked to. */
@Injectable()
export class OidcLoginRepository {
  constructor(private readonly dataSource: DataSource) {}

  async purgeOlderThan(minutes: number): Promise<void> {
    await this.dataSource.query<unknown>(
      `DELETE FROM oidc_login WHERE created_at < now() - make_interval(mins => $1)`,
      [minutes],
    );
  }

  async insert(login: { state: string; nonce: string; verifier: string }): Promise<void> {
    await this.dataSource.query<unknown>(
      `INSERT INTO oidc_login (state, nonce, code_verifier) VALUES ($1, $2, $3)`,
      [login.state, login.nonce, login.verifier],
    );
  }

  /** Takes the pending sign-in of this state (it can be used once), null when there is none. */
  async take(state: string, freshMinutes: number): Promise<PendingOidcLogin | null> {
    // TypeORM answers a DELETE with [rows, count].
    const [rows] = await this.dataSource.query<[PendingOidcLogin[], number]>(
      `DELETE FROM oidc_login WHERE state = $1 RETURNING nonce, code_verifier AS "verifier",
              created_at > now() - make_interval(mins => $2) AS "fresh"`,
      [state, freshMinutes],
    );
    return rows[0] ?? null;
  }

  async userIdBySubject(subject: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM app_user WHERE oidc_subject = $1`,
      [subject],
    );
    return row?.id ?? null;
  }
}
