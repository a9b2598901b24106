import { JobHandler, JobName } from '@app/queue';

import { MetricsRegistry } from './metrics.registry';

/** The worker's handlers, each timed into helpdesk_job_duration_seconds by job name and outcome. */
export function timedJobHandlers(
  handlers: ReadonlyMap<JobName, JobHandler>,
  metrics: MetricsRegistry,
): ReadonlyMap<JobName, JobHandler> {
  const timed = new Map<JobName, JobHandler>();
  for (const [name, handler] of handlers) {
    timed.set(name, async (payload) => {
      const stop = metrics.jobDuration.startTimer({ job: name });
      try {
        await handler(payload);
        stop({ outcome: 'ok' });
      } catch (error) {
        stop({ outcome: 'failed' });
        throw error;
      }
    });
  }
  return timed;
}
