import 'reflect-metadata';

import { randomBytes } from 'node:crypto';

import { loadConfig } from '@app/config';
import { CoreModule } from '@app/runtime';
import { SlaRegistry } from '@app/sla';
import { DynamicModule, INestApplicationContext, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';

import { admin, benchServerUrl, withDatabase } from './bench-database';

@Module({})
class BenchModule {}

export interface BenchApp {
  /** The throwaway database's connection string. */
  url: string;
  app: INestApplicationContext;
  dataSource: DataSource;
  /** Drops the database (closing whatever is still connected to it). */
  drop(): Promise<void>;
}

/**
 * A throwaway database on the bench server, migrated and with the SLA configuration seeded (what
 * bench-data's generator needs), opened with `features` as the apps compose them. Call drop() at the end,
 * in a finally.
 */
export async function openBenchApp(
  features: (Type<unknown> | DynamicModule)[],
  serverUrl = benchServerUrl,
): Promise<BenchApp> {
  const name = `helpdesk_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`, serverUrl);
  const drop = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, serverUrl);
  const url = withDatabase(serverUrl, name);
  try {
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, LOG_LEVEL: 'error' });
    const app = await NestFactory.createApplicationContext(
      { module: BenchModule, imports: [CoreModule.forRoot({ config, runMigrations: true }), ...features] },
      { logger: ['error'] },
    );
    await app.get(SlaRegistry).seedFromConfig();
    return { url, app, dataSource: app.get(DataSource), drop };
  } catch (error) {
    await drop();
    throw error;
  }
}
