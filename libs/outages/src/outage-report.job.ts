import { JobDefinition, QueueJob } from '@app/queue';
import { Injectable } from '@nestjs/common';

import { OutageReportMailer } from './outage-report.mailer';

/** How often the worker checks whether a report period has ended and its outage report is owed. */
export const OUTAGE_REPORT_CHECK_EVERY_MS = 3_600_000;

/** Checks hourly whether a report period has ended; then mails its outage report (SLA.11) once. */
@QueueJob()
@Injectable()
export class OutageReportJob implements JobDefinition<'reports.outages'> {
  readonly name = 'reports.outages';
  readonly schedule = { everyMs: OUTAGE_REPORT_CHECK_EVERY_MS };

  constructor(private readonly mailer: OutageReportMailer) {}

  async handle(): Promise<void> {
    await this.mailer.run();
  }
}
