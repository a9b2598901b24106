import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface AuthChangeRow {
  id: string;
  userId: string;
  tokenHash: string | null;
}

/** The auth_change table the database's triggers fill (migration 1795300000110). */
@Injectable()
export class AuthChangeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** What changed in the last `seconds` (each poll re-reads some: the caller skips ids it has seen). */
  recent(seconds: number): Promise<AuthChangeRow[]> {
    return this.dataSource.query<AuthChangeRow[]>(
      `SELECT id::text AS id, user_id AS "userId", token_hash AS "tokenHash"
         FROM auth_change WHERE at >= clock_timestamp() - make_interval(secs => $1)`,
      [seconds],
    );
  }

  /** Rows no poll looks at any more. */
  async prune(olderThanSeconds: number): Promise<void> {
    await this.dataSource.query<unknown>(
      `DELETE FROM auth_change WHERE at < clock_timestamp() - make_interval(secs => $1)`,
      [olderThanSeconds],
    );
  }
}
