import { AppConfig, loadConfig } from '@app/config';
import { ApiProcessModule, configureHttpApp } from '@app/runtime';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';

import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  dataSource: DataSource;
  database: TestDatabase;
  config: AppConfig;
  close(): Promise<void>;
}

/** The api on its own fresh database, configured exactly as in production. */
export async function createTestApp(
  env: NodeJS.ProcessEnv = {},
  /** An existing test database to run on (closing the app drops it); default a fresh one. */
  existing?: TestDatabase,
): Promise<TestApp> {
  const database = existing ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    // On the embedded engine, as the embedded default runs it: one connection (DatabaseModule);
    // the per-file database is a copy of a migrated template.
    ...(database.engine === 'embedded' ? { DATABASE_POOL_SIZE: '1', RUN_MIGRATIONS: 'false' } : {}),
    SEED_DEMO: 'false',
    LOG_LEVEL: 'error',
    // Specs build their history (a clock breached a year ago, last March's tickets) through the
    // phone intake API: the intake's backdating window is lifted unless a spec sets it.
    INTAKE_BACKDATE_HOURS: '0',
    ...env,
  });
  const app = configureHttpApp(
    await NestFactory.create(ApiProcessModule.forRoot(config), { logger: ['error'] }),
  );
  await app.init();
  return {
    app,
    http: app.getHttpServer(),
    dataSource: app.get(DataSource),
    database,
    config,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
