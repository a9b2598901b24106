import { hostname } from 'node:os';

import { JobDefinition, QueueJob } from '@app/queue';
import { Injectable } from '@nestjs/common';

import { HeartbeatRepository } from './heartbeat.repository';

/** The worker side of the health check: each worker that runs a heartbeat records itself. */
@QueueJob()
@Injectable()
export class HeartbeatJob implements JobDefinition<'system.heartbeat'> {
  readonly name = 'system.heartbeat';
  readonly schedule = { everyMs: 15_000 };
  private readonly workerId = `${hostname()}:${process.pid}`;
  private readonly startedAt = new Date();

  constructor(private readonly heartbeats: HeartbeatRepository) {}

  handle(): Promise<void> {
    return this.beat();
  }

  async beat(): Promise<void> {
    await this.heartbeats.beat({
      id: this.workerId,
      hostname: hostname(),
      pid: process.pid,
      startedAt: this.startedAt,
    });
  }
}
