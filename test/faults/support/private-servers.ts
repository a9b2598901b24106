/**
 * Private servers for the fault suite. The fault specs stop, kill, restart and flush their
 * PostgreSQL and Redis, so they never touch the machine's shared ones (5432, 6379): each run
 * gets a PostgreSQL 15 cluster of its own in a temp folder (owned by the postgres user, since
 * initdb refuses root) and each spec file a redis-server child process, both on free ports.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@app/testing/mail-servers';

const execFileAsync = promisify(execFile);
const PG_BIN = '/usr/lib/postgresql/15/bin';

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
    {
      timeout: 60_000,
    },
  );
  return stdout;
}

function passwdIds(name: string, passwd: string): { uid: number; gid: number } {
  const line = passwd.split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`no user ${name} in /etc/passwd`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
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

/** Starts and stops the cluster in `dir` (initialised by startPrivatePostgres) on `port`. */
export function clusterControl(dir: string, port: number): Pick<PrivatePostgres, 'start' | 'stop'> {
  const data = join(dir, 'data');
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  return {
    start: async () => {
      await asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'postgres.log'), '-w', 'start']);
    },
    stop: async () => {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
  };
}

/** A PostgreSQL 15 cluster of its own: trust auth, loopback only, no fsync (throwaway data). */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'helpdesk-faults-pg-'));
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
  const { start, stop } = clusterControl(dir, port);
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
}

/** Stops the cluster in `dir` at once and deletes the folder (the global teardown). */
export async function stopPostgresIn(dir: string): Promise<void> {
  await asPostgres('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']).catch(
    () => undefined,
  );
  await rm(dir, { recursive: true, force: true });
}

export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  readonly running: boolean;
  /** SIGKILL: nothing saved, so the next start() is an empty (flushed) Redis. */
  kill(): Promise<void>;
  /** Starts again on the same port (empty: no persistence). */
  start(): Promise<void>;
  /** FLUSHALL on the live server. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

async function redisCli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
    timeout: 10_000,
  });
  return stdout.trim();
}

/** redis-server as a child process on a free port, without persistence. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    if (child) return;
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      {
        stdio: 'ignore',
      },
    );
    const until = Date.now() + 15_000;
    for (;;) {
      if ((await redisCli(port, 'ping').catch(() => '')) === 'PONG') return;
      if (Date.now() > until) throw new Error(`redis-server on ${port} did not answer PING`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const kill = async () => {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      current.once('exit', () => resolve());
      current.kill('SIGKILL');
    });
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return child !== undefined;
    },
    kill,
    start,
    async flush() {
      await redisCli(port, 'flushall');
    },
    stop: kill,
  };
}
