import { Client } from 'pg';

/** The server the benchmarks create their throwaway databases on. */
export const benchServerUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** One statement on the server's maintenance database (CREATE / DROP DATABASE). */
export async function admin(sql: string, serverUrl = benchServerUrl): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface PrivateServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * A private PostgreSQL 15 in a temp dir on a free port, for benchmarks that open more connections
 * than a shared server can spare (its max_connections is 100, shared by everyone's tests). Same
 * memory settings as the distribution's default server; stopped and deleted by stop().
 */
export async function startPrivatePostgres(maxConnections: number): Promise<PrivateServer> {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, rmSync, chownSync } = await import('node:fs');
  const { tmpdir, userInfo } = await import('node:os');
  const { join } = await import('node:path');
  const { createServer } = await import('node:net');
  const bin = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-bench-pg-'));
  // initdb refuses root: run the server as the postgres user then.
  const asPostgres = userInfo().uid === 0;
  const run = (cmd: string, args: string[]) =>
    execFileSync(asPostgres ? 'runuser' : cmd, asPostgres ? ['-u', 'postgres', '--', cmd, ...args] : args, {
      stdio: 'pipe',
    });
  if (asPostgres) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString());
    chownSync(dir, id('-u'), id('-g'));
  }
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const data = join(dir, 'data');
  run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=${maxConnections} -c fsync=on`;
  run(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
