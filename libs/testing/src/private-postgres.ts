/**
 * A PostgreSQL 15 cluster of its own, in a temp folder on a free port: for the fault suite, which
 * stops, kills and restarts its server, and for the benchmarks that open more connections than the
 * machine's shared server can spare. initdb and postgres refuse root: as root they run as the
 * postgres user, which then owns the folder.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from './free-port';

const execFileAsync = promisify(execFile);
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PrivatePostgresOptions {
  /** Default 200. */
  maxConnections?: number;
  /** Default off: throwaway data. The benchmarks turn it on, to measure what a real server does. */
  fsync?: boolean;
  /** The temp folder's name prefix. */
  prefix?: string;
}

export interface PrivatePostgres {
  readonly dir: string;
  readonly port: number;
  /** Superuser URL of the `postgres` database. */
  readonly url: string;
  /** pg_ctl stop -m fast: clients see their connections terminated. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster and deletes its folder. */
  destroy(): Promise<void>;
}

export function postgresBinariesAvailable(): boolean {
  return existsSync(join(PG_BIN, 'pg_ctl')) && existsSync(join(PG_BIN, 'initdb'));
}

/** Runs a PostgreSQL binary as the postgres user when we are root (initdb and postgres refuse root). */
async function asPostgres(binary: string, args: string[]): Promise<string> {
  const file = join(PG_BIN, binary);
  const root = process.getuid?.() === 0;
  const { stdout } = await execFileAsync(
    root ? 'runuser' : file,
    root ? ['-u', 'postgres', '--', file, ...args] : args,
    { timeout: 60_000 },
  );
  return stdout;
}

function passwdIds(name: string, passwd: string): { uid: number; gid: number } {
  const line = passwd.split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`no user ${name} in /etc/passwd`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * Starts and stops the cluster in `dir` (initialised by startPrivatePostgres) on `port`; another
 * process (a fault spec) reaches the suite's cluster through it with the same options.
 */
export function clusterControl(
  dir: string,
  port: number,
  { maxConnections = 200, fsync = false }: PrivatePostgresOptions = {},
): Pick<PrivatePostgres, 'start' | 'stop'> {
  const data = join(dir, 'data');
  const options =
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=${fsync ? 'on' : 'off'}` +
    ` -c max_connections=${maxConnections}`;
  return {
    start: async () => {
      await asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'postgres.log'), '-w', 'start']);
    },
    stop: async () => {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
  };
}

/** A PostgreSQL 15 cluster of its own: trust auth, loopback only, a free port. */
export async function startPrivatePostgres(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
  const dir = await mkdtemp(join(tmpdir(), options.prefix ?? 'helpdesk-pg-'));
  try {
    if (process.getuid?.() === 0) {
      const { uid, gid } = passwdIds('postgres', await readFile('/etc/passwd', 'utf8'));
      await chown(dir, uid, gid);
    }
    await asPostgres('initdb', [
      '-D',
      join(dir, 'data'),
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    const port = await freePort();
    const { start, stop } = clusterControl(dir, port, options);
    await start();
    return {
      dir,
      port,
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      start,
      stop,
      async destroy() {
        await stop().catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Stops the cluster in `dir` at once and deletes the folder (a global teardown). */
export async function stopPostgresIn(dir: string): Promise<void> {
  await asPostgres('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']).catch(
    () => undefined,
  );
  await rm(dir, { recursive: true, force: true });
}
