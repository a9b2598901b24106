import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';

import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';

import { EmbeddedPostgres, startEmbeddedPostgres } from '../embedded-postgres';
import { BackupError, NOTHING_CHANGED } from './backup.errors';
import { appliedMigrations, serverVersion, tableCounts } from './backup.repository';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Where the embedded engine keeps its data inside DATA_DIR (as embedded-postgres.ts does). */
export function pgdataDir(dataDir: string): string {
  return resolve(dataDir, 'pgdata');
}

export function hasEmbeddedDatabase(dataDir: string): boolean {
  const dir = pgdataDir(dataDir);
  return existsSync(dir) && readdirSync(dir).length > 0;
}

export interface EmbeddedSnapshot {
  tables: Record<string, number>;
  migrations: string[];
  serverVersion: string;
}

/**
 * Opens DATA_DIR's database the way the help desk does (its pid file refuses a second process),
 * so a running `npm start` makes the backup or the restore stop with a clear message instead of
 * copying or replacing files under a live engine.
 */
async function openExclusive(dataDir: string): Promise<EmbeddedPostgres> {
  try {
    return await startEmbeddedPostgres({ dataDir, maxConnections: 2 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const pid = /in use by process (\d+)/.exec(message)?.[1];
    if (!pid) throw error;
    throw new BackupError(
      'in_use',
      `Il database integrato in ${resolve(dataDir)} è in uso dal processo ${pid} (npm start): fermalo ` +
        `prima. ${NOTHING_CHANGED.it}`,
      `The embedded database in ${resolve(dataDir)} is in use by process ${pid} (npm start): stop it ` +
        `first. ${NOTHING_CHANGED.en}`,
    );
  }
}

async function inspect(url: string): Promise<EmbeddedSnapshot> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return {
      tables: await tableCounts(client),
      migrations: await appliedMigrations(client),
      serverVersion: (await serverVersion(client)).version,
    };
  } finally {
    await client.end();
  }
}

/** The row counts and migrations of DATA_DIR's database, and its data directory as a tar.gz. */
export async function dumpEmbedded(dataDir: string): Promise<EmbeddedSnapshot & { dump: Buffer }> {
  const engine = await openExclusive(dataDir);
  try {
    const snapshot = await inspect(engine.url);
    const tar = Buffer.from(await (await engine.dump()).arrayBuffer());
    return { ...snapshot, dump: await gzipAsync(tar) };
  } finally {
    await engine.stop();
  }
}

/** What DATA_DIR's database holds now; nothing when there is no database yet. */
export async function inspectEmbedded(dataDir: string): Promise<EmbeddedSnapshot | null> {
  if (!hasEmbeddedDatabase(dataDir)) return null;
  const engine = await openExclusive(dataDir);
  try {
    return await inspect(engine.url);
  } finally {
    await engine.stop();
  }
}

/**
 * Builds a complete data directory from the dump in `dir` (a staging folder beside pgdata, so the
 * final step is a rename) and counts its rows, opening it with PGlite alone: the live pgdata is
 * never touched until the copy is proven whole.
 */
export async function loadEmbedded(dir: string, dumpGz: Buffer): Promise<Record<string, number>> {
  const tar = await gunzipAsync(dumpGz);
  let db: PGlite | undefined;
  try {
    db = await PGlite.create(dir, { loadDataDir: new Blob([tar], { type: 'application/x-tar' }) });
    return await tableCounts(db);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(
      'failed',
      `Il database integrato di questo backup non si apre con questa versione (${String(error)}). ` +
        NOTHING_CHANGED.it,
      `The embedded database of this backup does not open with this version (${String(error)}). ` +
        NOTHING_CHANGED.en,
    );
  } finally {
    await db?.close();
  }
}

export const PID_FILE = 'helpdesk.pid';

export function pidFile(dataDir: string): string {
  return join(resolve(dataDir), PID_FILE);
}
