/** Postgres SQLSTATEs that mean "the database is not there right now", not a bug. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '08001',
  '53300',
]);
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

const RELEASED_RUNNER_ERRORS = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);

/** Whether an error means the database is unreachable right now (a 503 and a retry), not a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e?.driverError?.code ?? e?.code;
  if (code && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
  // TypeORM releases a transaction's query runner when its connection dies; the rollback or query
  // that follows then fails with one of these instead of the connection error it hides.
  if (RELEASED_RUNNER_ERRORS.has((error as Error)?.name)) return true;
  // node-postgres's own words for a connection that died under a query or is used after dying.
  return /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|Client was closed and is not queryable/i.test(
    e?.message ?? '',
  );
}
