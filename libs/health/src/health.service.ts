import { APP_CONFIG, AppConfig } from '@app/config';
import { DATABASE_ENGINE, DatabaseEngineInfo } from '@app/database';
import { QUEUE_DRIVER, QueueDriver } from '@app/queue';
import { Inject, Injectable } from '@nestjs/common';

import { HeartbeatRepository } from './heartbeat.repository';

/** A worker not seen for this long is reported as missing. */
const WORKER_STALE_MS = 60_000;

/** One thing readiness depends on, with what is wrong when it fails (no secrets, no personal data). */
export interface ReadinessCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

/**
 * ok: everything works; degraded: this api serves, but work behind it stalls (no worker beating,
 * a mailbox not read); down: it cannot serve (database or queue unreachable), a 503.
 */
export interface ReadinessReport {
  status: 'ok' | 'degraded' | 'down';
  checks: ReadinessCheck[];
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  database: { ok: boolean; engine: string; latencyMs?: number; error?: string };
  queue: { ok: boolean; driver: string; workersSeen: number; lastWorkerSeenAt: string | null };
}

@Injectable()
export class HealthService {
  constructor(
    private readonly heartbeats: HeartbeatRepository,
    @Inject(DATABASE_ENGINE) private readonly engine: DatabaseEngineInfo,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private draining = false;

  /** The process is stopping: readiness answers 503 so that load balancers send nothing new. */
  startDraining(): void {
    this.draining = true;
  }

  async readiness(): Promise<ReadinessReport> {
    if (this.draining)
      return { status: 'down', checks: [{ name: 'shutdown', ok: false, detail: 'stopping' }] };
    const health = await this.check();
    const checks: ReadinessCheck[] = [
      { name: 'database', ok: health.database.ok, detail: health.database.ok ? undefined : 'unreachable' },
      { name: 'queue', ok: health.queue.ok, detail: health.queue.ok ? undefined : 'unreachable' },
    ];
    if (health.database.ok) {
      checks.push({
        name: 'workers',
        ok: health.queue.workersSeen > 0,
        detail:
          health.queue.workersSeen > 0 ? undefined : `no worker heartbeat within ${WORKER_STALE_MS / 1000} s`,
      });
      checks.push(...(await this.mailboxChecks()));
    }
    const down = checks.some((c) => !c.ok && (c.name === 'database' || c.name === 'queue'));
    return { status: down ? 'down' : checks.every((c) => c.ok) ? 'ok' : 'degraded', checks };
  }

  /** Each active mailbox read recently (three polling intervals, at least two minutes) and without error. */
  private async mailboxChecks(): Promise<ReadinessCheck[]> {
    const staleSeconds = Math.max(3 * this.config.MAIL_POLL_SECONDS, 120);
    const rows = await this.heartbeats.mailboxPolls();
    return rows.map((row) => {
      const stale = row.age === null || row.age > staleSeconds;
      const detail = row.failing
        ? 'last poll failed'
        : stale
          ? row.age === null
            ? 'never polled'
            : `not polled for ${Math.round(row.age)} s`
          : undefined;
      return { name: `mailbox ${row.name}`, ok: !row.failing && !stale, detail };
    });
  }

  async check(): Promise<HealthReport> {
    const started = Date.now();
    let database: HealthReport['database'];
    let workersSeen = 0;
    let lastWorkerSeenAt: string | null = null;
    try {
      const row = await this.heartbeats.summary(WORKER_STALE_MS / 1000);
      database = { ok: true, engine: this.engine.kind, latencyMs: Date.now() - started };
      workersSeen = row.fresh;
      lastWorkerSeenAt = row.last ? new Date(row.last).toISOString() : null;
    } catch (error) {
      database = { ok: false, engine: this.engine.kind, error: (error as Error).message };
    }
    const queueOk = await this.queue.ping();
    const queue = { ok: queueOk, driver: this.queue.kind, workersSeen, lastWorkerSeenAt };
    const status = !database.ok ? 'down' : queueOk ? 'ok' : 'degraded';
    return { status, database, queue };
  }
}
