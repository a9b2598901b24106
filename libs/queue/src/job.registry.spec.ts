import { DiscoveryService } from '@nestjs/core';

import { JobDefinition } from './job.definition';
import { jobHandlers, JobRegistry, jobSchedules } from './job.registry';
import { JOB_NAMES, JobName } from './job.types';

function job(name: JobName, everyMs?: number, ran: string[] = []): JobDefinition {
  return {
    name,
    ...(everyMs ? { schedule: { everyMs } } : {}),
    handle: async () => {
      ran.push(name);
    },
  } as JobDefinition;
}

function registryOf(jobs: JobDefinition[]): JobRegistry {
  const discovery = { getProviders: () => jobs.map((instance) => ({ instance })) };
  return new JobRegistry(discovery as unknown as DiscoveryService);
}

describe('JobRegistry', () => {
  it('lists the jobs in the order of JOB_NAMES, whatever order the modules declare them in', () => {
    const jobs = [...JOB_NAMES].reverse().map((name) => job(name));
    expect(
      registryOf(jobs)
        .complete()
        .map((j) => j.name),
    ).toEqual(JOB_NAMES);
  });

  it('refuses a job name without a handler', () => {
    const jobs = JOB_NAMES.filter((name) => name !== 'mail.send').map((name) => job(name));
    expect(() => registryOf(jobs).complete()).toThrow('No handler registered for job(s): mail.send');
  });

  it('refuses a job name with two handlers', () => {
    const jobs = [...JOB_NAMES.map((name) => job(name)), job('sla.sweep')];
    expect(() => registryOf(jobs).complete()).toThrow('Job sla.sweep has two handlers');
  });

  it('gives the drivers each handler by name and the repeatable jobs with their period', async () => {
    const ran: string[] = [];
    const jobs = JOB_NAMES.map((name) => job(name, name === 'sla.sweep' ? 30_000 : undefined, ran));
    const complete = registryOf(jobs).complete();
    await jobHandlers(complete).get('mail.send')!({ outboundId: 'x' });
    expect(ran).toEqual(['mail.send']);
    expect(jobSchedules(complete)).toEqual([{ name: 'sla.sweep', everyMs: 30_000 }]);
  });
});
