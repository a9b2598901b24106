import 'reflect-metadata';
import 'dotenv/config';
// First: the tracing instrumentations must wrap pg, ioredis and express before they load.
import '@app/runtime/tracing/bootstrap';

import { loadConfig } from '@app/config';
import { AppLogger, configureHttpApp, enableGracefulShutdown, serveMetrics, startBanner } from '@app/runtime';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { ApiModule } from './api.module';

/** The api process: HTTP only; run any number behind a load balancer. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = configureHttpApp(
    await NestFactory.create(ApiModule.forRoot(config), {
      // Buffered until the structured logger takes over, so that boot messages are JSON lines too.
      bufferLogs: true,
    }),
  );
  app.useLogger(app.get(AppLogger));
  await app.listen(config.PORT, config.HOST);
  enableGracefulShutdown(app, config, { http: app });
  await serveMetrics(app, config);
  const url = config.PUBLIC_URL ?? (await app.getUrl()).replace('[::1]', 'localhost');
  console.log(startBanner(app, config, { url, roles: ['api'] }));
}

main().catch((error) => {
  new Logger('Bootstrap').error(error instanceof Error ? error.message : error);
  process.exit(1);
});
