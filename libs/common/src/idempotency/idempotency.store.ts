import { Injectable, Logger } from '@nestjs/common';

import type { CreatedResource } from './idempotency.context';
import { IdempotencyKeyRepository } from './idempotency-key.repository';

/** How long a key answers for its first request. */
export const KEY_TTL_HOURS = 24;
/**
 * How long an attempt holds its key before another may take it over, if it never finished (its
 * process died, or the database went away before it could let the key go). A late commit of the
 * old attempt is refused anyway (IdempotencySubscriber), so a short lease never duplicates.
 */
const LEASE_SECONDS = 30;
const PRUNE_EVERY_MS = 10 * 60_000;

export type Claim =
  | { kind: 'owned' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'lost'; resource: CreatedResource | null }
  | { kind: 'in_flight' }
  | { kind: 'mismatch' };

/** Claims of idempotency keys, first answers, expiry (the rules; the statements are in IdempotencyKeyRepository). */
@Injectable()
export class IdempotencyStore {
  private readonly logger = new Logger(IdempotencyStore.name);
  private readonly replays = new Map<string, (id: string) => Promise<unknown>>();
  /**
   * Attempts of this process that failed without committing but could not let their key go (the
   * database was down): their retry may take the key at once instead of waiting for the lease.
   */
  private readonly abandoned = new Map<string, string>();
  private prunedAt = 0;

  constructor(private readonly keys: IdempotencyKeyRepository) {}

  /** How a module answers a retry for what it created (type as given to recordCreated). */
  registerReplay(type: string, read: (id: string) => Promise<unknown>): void {
    this.replays.set(type, read);
  }

  replayOf(resource: CreatedResource | null): ((id: string) => Promise<unknown>) | undefined {
    return resource ? this.replays.get(resource.type) : undefined;
  }

  /**
   * Takes the key for this attempt when it is new, expired, or abandoned by an attempt that never
   * committed (same request); otherwise says what the first request's state answers.
   */
  async claim(userId: string, key: string, requestHash: string, owner: string): Promise<Claim> {
    await this.prune();
    const slot = `${userId} ${key}`;
    const abandonedOwner = this.abandoned.get(slot) ?? null;
    const taken = await this.keys.take(
      { userId, key, requestHash, owner },
      LEASE_SECONDS,
      KEY_TTL_HOURS,
      abandonedOwner,
    );
    if (taken === owner) {
      this.abandoned.delete(slot);
      return { kind: 'owned' };
    }
    const row = await this.keys.find(userId, key);
    if (!row) return this.claim(userId, key, requestHash, owner); // let go meanwhile: try again
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.status !== null) return { kind: 'replay', status: row.status, body: row.body };
    if (row.committed_at) return { kind: 'lost', resource: row.resource };
    return { kind: 'in_flight' };
  }

  /** The first answer, for the retries (best effort: the write is safe whatever happens here). */
  async complete(userId: string, key: string, owner: string, status: number, body: unknown): Promise<void> {
    await this.keys
      .saveAnswer(userId, key, owner, status, body)
      .catch((error: Error) => this.logger.warn(`Idempotency answer not stored: ${error.message}`));
  }

  /** The attempt failed before any commit: a retry may run the request again at once. */
  async release(userId: string, key: string, owner: string): Promise<void> {
    await this.keys.release(userId, key, owner).catch(() => {
      // The database is gone: a retry here takes the key over (if nothing committed), elsewhere
      // after the lease. Bounded: a process never remembers more than a few thousand.
      if (this.abandoned.size > 10_000) this.abandoned.clear();
      this.abandoned.set(`${userId} ${key}`, owner);
    });
  }

  /** Expired keys go, a batch at a time, at most every ten minutes per process. */
  private async prune(): Promise<void> {
    if (Date.now() - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = Date.now();
    await this.keys.pruneExpired(KEY_TTL_HOURS, 1000).catch(() => undefined);
  }
}
