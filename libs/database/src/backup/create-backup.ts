import { createReadStream, existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';

import { Client } from 'pg';

import { BackupError } from './backup.errors';
import {
  appliedMigrations,
  endSnapshot,
  exportSnapshot,
  serverVersion,
  tableCounts,
} from './backup.repository';
import { ArchiveWriter } from './backup-archive';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupEngine,
  BackupManifest,
  BackupPart,
  DATABASE_PART,
  FILES_PREFIX,
  MANIFEST_NAME,
  StoredFilePart,
} from './backup-manifest';
import { dumpEmbedded, hasEmbeddedDatabase } from './pglite-backup';
import { findPgTools, startPgDump } from './postgres-tools';
import { listStoredFiles } from './stored-files';

export type ProgressListener = (done: number, total: number, label: string) => void;

export interface BackupOptions {
  /** The backup file to write. */
  file: string;
  /** PostgreSQL; absent: the embedded engine in `dataDir`. */
  databaseUrl?: string;
  /** DATA_DIR: the embedded engine's data and the stored files. */
  dataDir: string;
  /** Replace `file` if it exists. */
  overwrite?: boolean;
  /** Folder of pg_dump/pg_restore/psql, when not the newest installed. */
  pgBinDir?: string;
  onProgress?: ProgressListener;
}

export interface BackupResult {
  file: string;
  bytes: number;
  manifest: BackupManifest;
}

/** The manifest keys `schema.table` and the restore's checks quote them: keep them plain. */
function checkTableNames(tables: Record<string, number>): void {
  const odd = Object.keys(tables).filter((name) => !/^[A-Za-z0-9_]+\.[A-Za-z0-9_]+$/.test(name));
  if (odd.length > 0) {
    throw new BackupError(
      'failed',
      `Tabelle con nomi non previsti: ${odd.join(', ')}`,
      `Tables with unexpected names: ${odd.join(', ')}`,
    );
  }
}

interface DatabasePart {
  engine: BackupEngine;
  serverVersion: string;
  tool: string;
  migrations: string[];
  tables: Record<string, number>;
  part: BackupPart;
}

/**
 * pg_dump inside a REPEATABLE READ snapshot that the row counts are read in too: the help desk
 * keeps working during the backup and the manifest still describes exactly what the dump holds.
 */
async function dumpPostgres(
  options: BackupOptions & { databaseUrl: string },
  writer: ArchiveWriter,
  progress: (step: number, total: number) => void,
  filesCount: number,
): Promise<DatabasePart> {
  const client = new Client({ connectionString: options.databaseUrl, application_name: 'helpdesk-backup' });
  await client.connect();
  try {
    const version = await serverVersion(client);
    const tools = await findPgTools(version.major, options.pgBinDir);
    const snapshot = await exportSnapshot(client);
    const tables = await tableCounts(client);
    checkTableNames(tables);
    const migrations = await appliedMigrations(client);
    const total = Object.keys(tables).length + filesCount;
    let done = 0;
    progress(0, total);
    const dump = startPgDump(tools, options.databaseUrl, snapshot, () => progress(++done, total));
    let part: BackupPart;
    try {
      part = await writer.add(DATABASE_PART.postgresql, dump.stdout);
    } catch (error) {
      dump.kill();
      await dump.done.catch(() => undefined);
      throw error;
    }
    await dump.done;
    await endSnapshot(client);
    return {
      engine: 'postgresql',
      serverVersion: version.version,
      tool: tools.version,
      migrations,
      tables,
      part,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function dumpPglite(options: BackupOptions, writer: ArchiveWriter): Promise<DatabasePart> {
  if (!hasEmbeddedDatabase(options.dataDir)) {
    throw new BackupError(
      'not_found',
      `Nessun database integrato in ${resolve(options.dataDir, 'pgdata')} (DATA_DIR); per PostgreSQL imposta DATABASE_URL.`,
      `No embedded database in ${resolve(options.dataDir, 'pgdata')} (DATA_DIR); for PostgreSQL set DATABASE_URL.`,
    );
  }
  const snapshot = await dumpEmbedded(options.dataDir);
  checkTableNames(snapshot.tables);
  const part = await writer.add(DATABASE_PART.pglite, snapshot.dump);
  return {
    engine: 'pglite',
    serverVersion: snapshot.serverVersion,
    tool: 'PGlite dumpDataDir (tar.gz)',
    migrations: snapshot.migrations,
    tables: snapshot.tables,
    part,
  };
}

/**
 * Writes one backup file: the database (pg_dump custom format, or PGlite's data directory), the
 * stored files of DATA_DIR, and manifest.json last (sizes, SHA-256, row counts, migrations). It is
 * written under a temporary name and renamed when complete, so `file` is never half a backup.
 */
export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const file = resolve(options.file);
  if (existsSync(file) && !options.overwrite) {
    throw new BackupError(
      'file_exists',
      `${file} esiste già: scegli un altro nome (per esempio con la data) o aggiungi --force.`,
      `${file} already exists: choose another name (with the date, for instance) or add --force.`,
    );
  }
  const partial = `${file}.partial-${process.pid}`;
  const stored = await listStoredFiles(options.dataDir, [file, partial]);
  const label = 'backup ';
  const report = (done: number, total: number) => options.onProgress?.(done, total, label);
  const writer = await ArchiveWriter.create(partial);
  try {
    // Steps of the bar: a table each on PostgreSQL (pg_dump says when it starts one), the data
    // directory at once on PGlite, then a stored file each.
    if (!options.databaseUrl) report(0, 1 + stored.length);
    const database = options.databaseUrl
      ? await dumpPostgres({ ...options, databaseUrl: options.databaseUrl }, writer, report, stored.length)
      : await dumpPglite(options, writer);
    const tablesDone = options.databaseUrl ? Object.keys(database.tables).length : 1;
    const total = tablesDone + stored.length;
    report(tablesDone, total);
    const files: StoredFilePart[] = [];
    for (const [i, storedFile] of stored.entries()) {
      const part = await writer.add(
        `${FILES_PREFIX}${storedFile.path}`,
        createReadStream(storedFile.absolute),
        storedFile.mode,
      );
      files.push({ ...part, path: storedFile.path, mode: storedFile.mode });
      report(tablesDone + i + 1, total);
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      engine: database.engine,
      serverVersion: database.serverVersion,
      tool: database.tool,
      migrations: database.migrations,
      tables: database.tables,
      database: database.part,
      files,
    };
    await writer.add(MANIFEST_NAME, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    const bytes = await writer.finish();
    await rename(partial, file);
    return { file, bytes, manifest };
  } catch (error) {
    await writer.abort();
    await rm(partial, { force: true });
    throw error;
  }
}
