import { APP_CONFIG, AppConfig } from '@app/config';
import { JobRegistry, QUEUE_DRIVER, QueueDriver } from '@app/queue';
import { MailboxSupervisor, OUTBOX_SWEEP_EVERY_MS } from '@app/mail';
import { MetricsService, timedJobHandlers } from '@app/metrics';
import { OUTAGE_REPORT_CHECK_EVERY_MS, OUTAGE_WATCH_EVERY_MS } from '@app/monitoring';
import { MONTHLY_REPORT_CHECK_EVERY_MS } from '@app/reporting';
import { SLA_SWEEP_EVERY_MS } from '@app/sla';
import { INestApplicationContext } from '@nestjs/common';

const HEARTBEAT_EVERY_MS = 15_000;

/** Starts consuming jobs and the repeatable schedules; refuses when a job has no handler. */
export async function startWorker(app: INestApplicationContext): Promise<QueueDriver> {
  const handlers = app.get(JobRegistry).complete();
  const driver = app.get<QueueDriver>(QUEUE_DRIVER);
  await driver.consume(timedJobHandlers(handlers, app.get(MetricsService)));
  await driver.schedule('system.heartbeat', HEARTBEAT_EVERY_MS, () => ({ at: new Date().toISOString() }));
  await driver.schedule('sla.sweep', SLA_SWEEP_EVERY_MS, () => ({ at: new Date().toISOString() }));
  await driver.schedule('mail.outbox-sweep', OUTBOX_SWEEP_EVERY_MS, () => ({ at: new Date().toISOString() }));
  await driver.schedule('reports.monthly', MONTHLY_REPORT_CHECK_EVERY_MS, () => ({
    at: new Date().toISOString(),
  }));
  await driver.schedule('reports.outages', OUTAGE_REPORT_CHECK_EVERY_MS, () => ({
    at: new Date().toISOString(),
  }));
  await driver.schedule('outages.watch', OUTAGE_WATCH_EVERY_MS, () => ({ at: new Date().toISOString() }));
  await driver.schedule(
    'monitoring.reconcile',
    app.get<AppConfig>(APP_CONFIG).NAGIOS_RECONCILE_SECONDS * 1000,
    () => ({
      at: new Date().toISOString(),
    }),
  );
  await driver.enqueue('system.heartbeat', { at: new Date().toISOString() });
  // Catch up at once after downtime instead of waiting for the first tick.
  await driver.enqueue('sla.sweep', { at: new Date().toISOString() });
  await driver.enqueue('mail.outbox-sweep', { at: new Date().toISOString() });
  await driver.enqueue('reports.monthly', { at: new Date().toISOString() });
  await driver.enqueue('reports.outages', { at: new Date().toISOString() });
  await driver.enqueue('outages.watch', { at: new Date().toISOString() });
  await driver.enqueue('monitoring.reconcile', { at: new Date().toISOString() });
  app.get(MailboxSupervisor).start();
  return driver;
}
