import { DATABASE_ENGINE, DatabaseEngineInfo } from '@app/database';
import { QUEUE_DRIVER, QueueDriver } from '@app/queue';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A worker not seen for this long is reported as missing. */
const WORKER_STALE_MS = 60_000;

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  database: { ok: boolean; engine: string; latencyMs?: number; error?: string };
  queue: { ok: boolean; driver: string; workersSeen: number; lastWorkerSeenAt: string | null };
}

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(DATABASE_ENGINE) private readonly engine: DatabaseEngineInfo,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
  ) {}

  async check(): Promise<HealthReport> {
    const started = Date.now();
    let database: HealthReport['database'];
    let workersSeen = 0;
    let lastWorkerSeenAt: string | null = null;
    try {
      const [row] = await this.dataSource.query(
        `SELECT count(*) FILTER (WHERE seen_at > now() - make_interval(secs => $1))::int AS fresh, max(seen_at) AS last
           FROM worker_heartbeat`,
        [WORKER_STALE_MS / 1000],
      );
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
