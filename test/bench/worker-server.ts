/*
 * The worker as `npm run start:worker` runs it (apps/worker/src/main.ts: its job consumers, its
 * schedules, the SLA sweep every 30 s among them, and its mailbox watchers), for bench:day to start
 * in its own process beside the api. Needs DATABASE_URL and REDIS_URL; METRICS_PORT serves its
 * job timings. Prints "WORKING" when it consumes.
 */
import 'reflect-metadata';

import { loadConfig } from '@app/config';
import { serveMetrics, startWorker } from '@app/runtime';
import { NestFactory } from '@nestjs/core';

import { WorkerModule } from '../../apps/worker/src/worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error'] });
  await startWorker(app);
  await serveMetrics(app, config);
  console.log('WORKING');
  process.once('SIGTERM', () => {
    void app.close().finally(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
