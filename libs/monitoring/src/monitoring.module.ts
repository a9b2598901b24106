import { NagiosReconcileJob } from './nagios-reconcile.job';
import { NagiosStatusReconciler } from './nagios-status.reconciler';
import { MONITORING_MAIL_SINK } from '@app/mail';
import { TicketsCoreModule } from '@app/tickets';
import { Global, Module } from '@nestjs/common';
import { AvailabilityService } from './availability.service';
import { MonitoringController } from './monitoring.controller';
import { MonitoringService } from './monitoring.service';
import { NagiosMailSink } from './nagios-mail.sink';
import { OutageController, StatusPageController } from './outages/outage.controller';
import { OutageNoticeWatch } from './outages/outage-notice-watch.service';
import { OutageReportJob } from './outages/outage-report.job';
import { OutageReportMailer } from './outages/outage-report.mailer';
import { OutageReportService } from './outages/outage-report.service';
import { OutageRepository } from './outages/outage.repository';
import { OutageService } from './outages/outage.service';
import { OutageSettings } from './outages/outage-settings';
import { OutageWatchJob } from './outages/outage-watch.job';
import { StatusPageService } from './outages/status-page.service';

const CORE_PROVIDERS = [
  AvailabilityService,
  OutageSettings,
  OutageRepository,
  OutageService,
  OutageReportService,
  StatusPageService,
];

/** Availability and outages (reads, notices, the outage report): shared by the api, the worker and the SLA table. */
@Module({ providers: CORE_PROVIDERS, exports: CORE_PROVIDERS })
export class MonitoringCoreModule {}

/**
 * Alerts in, whatever their route (webhook, log import, notification mails): global, so the mail
 * ingestion finds the sink for monitoring mailboxes without depending on this library.
 */
@Global()
@Module({
  imports: [TicketsCoreModule],
  providers: [
    MonitoringService,
    NagiosMailSink,
    { provide: MONITORING_MAIL_SINK, useExisting: NagiosMailSink },
  ],
  exports: [MonitoringService, MONITORING_MAIL_SINK],
})
export class MonitoringEventsModule {}

/** The api side: the Nagios webhook, alert and availability reports, outages and the public status page. */
@Module({
  imports: [MonitoringEventsModule, MonitoringCoreModule],
  controllers: [MonitoringController, OutageController, StatusPageController],
  exports: [MonitoringEventsModule, MonitoringCoreModule],
})
export class MonitoringModule {}

export { OUTAGE_REPORT_CHECK_EVERY_MS } from './outages/outage-report.job';
export { OUTAGE_WATCH_EVERY_MS } from './outages/outage-watch.job';

/**
 * The worker side: the periodic outage report (SLA.11), alerts from monitoring mailboxes and the
 * reconciliation with Nagios's status.dat.
 */
@Module({
  imports: [MonitoringCoreModule, MonitoringEventsModule],
  providers: [
    OutageReportMailer,
    OutageNoticeWatch,
    NagiosStatusReconciler,
    OutageReportJob,
    OutageWatchJob,
    NagiosReconcileJob,
  ],
  exports: [OutageReportMailer, OutageNoticeWatch, NagiosStatusReconciler],
})
export class MonitoringWorkerModule {}
