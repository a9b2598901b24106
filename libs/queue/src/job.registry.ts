import { Injectable, Optional } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

import { JobDefinition, QueueJob, TickJobName } from './job.definition';
import { JOB_NAMES, JobHandler, JobName } from './job.types';

/** Every job of this process, found among its providers marked with @QueueJob(). */
@Injectable()
export class JobRegistry {
  constructor(@Optional() private readonly discovery?: DiscoveryService) {}

  /**
   * The jobs in the order of JOB_NAMES. Every declared job must have exactly one handler, or the
   * worker must not start.
   */
  complete(): readonly JobDefinition[] {
    const found = new Map<JobName, JobDefinition>();
    const wrappers = this.discovery?.getProviders({ metadataKey: QueueJob.KEY }) ?? [];
    for (const wrapper of wrappers) {
      const job = wrapper.instance as JobDefinition | undefined;
      if (!job) continue;
      if (found.has(job.name)) throw new Error(`Job ${job.name} has two handlers`);
      found.set(job.name, job);
    }
    const missing = JOB_NAMES.filter((name) => !found.has(name));
    if (missing.length) throw new Error(`No handler registered for job(s): ${missing.join(', ')}`);
    return JOB_NAMES.map((name) => found.get(name)!);
  }
}

/** The handlers by job name, as the queue drivers consume them. */
export function jobHandlers(jobs: readonly JobDefinition[]): ReadonlyMap<JobName, JobHandler> {
  const handlers = new Map<JobName, JobHandler>();
  for (const job of jobs) handlers.set(job.name, (payload) => job.handle(payload));
  return handlers;
}

/** The repeatable jobs with their period, in registry order. */
export function jobSchedules(jobs: readonly JobDefinition[]): Array<{ name: TickJobName; everyMs: number }> {
  return jobs.flatMap((job) =>
    job.schedule ? [{ name: job.name as TickJobName, everyMs: job.schedule.everyMs }] : [],
  );
}
