import 'reflect-metadata';
import 'dotenv/config';
// First: the tracing instrumentations must wrap pg, ioredis and express before they load.
import '@app/runtime/tracing/bootstrap';

import { loadConfig } from '@app/config';
import { AppLogger, enableGracefulShutdown, serveMetrics, startBanner, startWorker } from '@app/runtime';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { WorkerModule } from './worker.module';

/** The worker process: queue consumers and schedules; run any number over the same Redis. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.embeddedDatabase || config.inProcessQueue) {
    throw new Error(
      'A separate worker needs DATABASE_URL and REDIS_URL (the embedded default runs everything in one process: npm start)',
    );
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    // Buffered until the structured logger takes over, so that boot messages are JSON lines too.
    bufferLogs: true,
  });
  app.useLogger(app.get(AppLogger));
  await startWorker(app);
  enableGracefulShutdown(app, config, { worker: true });
  await serveMetrics(app, config);
  console.log(startBanner(app, config, { roles: ['worker'] }));
}

main().catch((error) => {
  new Logger('Bootstrap').error(error instanceof Error ? error.message : error);
  process.exit(1);
});
