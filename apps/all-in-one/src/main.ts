import 'reflect-metadata';
import 'dotenv/config';
// First: the tracing instrumentations must wrap pg, ioredis and express before they load.
import '@app/runtime/tracing/bootstrap';

import { loadConfig } from '@app/config';
import {
  AppLogger,
  configureHttpApp,
  enableGracefulShutdown,
  serveMetrics,
  startBanner,
  startWorker,
} from '@app/runtime';
import { DEMO_PASSWORD, DEMO_USERS } from '@app/tickets';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { AllInOneModule } from './all-in-one.module';

/** `npm start`: api and worker in one process, on the embedded default unless URLs are set. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = configureHttpApp(
    await NestFactory.create(AllInOneModule.forRoot(config), {
      // Buffered until the structured logger takes over, so that boot messages are JSON lines too.
      bufferLogs: true,
    }),
  );
  app.useLogger(app.get(AppLogger));
  await app.listen(config.PORT, config.HOST);
  await startWorker(app);
  enableGracefulShutdown(app, config, { http: app, worker: true });
  await serveMetrics(app, config);
  const url = config.PUBLIC_URL ?? (await app.getUrl()).replace('[::1]', 'localhost');
  const lines = config.seedDemo
    ? [
        `  Demo users (password ${DEMO_PASSWORD}; sign in at the UI or POST /api/auth/login):`,
        ...DEMO_USERS.map((u) => `    ${u.role.padEnd(11)} ${u.email}`),
      ]
    : [];
  console.log(startBanner(app, config, { url, roles: ['api', 'worker'], lines }));
}

main().catch((error) => {
  new Logger('Bootstrap').error(error instanceof Error ? error.message : error);
  process.exit(1);
});
