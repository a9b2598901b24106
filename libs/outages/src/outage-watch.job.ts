import { JobDefinition, QueueJob } from '@app/queue';
import { Injectable } from '@nestjs/common';

import { OutageNoticeWatch } from './outage-notice-watch.service';

/** How often the worker looks at the outage notice clocks (their targets are 30 and 60 minutes). */
export const OUTAGE_WATCH_EVERY_MS = 30_000;

/** Warns the staff when an outage notice (SLA.9, SLA.10) is due within minutes or late. */
@QueueJob()
@Injectable()
export class OutageWatchJob implements JobDefinition<'outages.watch'> {
  readonly name = 'outages.watch';
  readonly schedule = { everyMs: OUTAGE_WATCH_EVERY_MS };

  constructor(private readonly watch: OutageNoticeWatch) {}

  async handle(): Promise<void> {
    await this.watch.run();
  }
}
