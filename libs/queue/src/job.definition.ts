import { DiscoveryService } from '@nestjs/core';

import { JobName, JobPayloads } from './job.types';

/** A repeatable job runs every `everyMs`, and once when a worker starts (to catch up after downtime). */
export interface JobSchedule {
  everyMs: number;
}

/** The payload every scheduled tick carries. */
export interface TickPayload {
  at: string;
}

/** The jobs whose payload is a tick: the only ones that can repeat. */
export type TickJobName = { [N in JobName]: JobPayloads[N] extends TickPayload ? N : never }[JobName];

/**
 * One job in one `*.job.ts` file: its name, its schedule if it repeats, its handler. The class is
 * a provider marked with @QueueJob(); the worker finds every such provider of its modules through
 * the JobRegistry. Payloads and retries stay declared per name in job.types.ts, because api
 * processes enqueue jobs whose handlers they do not load.
 */
export interface JobDefinition<N extends JobName = JobName> {
  readonly name: N;
  /** Only jobs whose payload is a tick can repeat. */
  readonly schedule?: N extends TickJobName ? JobSchedule : never;
  handle(payload: JobPayloads[N]): Promise<void>;
}

/** Marks a provider as a JobDefinition for the JobRegistry. */
export const QueueJob = DiscoveryService.createDecorator<void>();
