import { JobDefinition, QueueJob } from '@app/queue';
import { Injectable } from '@nestjs/common';

import { SlaSweeperService } from './sla-sweeper.service';

export const SLA_SWEEP_EVERY_MS = 30_000;

/** Marks SLA clocks at risk and breached; the next tick is the retry. */
@QueueJob()
@Injectable()
export class SlaSweepJob implements JobDefinition<'sla.sweep'> {
  readonly name = 'sla.sweep';
  readonly schedule = { everyMs: SLA_SWEEP_EVERY_MS };

  constructor(private readonly sweeper: SlaSweeperService) {}

  async handle(): Promise<void> {
    await this.sweeper.sweep();
  }
}
