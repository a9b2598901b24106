/**
 * Private servers for the fault suite. The fault specs stop, kill, restart and flush their
 * PostgreSQL and Redis, so they never touch the machine's shared ones (5432, 6379): each run
 * gets a PostgreSQL 15 cluster of its own (the starter shared with the benchmarks,
 * libs/testing/src/private-postgres.ts: fsync off, 200 connections) and each spec file a
 * redis-server child process, both on free ports.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

import { freePort } from '@app/testing/free-port';
import { PrivatePostgres, startPrivatePostgres as startPrivateCluster } from '@app/testing/private-postgres';

export { clusterControl, postgresBinariesAvailable, stopPostgresIn } from '@app/testing/private-postgres';
export type { PrivatePostgres } from '@app/testing/private-postgres';

/** The suite's cluster: fsync off (throwaway data), 200 connections, as clusterControl() restarts it. */
export function startPrivatePostgres(): Promise<PrivatePostgres> {
  return startPrivateCluster({ prefix: 'helpdesk-faults-pg-' });
}

const execFileAsync = promisify(execFile);

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
