import { EntityManager } from 'typeorm';

export type SavepointAttempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `work` under a savepoint of the caller's transaction: if it throws, only its own writes are
 * undone and the transaction goes on (the error is returned, not thrown). The name must be a plain
 * SQL identifier (it is written into the statement).
 */
export async function attemptUnderSavepoint<T>(
  em: EntityManager,
  name: string,
  work: () => Promise<T>,
): Promise<SavepointAttempt<T>> {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new Error(`Not a savepoint name: ${name}`);
  await em.query<unknown>(`SAVEPOINT ${name}`);
  try {
    const value = await work();
    await em.query<unknown>(`RELEASE SAVEPOINT ${name}`);
    return { ok: true, value };
  } catch (error) {
    await em.query<unknown>(`ROLLBACK TO SAVEPOINT ${name}`);
    await em.query<unknown>(`RELEASE SAVEPOINT ${name}`);
    return { ok: false, error };
  }
}
