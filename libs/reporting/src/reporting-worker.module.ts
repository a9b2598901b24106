import { MailOutboxModule } from '@app/mail';
import { SlaCoreModule } from '@app/sla';
import { AttachmentsModule } from '@app/tickets';
import { Module } from '@nestjs/common';

import { MonthlyReportJob } from './monthly-report.job';
import { MonthlyReportMailer } from './monthly-report.mailer';
import { ReportDeliveryRepository } from './report-delivery.repository';
import { ReportingCoreModule } from './reporting.module';

export { MONTHLY_REPORT_CHECK_EVERY_MS } from './monthly-report.job';

/** The worker side of reporting: the scheduled monthly mailing. */
@Module({
  imports: [ReportingCoreModule, SlaCoreModule, MailOutboxModule, AttachmentsModule],
  providers: [ReportDeliveryRepository, MonthlyReportMailer, MonthlyReportJob],
  exports: [MonthlyReportMailer],
})
export class ReportingWorkerModule {}
