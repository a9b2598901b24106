import { Logger } from '@nestjs/common';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import IORedis, { Redis } from 'ioredis';

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
import { describeRedis, redisConnectionOptions, RedisSettings } from './redis-connection';

const QUEUE_NAME = 'helpdesk';
/** The longest a caller waits for Redis to take a job or answer a ping. */
const REDIS_ANSWER_MS = 3_000;
/** How often a worker checks that its schedules still exist in Redis. */
const SCHEDULE_CHECK_MS = 15_000;

/** BullMQ over Redis: any number of workers share the jobs; Redis only dispatches, PostgreSQL is the truth. */
export class BullMqQueueDriver implements QueueDriver {
  readonly kind = 'bullmq' as const;
  readonly location: string;
  private readonly logger = new Logger('BullMqQueue');
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker?: Worker;
  private workerConnection?: Redis;
  private readonly schedules = new Map<JobName, { everyMs: number; payload: () => unknown }>();
  private scheduleKeeper?: NodeJS.Timeout;
  private checkingSchedules = false;
  private closing?: Promise<void>;

  constructor(redis: RedisSettings, prefix: string) {
    this.location = describeRedis(redis);
    // Errors must have a listener, or ioredis's reconnection attempts crash the process.
    this.connection = new IORedis(redisConnectionOptions(redis));
    this.connection.on('error', (error) => this.logger.warn(`Redis: ${error.message}`));
    this.queue = new Queue(QUEUE_NAME, { connection: this.connection, prefix });
    this.queue.on('error', (error) => this.logger.warn(`Queue: ${error.message}`));
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: JobOptions): Promise<void> {
    const policy = RETRY_POLICIES[name] ?? DEFAULT_RETRY;
    await this.reachable(
      () =>
        this.queue.add(name, payload, {
          jobId: options?.jobId,
          delay: options?.delayMs,
          attempts: policy.attempts,
          backoff: { type: 'exponential', delay: policy.backoffMs },
          removeOnComplete: { count: 1000 },
          removeOnFail: { count: 5000 },
        }),
      `enqueue ${name}`,
    );
  }

  /**
   * Commands wait in ioredis's offline queue while Redis is down (BullMQ needs
   * maxRetriesPerRequest null), so without a bound an api request that enqueues after its commit
   * would hang until Redis is back. Callers get an error instead: the work is in PostgreSQL and a
   * sweep dispatches it later. A command that timed out may still run on reconnection; jobs are
   * idempotent (the sender claims a row only while it is due).
   */
  private async reachable<T>(send: () => Promise<T>, what: string): Promise<T> {
    const status = this.connection.status;
    if (status === 'reconnecting' || status === 'close' || status === 'end') {
      throw new Error(`Redis is not reachable (${status}): could not ${what}`);
    }
    const command = send();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer in ${REDIS_ANSWER_MS} ms: could not ${what}`)),
        REDIS_ANSWER_MS,
      );
    });
    command.catch(() => undefined);
    try {
      return await Promise.race([command, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async schedule<N extends JobName>(name: N, everyMs: number, payload: () => JobPayloads[N]): Promise<void> {
    // A job scheduler with a fixed id is an upsert: every worker may call it, one schedule exists.
    await this.queue.upsertJobScheduler(`every:${name}`, { every: everyMs }, { name, data: payload() });
    this.schedules.set(name, { everyMs, payload });
    if (!this.scheduleKeeper) {
      this.scheduleKeeper = setInterval(() => void this.restoreLostSchedules(), SCHEDULE_CHECK_MS);
      this.scheduleKeeper.unref();
    }
  }

  /**
   * The schedules live in Redis, which is not the truth: a Redis restarted without persistence or
   * flushed has forgotten them, and the sweeps that resend pending mail and breach overdue clocks
   * from PostgreSQL would never run again. Each worker puts back what is missing, and runs it
   * once at once to catch up on the ticks it missed.
   */
  private async restoreLostSchedules(): Promise<void> {
    // While Redis is down commands wait for the reconnection: never stack checks up behind them.
    if (this.checkingSchedules) return;
    this.checkingSchedules = true;
    try {
      for (const [name, { everyMs, payload }] of this.schedules) {
        // An id with ':' makes BullMQ answer even for a missing scheduler (legacy keys): only a
        // next run instant says that it exists.
        const scheduler = await this.queue.getJobScheduler(`every:${name}`);
        if (scheduler?.next) continue;
        await this.queue.upsertJobScheduler(`every:${name}`, { every: everyMs }, { name, data: payload() });
        await this.enqueue(name, payload() as JobPayloads[typeof name]);
        this.logger.warn(`Schedule ${name} was missing from Redis (restarted or flushed): restored`);
      }
    } catch (error) {
      this.logger.warn(`Could not check the schedules: ${(error as Error).message}`);
    } finally {
      this.checkingSchedules = false;
    }
  }

  async consume(handlers: ReadonlyMap<JobName, JobHandler>): Promise<void> {
    // Blocking reads need a connection of their own.
    this.workerConnection = this.connection.duplicate();
    this.workerConnection.on('error', (error) => this.logger.warn(`Redis (worker): ${error.message}`));
    this.worker = new Worker(
      QUEUE_NAME,
      async (job: Job) => {
        const handler = handlers.get(job.name as JobName);
        if (!handler) throw new UnrecoverableError(`No handler for job ${job.name}`);
        try {
          await handler(job.data);
        } catch (error) {
          if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
          throw error;
        }
      },
      { connection: this.workerConnection, prefix: this.queue.opts.prefix, concurrency: 4 },
    );
    this.worker.on('error', (error) => this.logger.warn(`Worker: ${error.message}`));
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`Job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`),
    );
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.reachable(() => this.connection.ping(), 'ping')) === 'PONG';
    } catch {
      return false;
    }
  }

  async counts(): Promise<Record<string, number>> {
    return this.reachable(
      () => this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized'),
      'count jobs',
    );
  }

  /** Takes no new job and waits for the ones in hand; a second call waits for the first. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.scheduleKeeper) clearInterval(this.scheduleKeeper);
      // Closed while BullMQ still checks its new connections (a process stopped right after it
      // started), the check fails with "Connection is closed" on an emitter nobody listens to:
      // let those checks finish (or fail) first.
      // Bounded: with Redis down the checks would wait for a reconnection that may never come.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([this.queue.waitUntilReady(), this.worker?.waitUntilReady()]),
        new Promise((resolve) => (timer = setTimeout(resolve, 2_000))),
      ]);
      clearTimeout(timer);
      await this.worker?.close();
      await this.queue.close();
      this.workerConnection?.disconnect();
      this.connection.disconnect();
    })();
    return this.closing;
  }
}
