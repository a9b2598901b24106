import { JobDefinition, QueueJob } from '@app/queue';
import { Injectable } from '@nestjs/common';

import { CallTimelineService } from './call-timeline.service';
import { PhoneCallRepository } from './phone-call.repository';

export const CALL_SWEEP_EVERY_MS = 60_000;

/**
 * Closes the calls whose hangup never came (see PhoneCallRepository.closeStale) and writes the
 * linked ones on their tickets; the agents' screens learn of it from the calls' live feed, which
 * polls changed rows: a banner never rings forever. The next tick is the retry.
 */
@QueueJob()
@Injectable()
export class CallSweepJob implements JobDefinition<'telephony.sweep'> {
  readonly name = 'telephony.sweep';
  readonly schedule = { everyMs: CALL_SWEEP_EVERY_MS };

  constructor(
    private readonly calls: PhoneCallRepository,
    private readonly timeline: CallTimelineService,
  ) {}

  async handle(): Promise<void> {
    await this.closeStale();
  }

  async closeStale(now = new Date()): Promise<number> {
    return this.calls.transaction(async (m) => {
      const closed = await this.calls.closeStale(m, now);
      for (const call of closed) await this.timeline.recordIfOver(m, call.id);
      return closed.length;
    });
  }
}
