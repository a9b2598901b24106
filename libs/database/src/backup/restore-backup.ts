import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';

import { MIGRATIONS } from '@app/migrations';
import { Client } from 'pg';

import { BackupError, NOTHING_CHANGED } from './backup.errors';
import { appliedMigrations, helpdeskSessions, serverVersion, tableCounts } from './backup.repository';
import { ArchiveIndex, entryStream, indexArchive, readEntry } from './backup-archive';
import {
  BackupEngine,
  BackupManifest,
  parseManifest,
  RESTORE_STAGING_PREFIX,
  verifyParts,
} from './backup-manifest';
import { ProgressListener } from './create-backup';
import { inspectEmbedded, loadEmbedded, pgdataDir, pidFile } from './pglite-backup';
import { findPgTools, PgTools, runPgRestore, toolMajor } from './postgres-tools';
import {
  checkEngine,
  checkTargetEmpty,
  countDifferences,
  isEmptyTarget,
  pendingMigrations,
  TargetContents,
} from './restore-plan';
import { verifyCountsSql, wipeSql } from './restore-sql';
import { ensureParent, listStoredFiles, swapStoredFiles } from './stored-files';

export interface RestoreOptions {
  file: string;
  databaseUrl?: string;
  dataDir: string;
  /** Replace a target that holds data. */
  force?: boolean;
  pgBinDir?: string;
  onProgress?: ProgressListener;
}

export interface RestoreResult {
  engine: BackupEngine;
  manifest: BackupManifest;
  /** The target held data that the restore replaced (--force). */
  replaced: boolean;
  /** Migrations of this build the backup predates: applied by the api at start or `migration:run`. */
  pendingMigrations: string[];
}

/** The migrations this build knows, by the names schema_migrations records. */
export function knownMigrationNames(): string[] {
  return MIGRATIONS.map((M) => new M().name ?? M.name);
}

/**
 * Reads the whole file and checks it against its manifest before anything else happens: a
 * truncated or altered file stops here with nothing touched.
 */
export async function verifyBackup(
  file: string,
  onProgress?: ProgressListener,
): Promise<{ manifest: BackupManifest; index: ArchiveIndex }> {
  const path = resolve(file);
  if (!existsSync(path)) {
    throw new BackupError(
      'not_found',
      `${path} non esiste. ${NOTHING_CHANGED.it}`,
      `${path} does not exist. ${NOTHING_CHANGED.en}`,
    );
  }
  const mib = (bytes: number) => Math.ceil(bytes / 2 ** 20);
  const index = await indexArchive(path, (done, total) =>
    onProgress?.(mib(done), mib(total), 'verifica / verify (MiB) '),
  );
  const manifest = parseManifest(index.manifestText);
  verifyParts(manifest, index.entries);
  return { manifest, index };
}

async function stageStoredFiles(file: string, manifest: BackupManifest, index: ArchiveIndex, dir: string) {
  for (const stored of manifest.files) {
    const target = join(dir, ...stored.path.split('/'));
    await ensureParent(target);
    await pipeline(
      entryStream(file, index.entries.get(stored.name)!),
      createWriteStream(target, { mode: stored.mode }),
    );
  }
}

async function restorePostgres(
  options: RestoreOptions & { databaseUrl: string },
  file: string,
  manifest: BackupManifest,
  index: ArchiveIndex,
): Promise<boolean> {
  const client = new Client({ connectionString: options.databaseUrl, application_name: 'helpdesk-restore' });
  await client.connect();
  let contents: TargetContents;
  let tools: PgTools;
  try {
    const version = await serverVersion(client);
    tools = await findPgTools(version.major, options.pgBinDir);
    const dumpedBy = toolMajor(manifest.tool);
    if (tools.major < dumpedBy) {
      throw new BackupError(
        'tool',
        `Il backup è stato fatto da pg_dump ${dumpedBy}, pg_restore qui è ${tools.major}: installa ` +
          `postgresql-client-${dumpedBy} o indica la cartella con --pg-bin. ${NOTHING_CHANGED.it}`,
        `The backup was made by pg_dump ${dumpedBy}, pg_restore here is ${tools.major}: install ` +
          `postgresql-client-${dumpedBy} or give its folder with --pg-bin. ${NOTHING_CHANGED.en}`,
      );
    }
    const sessions = await helpdeskSessions(client);
    if (sessions > 0) {
      throw new BackupError(
        'in_use',
        `Il help desk è collegato al database (${sessions} connessioni): ferma api e worker prima del ` +
          `ripristino. ${NOTHING_CHANGED.it}`,
        `The help desk is connected to the database (${sessions} connections): stop the api and the ` +
          `workers before restoring. ${NOTHING_CHANGED.en}`,
      );
    }
    contents = {
      tables: await tableCounts(client),
      migrations: await appliedMigrations(client),
      files: (await listStoredFiles(options.dataDir)).map((f) => f.path),
    };
  } finally {
    await client.end().catch(() => undefined);
  }
  checkTargetEmpty(contents, options.force ?? false);

  const touchesFiles = manifest.files.length > 0 || contents.files.length > 0;
  const staging = join(resolve(options.dataDir), `${RESTORE_STAGING_PREFIX}${process.pid}`);
  try {
    if (touchesFiles) {
      await rm(staging, { recursive: true, force: true });
      await mkdir(staging, { recursive: true });
      await stageStoredFiles(file, manifest, index, join(staging, 'files'));
    }
    const total = Object.keys(manifest.tables).length;
    let done = 0;
    options.onProgress?.(0, total, 'ripristino / restore ');
    const dbEntry = index.entries.get(manifest.database.name)!;
    await runPgRestore(
      tools,
      options.databaseUrl,
      entryStream(file, dbEntry),
      Object.keys(contents.tables).length > 0 ? wipeSql() : 'SET client_min_messages = warning;\n',
      verifyCountsSql(manifest.tables),
      () => options.onProgress?.(++done, total, 'ripristino / restore '),
    );
    options.onProgress?.(total, total, 'ripristino / restore ');
    if (touchesFiles) await swapStoredFiles(options.dataDir, join(staging, 'files'), join(staging, 'trash'));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return !isEmptyTarget(contents);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Holds DATA_DIR's pid file (the one embedded-postgres.ts checks) while the data is swapped, so a
 * `npm start` meanwhile refuses to open a half-replaced directory.
 */
async function holdDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lock = pidFile(dataDir);
  const refuse = (pid: string) =>
    new BackupError(
      'in_use',
      `Il database integrato in ${resolve(dataDir)} è in uso dal processo ${pid}: fermalo prima. ${NOTHING_CHANGED.it}`,
      `The embedded database in ${resolve(dataDir)} is in use by process ${pid}: stop it first. ${NOTHING_CHANGED.en}`,
    );
  if (existsSync(lock)) {
    const holder = Number(readFileSync(lock, 'utf8'));
    if (holder && holder !== process.pid && isAlive(holder)) throw refuse(String(holder));
    await rm(lock, { force: true });
  }
  try {
    await writeFile(lock, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw refuse(readFileSync(lock, 'utf8'));
    throw error;
  }
  return async () => {
    if (existsSync(lock) && readFileSync(lock, 'utf8') === String(process.pid))
      await rm(lock, { force: true });
  };
}

async function restorePglite(
  options: RestoreOptions,
  file: string,
  manifest: BackupManifest,
  index: ArchiveIndex,
): Promise<boolean> {
  const root = resolve(options.dataDir);
  await mkdir(root, { recursive: true });
  const current = await inspectEmbedded(root);
  const contents: TargetContents = {
    tables: current?.tables ?? {},
    migrations: current?.migrations ?? [],
    files: (await listStoredFiles(root)).map((f) => f.path),
  };
  checkTargetEmpty(contents, options.force ?? false);
  const release = await holdDataDir(root);
  const staging = join(root, `${RESTORE_STAGING_PREFIX}${process.pid}`);
  const label = 'ripristino / restore ';
  const total = 2 + manifest.files.length;
  try {
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    options.onProgress?.(0, total, label);
    const stagedData = join(staging, 'pgdata');
    const counts = await loadEmbedded(
      stagedData,
      await readEntry(file, index.entries.get(manifest.database.name)!),
    );
    const differences = countDifferences(manifest.tables, counts);
    if (differences.length > 0) {
      throw new BackupError(
        'failed',
        `Il database ripristinato non ha le righe del backup (${differences.join('; ')}). ${NOTHING_CHANGED.it}`,
        `The restored database does not hold the backup's rows (${differences.join('; ')}). ${NOTHING_CHANGED.en}`,
      );
    }
    options.onProgress?.(1, total, label);
    await stageStoredFiles(file, manifest, index, join(staging, 'files'));
    options.onProgress?.(1 + manifest.files.length, total, label);

    // Every step from here is a rename inside DATA_DIR, undone if the next one fails.
    const live = pgdataDir(root);
    const trash = join(staging, 'trash');
    await mkdir(trash, { recursive: true });
    const hadData = existsSync(live);
    if (hadData) await rename(live, join(trash, 'pgdata'));
    let placed = false;
    try {
      await rename(stagedData, live);
      placed = true;
      await swapStoredFiles(root, join(staging, 'files'), trash);
    } catch (error) {
      if (placed) await rename(live, stagedData);
      if (hadData) await rename(join(trash, 'pgdata'), live);
      throw error;
    }
    options.onProgress?.(total, total, label);
  } finally {
    await rm(staging, { recursive: true, force: true });
    await release();
  }
  return !isEmptyTarget(contents);
}

/**
 * Restores a backup file into DATABASE_URL's database or DATA_DIR's embedded one, with DATA_DIR's
 * stored files. The file is checked whole first; the target must be empty unless `force`; the
 * help desk must be stopped. On PostgreSQL the wipe, the restore and a row-count check of every
 * table are one transaction; on PGlite a complete copy is built and counted beside the live data
 * and then swapped in. Any failure leaves the target as it was.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const file = resolve(options.file);
  const { manifest, index } = await verifyBackup(file, options.onProgress);
  const engine: BackupEngine = options.databaseUrl ? 'postgresql' : 'pglite';
  checkEngine(manifest.engine, engine);
  const pending = pendingMigrations(manifest.migrations, knownMigrationNames());
  const replaced = options.databaseUrl
    ? await restorePostgres({ ...options, databaseUrl: options.databaseUrl }, file, manifest, index)
    : await restorePglite(options, file, manifest, index);
  return { engine, manifest, replaced, pendingMigrations: pending };
}
