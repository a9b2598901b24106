import type { EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';

import { ConflictError } from '../domain.error';
import { idempotencyAttempts } from './idempotency.context';
import { IdempotencyKeyRepository } from './idempotency-key.repository';

/**
 * Marks the key committed inside the first transaction a keyed request commits, so the write and
 * its key are one: a retry after a commit whose answer was lost (a 503) finds the key used. Only
 * the attempt that owns the key may commit it: a stale attempt, whose key another took over after
 * its lease, is rolled back instead of writing twice.
 */
export class IdempotencySubscriber implements EntitySubscriberInterface {
  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const attempt = idempotencyAttempts.getStore();
    if (!attempt || attempt.committed) return;
    const owned = await IdempotencyKeyRepository.markCommitted(event.queryRunner.manager, {
      userId: attempt.userId,
      key: attempt.key,
      owner: attempt.owner,
      resource: attempt.created ?? null,
    });
    if (!owned) {
      throw new ConflictError(
        'La chiave di idempotenza è passata a un’altra richiesta: nulla è stato scritto / The idempotency key passed to another request: nothing was written',
        { reason: 'idempotency_key_taken' },
      );
    }
    attempt.committed = true;
  }
}
