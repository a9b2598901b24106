import { MailOutboxModule } from '@app/mail';
import { SlaCoreModule } from '@app/sla';
import { AttachmentsModule } from '@app/tickets';
import { Module } from '@nestjs/common';

import { OutageController, StatusPageController } from './outage.controller';
import { OutageRepository } from './outage.repository';
import { OutageService } from './outage.service';
import { OutageNoticeWatch } from './outage-notice-watch.service';
import { OutageReportJob } from './outage-report.job';
import { OutageReportMailer } from './outage-report.mailer';
import { OutageReportService } from './outage-report.service';
import { OutageReportDeliveryRepository } from './outage-report-delivery.repository';
import { OutageSettings } from './outage-settings';
import { OutageWatchJob } from './outage-watch.job';
import { StatusPageService } from './status-page.service';

const CORE_PROVIDERS = [
  OutageSettings,
  OutageRepository,
  OutageReportDeliveryRepository,
  OutageService,
  OutageReportService,
  StatusPageService,
];

/** Outages (reads, notices SLA.9/10, the outage report SLA.11): shared by the api, the worker and the SLA table. */
@Module({ imports: [MailOutboxModule, SlaCoreModule], providers: CORE_PROVIDERS, exports: CORE_PROVIDERS })
export class OutagesCoreModule {}

/** The api side: outages and the public status page. */
@Module({
  imports: [OutagesCoreModule],
  controllers: [OutageController, StatusPageController],
  exports: [OutagesCoreModule],
})
export class OutagesModule {}

export { OUTAGE_REPORT_CHECK_EVERY_MS } from './outage-report.job';
export { OUTAGE_WATCH_EVERY_MS } from './outage-watch.job';

/** The worker side: the periodic outage report (SLA.11) and the notice deadlines' watch. */
@Module({
  imports: [OutagesCoreModule, MailOutboxModule, AttachmentsModule],
  providers: [OutageReportMailer, OutageNoticeWatch, OutageReportJob, OutageWatchJob],
  exports: [OutageReportMailer, OutageNoticeWatch],
})
export class OutagesWorkerModule {}
