import type { Server } from 'node:http';

import { AppConfig } from '@app/config';
import { HealthService } from '@app/health';
import { MailboxSupervisor } from '@app/mail';
import { QUEUE_DRIVER, QueueDriver } from '@app/queue';
import { INestApplication, INestApplicationContext, Logger } from '@nestjs/common';

import { inFlightRequestsOf } from './in-flight-requests';
import { stopTracing } from './tracing';

export interface ShutdownRoles {
  /** The HTTP side: drained (requests in progress finish, no new connection is taken). */
  http?: INestApplication;
  /** The worker side: mailboxes released, no new job taken, the job in hand finished. */
  worker?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGTERM (a rolling restart, a scale-in) and SIGINT stop the process gracefully within
 * SHUTDOWN_TIMEOUT_SECONDS: readiness turns 503, the HTTP server takes no new connection and lets
 * the requests in progress finish, the worker releases its mailbox leases (another worker takes
 * them at once) and finishes the job in hand, then the pools close. Past the timeout what remains
 * is cut (the work is in PostgreSQL and is picked up again: nothing is lost), and a process that
 * still hangs ten seconds later exits anyway.
 */
export function enableGracefulShutdown(
  app: INestApplicationContext,
  config: AppConfig,
  roles: ShutdownRoles,
): void {
  const logger = new Logger('Shutdown');
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const hardStop = setTimeout(
      () => {
        logger.error(`Still running ${config.SHUTDOWN_TIMEOUT_SECONDS + 10} s after ${signal}: exiting now`);
        process.exit(1);
      },
      (config.SHUTDOWN_TIMEOUT_SECONDS + 10) * 1000,
    );
    hardStop.unref();
    drainAndClose(app, config, roles, signal, logger).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(
          `Stopping after ${signal} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

export async function drainAndClose(
  app: INestApplicationContext,
  config: AppConfig,
  roles: ShutdownRoles,
  signal: string,
  logger = new Logger('Shutdown'),
): Promise<void> {
  const started = Date.now();
  const deadline = started + config.SHUTDOWN_TIMEOUT_SECONDS * 1000;
  logger.log(`${signal}: stopping gracefully (at most ${config.SHUTDOWN_TIMEOUT_SECONDS} s)`);
  healthOf(app)?.startDraining();
  await Promise.all([
    roles.http ? drainHttp(roles.http, deadline, logger) : undefined,
    roles.worker ? stopWorking(app) : undefined,
  ]);
  await app.close();
  await stopTracing();
  logger.log(`Stopped after ${Date.now() - started} ms`);
}

/** The health service, where this process has one (a worker process has none). */
function healthOf(app: INestApplicationContext): HealthService | null {
  try {
    return app.get(HealthService, { strict: false });
  } catch {
    return null;
  }
}

async function drainHttp(app: INestApplication, deadline: number, logger: Logger): Promise<void> {
  const server = app.getHttpServer() as Server;
  const inFlight = inFlightRequestsOf(app);
  inFlight.startDraining();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  while (inFlight.count > 0 && Date.now() < deadline) {
    server.closeIdleConnections();
    await sleep(50);
  }
  if (inFlight.count > 0) logger.warn(`${inFlight.count} request(s) still in progress at the timeout: cut`);
  // Live streams and idle keep-alive connections end here.
  server.closeAllConnections();
  await closed;
}

async function stopWorking(app: INestApplicationContext): Promise<void> {
  // Mailboxes first, so that their leases are free for another worker while this one finishes.
  await app.get(MailboxSupervisor).onApplicationShutdown();
  await app.get<QueueDriver>(QUEUE_DRIVER).close();
}
