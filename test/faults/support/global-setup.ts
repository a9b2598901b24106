import 'reflect-metadata';

// Jest's moduleNameMapper does not apply to the global setup: resolve the @app/* aliases here.
import { register } from 'tsconfig-paths';

import { compilerOptions } from '../../../tsconfig.json';

register({ baseUrl: `${__dirname}/../../..`, paths: compilerOptions.paths });

/**
 * Once per fault run: a private PostgreSQL cluster (the specs stop and start it), the migrated
 * template on it, and the production build in a temp folder (never ./dist, which other test
 * runs on this machine may be using or rebuilding at the same time).
 */
export default async function globalSetup(): Promise<void> {
  const { postgresBinariesAvailable, startPrivatePostgres } = await import('./private-servers');
  const { buildProduction } = await import('./processes');
  if (!postgresBinariesAvailable()) {
    const message = 'the fault suite needs PostgreSQL 15 binaries in /usr/lib/postgresql/15/bin';
    if (process.env.CI === 'true') throw new Error(`${message} (CI=true: this is a failure)`);
    console.warn(`\n!!! SKIPPED: ${message} !!!\n`);
    process.env.FAULTS_SKIP = 'postgres';
    return;
  }
  const pg = await startPrivatePostgres();
  process.env.FAULTS_PG_DIR = pg.dir;
  process.env.FAULTS_PG_PORT = String(pg.port);
  // Every spec's database is copied from the template on this private cluster.
  process.env.TEST_DATABASE_URL = pg.url;
  const { prepareTemplate } = await import('@app/testing/test-database');
  const what = await prepareTemplate();
  const build = await buildProduction();
  process.env.FAULTS_BUILD_DIR = build;
  console.log(`\n[faults] private PostgreSQL on ${pg.port} (${pg.dir}), ${what}, build in ${build}`);
}
