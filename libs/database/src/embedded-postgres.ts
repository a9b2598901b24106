import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** A connection string the ordinary `pg` driver uses. */
  readonly url: string;
  /** Where the data lives, or `memory`. */
  readonly location: string;
  stop(): Promise<void>;
  /** A tarball of the data directory (used as a migrated template by the tests). */
  dump(): Promise<Blob>;
}

export interface EmbeddedPostgresOptions {
  /** Directory for the data; omitted keeps everything in memory. */
  dataDir?: string;
  /** A tarball made by `dump()` to start from (memory only). */
  loadDataDir?: Blob;
  port?: number;
  maxConnections?: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * PGlite can be opened by one process only; two processes on the same directory would corrupt
 * it, so a pid file refuses the second one with a clear message instead.
 */
function takeDirectoryLock(dir: string): () => void {
  const lockFile = join(dir, 'helpdesk.pid');
  try {
    const holder = Number(readFileSync(lockFile, 'utf8'));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `The embedded database in ${dir} is in use by process ${holder}. Stop it first, or set DATABASE_URL.`,
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

/** Starts PostgreSQL (PGlite, in WASM) on a loopback port so the same `pg` driver and migrations work. */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  let releaseLock = () => {};
  let db: PGlite;
  if (options.dataDir) {
    const dir = resolve(options.dataDir, 'pgdata');
    mkdirSync(dir, { recursive: true });
    releaseLock = takeDirectoryLock(resolve(options.dataDir));
    db = await PGlite.create(dir);
  } else {
    db = await PGlite.create(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  }
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 32,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    releaseLock();
    throw error;
  }
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  let stopped = false;
  return {
    url,
    location: options.dataDir ? resolve(options.dataDir, 'pgdata') : 'memory',
    dump: () => db.dumpDataDir('none'),
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
      releaseLock();
    },
  };
}
