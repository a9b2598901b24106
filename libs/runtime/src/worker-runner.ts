import { MailboxSupervisor } from '@app/mail';
import { MetricsService, timedJobHandlers } from '@app/metrics';
import { jobHandlers, JobRegistry, jobSchedules, QUEUE_DRIVER, QueueDriver, TickPayload } from '@app/queue';
import { INestApplicationContext } from '@nestjs/common';

const tick = (): TickPayload => ({ at: new Date().toISOString() });

/**
 * Starts consuming every job of the registry and its repeatable schedules; refuses when a
 * declared job has no handler.
 */
export async function startWorker(app: INestApplicationContext): Promise<QueueDriver> {
  const jobs = app.get(JobRegistry).complete();
  const driver = app.get<QueueDriver>(QUEUE_DRIVER);
  await driver.consume(timedJobHandlers(jobHandlers(jobs), app.get(MetricsService)));
  const schedules = jobSchedules(jobs);
  for (const { name, everyMs } of schedules) await driver.schedule(name, everyMs, tick);
  // Catch up at once after downtime instead of waiting for the first tick.
  for (const { name } of schedules) await driver.enqueue(name, tick());
  app.get(MailboxSupervisor).start();
  return driver;
}
