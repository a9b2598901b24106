import { startPrivatePostgres as startPrivateCluster } from '@app/testing/private-postgres';
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
 * A private PostgreSQL 15 (the starter shared with the fault suite), for benchmarks that open more
 * connections than a shared server can spare (its max_connections is 100, shared by everyone's
 * tests). fsync on, as a real server; stopped and deleted by stop().
 */
export async function startPrivatePostgres(maxConnections: number): Promise<PrivateServer> {
  const server = await startPrivateCluster({ maxConnections, fsync: true, prefix: 'helpdesk-bench-pg-' });
  return { url: server.url, stop: () => server.destroy() };
}
