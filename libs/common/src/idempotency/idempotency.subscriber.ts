import { ConflictError } from '../domain.error';
import type { EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import { idempotencyAttempts } from './idempotency.context';

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
    const result: unknown = await event.queryRunner.query(
      `UPDATE idempotency_key SET committed_at = now(), resource = $4
        WHERE user_id = $1 AND key = $2 AND owner = $3 AND committed_at IS NULL RETURNING 1`,
      [attempt.userId, attempt.key, attempt.owner, attempt.created ? JSON.stringify(attempt.created) : null],
    );
    // node-postgres through TypeORM answers an UPDATE ... RETURNING as [rows, count].
    const rows =
      Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as unknown[]) : (result as unknown[]);
    if (!rows.length) {
      throw new ConflictError(
        'La chiave di idempotenza è passata a un’altra richiesta: nulla è stato scritto / The idempotency key passed to another request: nothing was written',
        { reason: 'idempotency_key_taken' },
      );
    }
    attempt.committed = true;
  }
}
