import { JobRegistry } from '@app/queue';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';

/** The worker side of the health check: each worker that runs a heartbeat records itself. */
@Injectable()
export class HeartbeatJob implements OnModuleInit {
  private readonly workerId = `${hostname()}:${process.pid}`;
  private readonly startedAt = new Date();

  constructor(
    private readonly registry: JobRegistry,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register('system.heartbeat', () => this.beat());
  }

  async beat(): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO worker_heartbeat (worker_id, hostname, pid, started_at, seen_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (worker_id) DO UPDATE SET seen_at = now()`,
      [this.workerId, hostname(), process.pid, this.startedAt],
    );
  }
}
