import { DataSource, Migration } from 'typeorm';

/** Arbitrary but fixed: every process that migrates this schema takes the same lock. */
const MIGRATION_LOCK_KEY = 724_311_017;

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so that several api replicas
 * starting at once apply each migration exactly once.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
