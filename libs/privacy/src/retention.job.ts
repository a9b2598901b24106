import { JobDefinition, QueueJob } from '@app/queue';
import { SlaRegistry } from '@app/sla';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';

import { PrivacyPolicyService } from './privacy-policy.service';
import { RetentionService } from './retention.service';

export const RETENTION_CHECK_EVERY_MS = 3_600_000;

/**
 * The nightly retention run: checked hourly, run once per local date (in the default calendar's
 * zone) from the policy's `runAt` on. Several workers may check; the run's date is taken once.
 */
@QueueJob()
@Injectable()
export class RetentionJob implements JobDefinition<'privacy.retention'> {
  readonly name = 'privacy.retention';
  readonly schedule = { everyMs: RETENTION_CHECK_EVERY_MS };

  constructor(
    private readonly retention: RetentionService,
    private readonly policies: PrivacyPolicyService,
    private readonly registry: SlaRegistry,
  ) {}

  async handle(): Promise<void> {
    await this.runIfDue(new Date());
  }

  /** True when it ran (false: not yet time, or already run today). */
  async runIfDue(now: Date): Promise<boolean> {
    const zone = (await this.registry.defaultCalendar()).timeZone;
    const policy = await this.policies.active();
    const local = DateTime.fromJSDate(now, { zone });
    if (local.toFormat('HH:mm') < policy.definition.runAt) return false;
    const result = await this.retention.run({
      asOf: now,
      dryRun: false,
      trigger: 'schedule',
      scheduleDate: local.toISODate()!,
    });
    return result !== null;
  }
}
