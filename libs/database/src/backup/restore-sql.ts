import { qualified } from './backup.repository';

/**
 * The SQL sent around pg_restore's script in the restore's single transaction: first empty the
 * target (only reached with --force on a database that holds something), last prove the restored
 * row counts equal the manifest's. Either failing rolls everything back, the wipe included.
 */

/**
 * Drops every object of the user schemas, leaving the `public` schema itself (its owner and
 * grants belong to the database's setup, not to the dump). A lock held by anyone else makes it
 * fail after 10 s instead of waiting forever.
 */
export function wipeSql(): string {
  return `SET client_min_messages = warning;
SET lock_timeout = '10s';
DO $wipe$
DECLARE r record;
BEGIN
  FOR r IN SELECT nspname FROM pg_namespace
            WHERE nspname NOT IN ('public', 'pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'
  LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
  LOOP
    EXECUTE format(
      CASE r.relkind
        WHEN 'v' THEN 'DROP VIEW IF EXISTS public.%I CASCADE'
        WHEN 'm' THEN 'DROP MATERIALIZED VIEW IF EXISTS public.%I CASCADE'
        WHEN 'f' THEN 'DROP FOREIGN TABLE IF EXISTS public.%I CASCADE'
        ELSE 'DROP TABLE IF EXISTS public.%I CASCADE'
      END, r.relname);
  END LOOP;
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'S'
  LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS public.%I CASCADE', r.relname);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'public'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('DROP ROUTINE IF EXISTS %s CASCADE', r.signature);
  END LOOP;
  FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm', 'c')
              AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('DROP TYPE IF EXISTS public.%I CASCADE', r.typname);
  END LOOP;
END
$wipe$;
RESET lock_timeout;
`;
}

/** Raises (and so rolls the restore back) unless every table holds the manifest's row count. */
export function verifyCountsSql(tables: Record<string, number>): string {
  const checks = Object.entries(tables).map(([table, rows]) => {
    if (!Number.isSafeInteger(rows) || rows < 0) throw new Error(`bad row count for ${table}`);
    const literal = table.replace(/'/g, "''");
    return `  SELECT count(*) INTO n FROM ${qualified(table)};
  IF n <> ${rows} THEN
    RAISE EXCEPTION 'restore check: % has % rows, the backup says ${rows}', '${literal}', n;
  END IF;`;
  });
  return `DO $verify$
DECLARE n bigint;
BEGIN
${checks.join('\n')}
END
$verify$;
`;
}
