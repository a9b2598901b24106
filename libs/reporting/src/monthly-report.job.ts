import { JobDefinition, QueueJob } from '@app/queue';
import { Injectable } from '@nestjs/common';

import { MonthlyReportMailer } from './monthly-report.mailer';

export const MONTHLY_REPORT_CHECK_EVERY_MS = 3_600_000;

/** Checks hourly whether today is the first business day of the month; then mails last month's report once. */
@QueueJob()
@Injectable()
export class MonthlyReportJob implements JobDefinition<'reports.monthly'> {
  readonly name = 'reports.monthly';
  readonly schedule = { everyMs: MONTHLY_REPORT_CHECK_EVERY_MS };

  constructor(private readonly monthly: MonthlyReportMailer) {}

  async handle(): Promise<void> {
    await this.monthly.run();
  }
}
