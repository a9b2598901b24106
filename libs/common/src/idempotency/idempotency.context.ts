import { AsyncLocalStorage } from 'node:async_hooks';

/** What a write created, for answering a retry whose first answer was lost after the commit. */
export interface CreatedResource {
  type: string;
  id: string;
}

/** The Idempotency-Key attempt a request runs under (set by IdempotencyInterceptor). */
export interface IdempotencyAttempt {
  userId: string;
  key: string;
  owner: string;
  /** Set once a transaction of this request has committed the key (IdempotencySubscriber). */
  committed: boolean;
  created: CreatedResource | null;
}

export const idempotencyAttempts = new AsyncLocalStorage<IdempotencyAttempt>();

/**
 * Says, inside the write's transaction, what it created or changed and its answer shows (a
 * ticket): if the answer to the request
 * is lost after the commit, a retry with the same key is answered with this resource as it is
 * then, instead of a second write. A no-op outside a request with an Idempotency-Key.
 */
export function recordCreated(type: string, id: string): void {
  const attempt = idempotencyAttempts.getStore();
  if (attempt && !attempt.committed) attempt.created = { type, id };
}
