import { AppConfig } from '@app/config';
import { startWorker, WorkerProcessModule } from '@app/runtime';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

/**
 * The one worker bootstrap of the specs and benchmarks. A worker as production runs it, on the test app's config (its database and queue): its services
 * for a spec to call, and with `consume` its job consumers, schedules and mailbox watchers too.
 */
export async function createTestWorker(
  config: AppConfig,
  options: { consume?: boolean } = {},
): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerProcessModule.forRoot(config), {
    logger: ['error'],
  });
  if (options.consume) await startWorker(worker);
  return worker;
}
