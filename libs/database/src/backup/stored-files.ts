import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';

import { RESERVED_DATA_DIR_NAMES, RESTORE_STAGING_PREFIX } from './backup-manifest';

/**
 * The files the help desk keeps in DATA_DIR beside the embedded database: `secrets.key` (the
 * embedded default's key to the mailbox passwords) and `outbox/*.eml` (mails written to files
 * when no SMTP server is set). Attachments and mail sources live in the database. Everything in
 * DATA_DIR except the engine's own `pgdata` and pid file is backed up, so a file added there
 * later is not forgotten.
 */
export interface StoredFile {
  /** Relative to DATA_DIR, `/`-separated. */
  path: string;
  absolute: string;
  mode: number;
}

function isReservedTop(name: string): boolean {
  return RESERVED_DATA_DIR_NAMES.includes(name) || name.startsWith(RESTORE_STAGING_PREFIX);
}

/** Regular files under DATA_DIR, sorted; `exclude` (absolute) leaves out the backup being written. */
export async function listStoredFiles(dataDir: string, exclude: string[] = []): Promise<StoredFile[]> {
  const root = resolve(dataDir);
  if (!existsSync(root)) return [];
  const skip = new Set(exclude.map((p) => resolve(p)));
  const found: StoredFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const absolute = join(dir, entry.name);
      if (dir === root && isReservedTop(entry.name)) continue;
      if (skip.has(absolute)) continue;
      if (entry.isDirectory()) await walk(absolute);
      else if (entry.isFile()) {
        found.push({
          path: relative(root, absolute).split(sep).join('/'),
          absolute,
          mode: (await lstat(absolute)).mode & 0o777,
        });
      }
    }
  };
  await walk(root);
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

/** The top-level names in DATA_DIR the restore replaces (everything but the engine's own). */
async function topLevelStored(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  return (await readdir(root)).filter((name) => !isReservedTop(name));
}

/**
 * Swaps DATA_DIR's stored files for the staged ones: the current ones move into `trash` (inside
 * DATA_DIR, so every step is a rename on one file system) and come back if a step fails.
 */
export async function swapStoredFiles(dataDir: string, staged: string, trash: string): Promise<void> {
  const root = resolve(dataDir);
  await mkdir(trash, { recursive: true });
  const moved: string[] = [];
  const placed: string[] = [];
  try {
    for (const name of await topLevelStored(root)) {
      await rename(join(root, name), join(trash, name));
      moved.push(name);
    }
    if (existsSync(staged)) {
      for (const name of await readdir(staged)) {
        await rename(join(staged, name), join(root, name));
        placed.push(name);
      }
    }
  } catch (error) {
    for (const name of placed) await rm(join(root, name), { recursive: true, force: true });
    for (const name of moved) await rename(join(trash, name), join(root, name));
    throw error;
  }
}

/** Creates the folders of `path` below `root` (a staged stored file). */
export async function ensureParent(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
}
