import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  createDataSource,
  EmbeddedPostgres,
  runMigrationsLocked,
  startEmbeddedPostgres,
} from '@app/database';
import { ENTITIES } from '@app/runtime/entities';
import { Client } from 'pg';

/** Set by the global setup, read by every spec file. */
const TEMPLATE_DB_ENV = 'HELPDESK_TEST_TEMPLATE_DB';
const TEMPLATE_FILE_ENV = 'HELPDESK_TEST_TEMPLATE_FILE';
const TEST_DB_PREFIX = 'helpdesk_test_';

export interface TestDatabase {
  url: string;
  engine: 'postgresql' | 'embedded';
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Once per test run: a migrated template. On a real server it is a database that every spec
 * file copies (CREATE DATABASE ... TEMPLATE); on the embedded engine it is a data-directory
 * tarball that every spec file starts from.
 */
export async function prepareTemplate(): Promise<string> {
  if (process.env.TEST_DATABASE_URL) {
    const name = `${TEST_DB_PREFIX}tpl_${process.pid}`;
    await admin(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${name}`);
      await client.query(`CREATE DATABASE ${name}`);
    });
    const dataSource = createDataSource({
      url: withDatabase(process.env.TEST_DATABASE_URL, name),
      poolSize: 2,
      entities: ENTITIES,
    });
    await dataSource.initialize();
    await runMigrationsLocked(dataSource);
    await dataSource.destroy();
    process.env[TEMPLATE_DB_ENV] = name;
    return `PostgreSQL template ${name}`;
  }
  if (process.env.CI === 'true') {
    throw new Error(
      'CI=true but TEST_DATABASE_URL is not set: the tests must run on the real PostgreSQL in CI',
    );
  }
  const embedded = await startEmbeddedPostgres();
  const dataSource = createDataSource({ url: embedded.url, poolSize: 2, entities: ENTITIES });
  await dataSource.initialize();
  await runMigrationsLocked(dataSource);
  await dataSource.destroy();
  const file = join(tmpdir(), `helpdesk-test-template-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await (await embedded.dump()).arrayBuffer()));
  await embedded.stop();
  process.env[TEMPLATE_FILE_ENV] = file;
  return `embedded PostgreSQL template ${file} (set TEST_DATABASE_URL to test on a real server)`;
}

/**
 * Drops this run's template and copies, and those of runs whose process has died (a killed run
 * leaves them behind). Another run still going on this server keeps its databases: several test
 * runs share one PostgreSQL on a developer's machine.
 */
export async function dropTemplate(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) return;
  await admin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${TEST_DB_PREFIX}%`],
    );
    for (const { datname } of rows) {
      const pid = Number(/^helpdesk_test_tpl_(\d+)/.exec(datname)?.[1]);
      if (pid === process.pid || !isAlive(pid)) {
        await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      }
    }
  });
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A fresh, migrated database for one spec file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env[TEMPLATE_DB_ENV];
  if (process.env.TEST_DATABASE_URL && template) {
    // Named after the run's template, so that teardown drops only this run's copies.
    const name = `${template}_${randomBytes(6).toString('hex')}`;
    await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
    return {
      url: withDatabase(process.env.TEST_DATABASE_URL, name),
      engine: 'postgresql',
      drop: () =>
        admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
    };
  }
  const file = process.env[TEMPLATE_FILE_ENV];
  if (!file) throw new Error('The e2e global setup did not prepare a template database');
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres({
    loadDataDir: new Blob([readFileSync(file)]),
  });
  return { url: embedded.url, engine: 'embedded', drop: () => embedded.stop() };
}

/**
 * A copy of a test database as it stands now (PostgreSQL only; nothing may be connected to the
 * source): for instance a read replica caught up to this instant. Named after the source, so the
 * run's teardown drops it too.
 */
export async function copyTestDatabase(source: TestDatabase): Promise<TestDatabase> {
  if (source.engine !== 'postgresql' || !process.env.TEST_DATABASE_URL)
    throw new Error('copyTestDatabase needs TEST_DATABASE_URL (a real PostgreSQL)');
  const from = new URL(source.url).pathname.slice(1);
  const name = `${from}_copy${randomBytes(3).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${from}`));
  return {
    url: withDatabase(process.env.TEST_DATABASE_URL, name),
    engine: 'postgresql',
    drop: () =>
      admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
