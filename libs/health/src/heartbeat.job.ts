import { JobDefinition, QueueJob } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';

/** The worker side of the health check: each worker that runs a heartbeat records itself. */
@QueueJob()
@Injectable()
export class HeartbeatJob implements JobDefinition<'system.heartbeat'> {
  readonly name = 'system.heartbeat';
  readonly schedule = { everyMs: 15_000 };
  private readonly workerId = `${hostname()}:${process.pid}`;
  private readonly startedAt = new Date();

  constructor(private readonly dataSource: DataSource) {}

  handle(): Promise<void> {
    return this.beat();
  }

  async beat(): Promise<void> {
    await this.dataSource.query<unknown>(
      `INSERT INTO worker_heartbeat (worker_id, hostname, pid, started_at, seen_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (worker_id) DO UPDATE SET seen_at = now()`,
      [this.workerId, hostname(), process.pid, this.startedAt],
    );
  }
}
