/*
 * The api as `npm run start:api` runs it (apps/api/src/main.ts), for bench:api to start in its own
 * process so that the load generator does not share its event loop. One difference: it trusts
 * X-Forwarded-For from loopback, as behind the load balancer TLS ends at, so each simulated agent
 * has its own address for the per-address rate limit. Prints "LISTENING <port>" when ready.
 */
import 'reflect-metadata';

import { loadConfig } from '@app/config';
import { configureHttpApp } from '@app/runtime';
import { NestFactory } from '@nestjs/core';
import type { Express } from 'express';

import { ApiModule } from '../../apps/api/src/api.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = configureHttpApp(await NestFactory.create(ApiModule.forRoot(config), { logger: ['error'] }));
  (app.getHttpAdapter().getInstance() as Express).set('trust proxy', 'loopback');
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  console.log(`LISTENING ${port}`);
  // A clean exit on SIGTERM, so that --cpu-prof (BENCH_API_PROFILE) gets to write its profile.
  process.once('SIGTERM', () => process.exit(0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
