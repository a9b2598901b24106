import { corrupt } from './backup.errors';

/**
 * What a backup file holds, written last into the tar as `manifest.json`: enough to check the whole
 * file (size and SHA-256 of every part) and to decide whether it may be restored here (engine,
 * schema migrations) before anything is touched, and to prove afterwards that the restore is
 * complete (the row count of every table).
 */
export const BACKUP_FORMAT = 'helpdesk-cst-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_NAME = 'manifest.json';
export const FILES_PREFIX = 'files/';

export type BackupEngine = 'postgresql' | 'pglite';

/** The database part's name in the tar: `pg_dump -Fc` output, or PGlite's data directory (tar.gz). */
export const DATABASE_PART: Record<BackupEngine, string> = {
  postgresql: 'database.pgdump',
  pglite: 'database.pglite.tar.gz',
};

/** Names inside DATA_DIR that are the engine's own or the restore's, never "stored files". */
export const RESERVED_DATA_DIR_NAMES = ['pgdata', 'helpdesk.pid'];
export const RESTORE_STAGING_PREFIX = '.restore-';

export interface BackupPart {
  name: string;
  size: number;
  sha256: string;
}

export interface StoredFilePart extends BackupPart {
  /** Relative to DATA_DIR, `/`-separated. */
  path: string;
  mode: number;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  engine: BackupEngine;
  /** `SHOW server_version` of the database backed up. */
  serverVersion: string;
  /** What made the database part (`pg_dump (PostgreSQL) 15.20`, `PGlite dumpDataDir`). */
  tool: string;
  /** Names from schema_migrations, in the order they were applied. */
  migrations: string[];
  /** `schema.table` -> rows, every table of the database at the backup's snapshot. */
  tables: Record<string, number>;
  database: BackupPart;
  files: StoredFilePart[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isSha256 = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);

/**
 * A stored file's path is joined to DATA_DIR on restore: it must stay inside it and never name
 * the engine's own files, whatever a tampered manifest says.
 */
export function isSafeStoredPath(path: string): boolean {
  if (typeof path !== 'string' || path === '' || path.length > 1024) return false;
  if (path.startsWith('/') || path.includes('\\') || path.includes('\u0000')) return false;
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return false;
  return !RESERVED_DATA_DIR_NAMES.includes(segments[0]) && !segments[0].startsWith(RESTORE_STAGING_PREFIX);
}

function part(value: unknown): value is BackupPart {
  return isRecord(value) && typeof value.name === 'string' && isCount(value.size) && isSha256(value.sha256);
}

const unreadable = (why: string) =>
  corrupt(`manifest.json non valido (${why})`, `manifest.json is not valid (${why})`);

/** Reads manifest.json, refusing anything that is not exactly the shape this build writes. */
export function parseManifest(text: string): BackupManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw unreadable('JSON');
  }
  if (!isRecord(raw) || raw.format !== BACKUP_FORMAT) throw unreadable('format');
  if (raw.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw corrupt(
      `versione del formato ${String(raw.formatVersion)} non supportata (questa versione legge la ${BACKUP_FORMAT_VERSION})`,
      `format version ${String(raw.formatVersion)} is not supported (this version reads ${BACKUP_FORMAT_VERSION})`,
    );
  }
  if (raw.engine !== 'postgresql' && raw.engine !== 'pglite') throw unreadable('engine');
  if (typeof raw.createdAt !== 'string' || Number.isNaN(Date.parse(raw.createdAt)))
    throw unreadable('createdAt');
  if (typeof raw.serverVersion !== 'string' || typeof raw.tool !== 'string')
    throw unreadable('serverVersion');
  if (!Array.isArray(raw.migrations) || !raw.migrations.every((m) => typeof m === 'string')) {
    throw unreadable('migrations');
  }
  if (
    !isRecord(raw.tables) ||
    !Object.entries(raw.tables).every(([k, v]) => /^[^.]+\.[^.]+$/.test(k) && isCount(v))
  ) {
    throw unreadable('tables');
  }
  if (!part(raw.database) || raw.database.name !== DATABASE_PART[raw.engine]) throw unreadable('database');
  if (!Array.isArray(raw.files)) throw unreadable('files');
  for (const file of raw.files as unknown[]) {
    if (
      !part(file) ||
      !isRecord(file) ||
      typeof file.path !== 'string' ||
      !isSafeStoredPath(file.path) ||
      file.name !== `${FILES_PREFIX}${file.path}` ||
      !isCount(file.mode)
    ) {
      throw unreadable('files');
    }
  }
  return raw as unknown as BackupManifest;
}

export interface ArchivedEntry {
  size: number;
  sha256: string;
}

/** Every part the manifest names is in the tar with its size and hash, and nothing else is. */
export function verifyParts(manifest: BackupManifest, entries: Map<string, ArchivedEntry>): void {
  const expected = [manifest.database, ...manifest.files];
  for (const p of expected) {
    const found = entries.get(p.name);
    if (!found) throw corrupt(`manca ${p.name}`, `${p.name} is missing`);
    if (found.size !== p.size || found.sha256 !== p.sha256) {
      throw corrupt(`${p.name} non corrisponde al suo SHA-256`, `${p.name} does not match its SHA-256`);
    }
  }
  const names = new Set([MANIFEST_NAME, ...expected.map((p) => p.name)]);
  for (const name of entries.keys()) {
    if (!names.has(name)) throw corrupt(`voce inattesa ${name}`, `unexpected entry ${name}`);
  }
}
