import { JobHandler, JobName, JobOptions, JobPayloads } from './job.types';

/** What the rest of the code sees of the queue: BullMQ over Redis, or in-process. */
export interface QueueDriver {
  readonly kind: 'bullmq' | 'in-process';
  readonly location: string;
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: JobOptions): Promise<void>;
  /** Runs `name` every `everyMs`; with several workers, each tick runs once. */
  schedule<N extends JobName>(name: N, everyMs: number, payload: () => JobPayloads[N]): Promise<void>;
  /** Starts consuming with these handlers (worker processes only). */
  consume(handlers: ReadonlyMap<JobName, JobHandler>): Promise<void>;
  ping(): Promise<boolean>;
  /** Jobs by state (waiting, active, delayed, failed) for the metrics. */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}
