import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import type { CreatedResource } from './idempotency.context';

export interface IdempotencyKeyRow {
  owner: string;
  request_hash: string;
  committed_at: Date | null;
  resource: CreatedResource | null;
  status: number | null;
  body: unknown;
}

/** The idempotency_key table. Every statement stands alone (none joins the request's transaction). */
@Injectable()
export class IdempotencyKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Marks the key committed, as a step of the request's own transaction (the commit subscriber runs
   * outside dependency injection, hence static). False: the key is no longer this attempt's.
   */
  static async markCommitted(
    em: EntityManager,
    k: { userId: string; key: string; owner: string; resource: CreatedResource | null },
  ): Promise<boolean> {
    const result = await em.query<unknown>(
      `UPDATE idempotency_key SET committed_at = now(), resource = $4
        WHERE user_id = $1 AND key = $2 AND owner = $3 AND committed_at IS NULL RETURNING 1`,
      [k.userId, k.key, k.owner, k.resource ? JSON.stringify(k.resource) : null],
    );
    // node-postgres through TypeORM answers an UPDATE ... RETURNING as [rows, count].
    const rows =
      Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as unknown[]) : (result as unknown[]);
    return rows.length > 0;
  }

  /**
   * Takes the key when it is new, expired (older than `ttlHours`), or left uncommitted by an attempt
   * whose lease ran out or whose owner is `abandonedOwner` (same request). The owner it now has.
   */
  async take(
    k: { userId: string; key: string; requestHash: string; owner: string },
    leaseSeconds: number,
    ttlHours: number,
    abandonedOwner: string | null,
  ): Promise<string | null> {
    const rows = await this.dataSource.query<{ owner: string }[]>(
      `INSERT INTO idempotency_key (user_id, key, request_hash, owner, lease_until)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $6))
       ON CONFLICT (user_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until,
             committed_at = NULL, resource = NULL, status = NULL, body = NULL, created_at = now()
         WHERE idempotency_key.created_at < now() - make_interval(hours => $7)
            OR (idempotency_key.committed_at IS NULL AND idempotency_key.request_hash = EXCLUDED.request_hash
                AND (idempotency_key.lease_until < now() OR idempotency_key.owner = $5::uuid))
       RETURNING owner`,
      [k.userId, k.key, k.requestHash, k.owner, abandonedOwner, leaseSeconds, ttlHours],
    );
    return rows[0]?.owner ?? null;
  }

  async find(userId: string, key: string): Promise<IdempotencyKeyRow | null> {
    const [row] = await this.dataSource.query<IdempotencyKeyRow[]>(
      `SELECT owner, request_hash, committed_at, resource, status, body
         FROM idempotency_key WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    return row ?? null;
  }

  async saveAnswer(userId: string, key: string, owner: string, status: number, body: unknown): Promise<void> {
    await this.dataSource.query<unknown>(
      `UPDATE idempotency_key SET status = $4, body = $5, committed_at = coalesce(committed_at, now())
        WHERE user_id = $1 AND key = $2 AND owner = $3`,
      [userId, key, owner, status, JSON.stringify(body ?? null)],
    );
  }

  /** Lets the key go, unless something committed under it. */
  async release(userId: string, key: string, owner: string): Promise<void> {
    await this.dataSource.query<unknown>(
      `DELETE FROM idempotency_key WHERE user_id = $1 AND key = $2 AND owner = $3 AND committed_at IS NULL`,
      [userId, key, owner],
    );
  }

  /** Deletes up to `limit` keys older than `ttlHours`. */
  async pruneExpired(ttlHours: number, limit: number): Promise<void> {
    await this.dataSource.query<unknown>(
      `DELETE FROM idempotency_key WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM idempotency_key
          WHERE created_at < now() - make_interval(hours => $1) LIMIT ${Number(limit)}))`,
      [ttlHours],
    );
  }

  /** Retention (issue 18): stored answers may quote a person's data; up to `limit` keys made before `cutoff` go. */
  async deleteCreatedBefore(cutoff: Date, limit: number): Promise<number> {
    const rows = await this.dataSource.query<{ key: string }[]>(
      `WITH done AS (DELETE FROM idempotency_key WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM idempotency_key WHERE created_at < $1 LIMIT ${Number(limit)})) RETURNING key) SELECT * FROM done`,
      [cutoff],
    );
    return rows.length;
  }
}
