import { JobHandler, JobName } from '@app/queue';

import { timedJobHandlers } from './job-metrics';
import { MetricsRegistry } from './metrics.registry';

describe('timedJobHandlers', () => {
  it('times each job by name and outcome and keeps its result and its error', async () => {
    const metrics = new MetricsRegistry();
    const seen: unknown[] = [];
    const handlers = new Map<JobName, JobHandler>([
      ['sla.sweep', async (payload) => void seen.push(payload)],
      [
        'system.heartbeat',
        async () => {
          throw new Error('database down');
        },
      ],
    ]);
    const timed = timedJobHandlers(handlers, metrics);
    await timed.get('sla.sweep')!({ at: 'x' } as never);
    await timed.get('sla.sweep')!({ at: 'y' } as never);
    await expect(timed.get('system.heartbeat')!({ at: 'z' } as never)).rejects.toThrow('database down');
    expect(seen).toEqual([{ at: 'x' }, { at: 'y' }]);
    const text = await metrics.text();
    expect(text).toMatch(/helpdesk_job_duration_seconds_count\{job="sla.sweep",outcome="ok"\} 2/);
    expect(text).toMatch(/helpdesk_job_duration_seconds_count\{job="system.heartbeat",outcome="failed"\} 1/);
  });
});
