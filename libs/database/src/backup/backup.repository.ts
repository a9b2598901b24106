/**
 * The SQL of backup and restore. It runs over a bare connection rather than the app's DataSource
 * (the CLI has no Nest context here, and PGlite's staging copy has no socket): anything with
 * `query<R>(sql) -> { rows: R[] }` will do, which both `pg.Client` and `PGlite` are.
 */
export interface Queryable {
  query<R>(sql: string): Promise<{ rows: R[] }>;
}

/** Schemas PostgreSQL and PGlite keep for themselves. */
const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`;

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** `schema.table` -> `"schema"."table"`, whatever characters a (possibly tampered) manifest holds. */
export function qualified(table: string): string {
  const dot = table.indexOf('.');
  return `${quoteIdent(table.slice(0, dot))}.${quoteIdent(table.slice(dot + 1))}`;
}

/** Every table of every user schema, counted exactly (inside the caller's snapshot, if any). */
export async function tableCounts(db: Queryable): Promise<Record<string, number>> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${USER_SCHEMAS}
      ORDER BY 1`,
  );
  if (tables.length === 0) return {};
  const { rows } = await db.query<{ name: string; n: string | number }>(
    tables
      .map(
        ({ name }) => `SELECT '${name.replace(/'/g, "''")}' AS name, count(*) AS n FROM ${qualified(name)}`,
      )
      .join('\nUNION ALL\n'),
  );
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
}

/** The applied migrations in their order; none when the schema is not there. */
export async function appliedMigrations(db: Queryable): Promise<string[]> {
  const { rows: exists } = await db.query<{ present: boolean }>(
    `SELECT to_regclass('public.schema_migrations') IS NOT NULL AS present`,
  );
  if (!exists[0]?.present) return [];
  const { rows } = await db.query<{ name: string }>(`SELECT name FROM public.schema_migrations ORDER BY id`);
  return rows.map((r) => r.name);
}

export async function serverVersion(db: Queryable): Promise<{ version: string; major: number }> {
  const { rows } = await db.query<{ version: string; num: string }>(
    `SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num`,
  );
  return { version: rows[0].version, major: Math.floor(Number(rows[0].num) / 10_000) };
}

/** Sessions of the help desk's own processes (application_name 'helpdesk') on this database. */
export async function helpdeskSessions(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'helpdesk'`,
  );
  return rows[0].n;
}

/**
 * Opens the snapshot the backup is taken in: the row counts of the manifest and pg_dump
 * (`--snapshot`) then see the same instant, however busy the help desk is meanwhile.
 */
export async function exportSnapshot(db: Queryable): Promise<string> {
  await db.query<never>(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`);
  const { rows } = await db.query<{ id: string }>(`SELECT pg_export_snapshot() AS id`);
  return rows[0].id;
}

export async function endSnapshot(db: Queryable): Promise<void> {
  await db.query<never>(`COMMIT`);
}
