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

const QUEUE_NAME = 'helpdesk';

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]+@/, '//$1:***@');
}

/** BullMQ over Redis: any number of workers share the jobs; Redis only dispatches, PostgreSQL is the truth. */
export class BullMqQueueDriver implements QueueDriver {
  readonly kind = 'bullmq' as const;
  readonly location: string;
  private readonly logger = new Logger('BullMqQueue');
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker?: Worker;
  private workerConnection?: Redis;

  constructor(url: string, prefix: string) {
    this.location = redact(url);
    // BullMQ needs maxRetriesPerRequest null for blocking commands; errors must have a listener.
    this.connection = new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: false });
    this.connection.on('error', (error) => this.logger.warn(`Redis: ${error.message}`));
    this.queue = new Queue(QUEUE_NAME, { connection: this.connection, prefix });
    this.queue.on('error', (error) => this.logger.warn(`Queue: ${error.message}`));
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: JobOptions): Promise<void> {
    const policy = RETRY_POLICIES[name] ?? DEFAULT_RETRY;
    await this.queue.add(name, payload, {
      jobId: options?.jobId,
      delay: options?.delayMs,
      attempts: policy.attempts,
      backoff: { type: 'exponential', delay: policy.backoffMs },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 5000 },
    });
  }

  async schedule<N extends JobName>(name: N, everyMs: number, payload: () => JobPayloads[N]): Promise<void> {
    // A job scheduler with a fixed id is an upsert: every worker may call it, one schedule exists.
    await this.queue.upsertJobScheduler(`every:${name}`, { every: everyMs }, { name, data: payload() });
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
      return (await this.connection.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.workerConnection?.disconnect();
    this.connection.disconnect();
  }
}
