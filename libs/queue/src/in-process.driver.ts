import { Logger } from '@nestjs/common';

import {
  DEFAULT_RETRY,
  JobHandler,
  JobName,
  JobOptions,
  JobPayloads,
  PermanentJobError,
  RETRY_POLICIES,
} from './job.types';
import { QueueDriver } from './queue.driver';

/**
 * Jobs run in this process through the same handlers (the embedded default, no Redis).
 * A job in flight is lost with the process, which is why anything that matters is a row in
 * PostgreSQL first and a job second.
 */
export class InProcessQueueDriver implements QueueDriver {
  readonly kind = 'in-process' as const;
  readonly location = 'in-process';
  private readonly logger = new Logger('InProcessQueue');
  private handlers: ReadonlyMap<JobName, JobHandler> = new Map();
  private readonly pending: Array<{ name: JobName; payload: unknown; options?: JobOptions }> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private readonly knownIds = new Set<string>();
  private closed = false;

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: JobOptions): Promise<void> {
    if (this.closed) throw new Error('queue closed');
    if (options?.jobId) {
      if (this.knownIds.has(options.jobId)) return;
      this.knownIds.add(options.jobId);
    }
    if (this.handlers.size === 0) {
      this.pending.push({ name, payload, options });
      return;
    }
    this.dispatch(name, payload, options?.delayMs ?? 0);
  }

  async schedule<N extends JobName>(name: N, everyMs: number, payload: () => JobPayloads[N]): Promise<void> {
    const timer = setInterval(() => {
      if (this.handlers.size > 0) this.dispatch(name, payload(), 0);
    }, everyMs);
    timer.unref();
    this.timers.add(timer);
  }

  async consume(handlers: ReadonlyMap<JobName, JobHandler>): Promise<void> {
    this.handlers = handlers;
    for (const job of this.pending.splice(0)) this.dispatch(job.name, job.payload, job.options?.delayMs ?? 0);
  }

  async ping(): Promise<boolean> {
    return !this.closed;
  }

  async counts(): Promise<Record<string, number>> {
    // Timers hold both the delayed jobs and the schedules; what has not started yet is waiting.
    return { waiting: this.pending.length, active: this.running.size, delayed: this.timers.size };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }

  private dispatch(name: JobName, payload: unknown, delayMs: number, attempt = 1): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed) return;
      const run = this.run(name, payload, attempt).finally(() => this.running.delete(run));
      this.running.add(run);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private async run(name: JobName, payload: unknown, attempt: number): Promise<void> {
    const handler = this.handlers.get(name);
    if (!handler) {
      this.logger.error(`No handler for job ${name}; discarded`);
      return;
    }
    try {
      await handler(payload as never);
    } catch (error) {
      const policy = RETRY_POLICIES[name] ?? DEFAULT_RETRY;
      if (error instanceof PermanentJobError || attempt >= policy.attempts) {
        this.logger.error(
          `Job ${name} failed for good after ${attempt} attempt(s): ${(error as Error).message}`,
        );
        return;
      }
      const delay = policy.backoffMs * 2 ** (attempt - 1);
      this.logger.warn(
        `Job ${name} failed (attempt ${attempt}), retrying in ${delay} ms: ${(error as Error).message}`,
      );
      this.dispatch(name, payload, delay, attempt + 1);
    }
  }
}
