import { JobRegistry } from '@app/queue';
import { NagiosStatusReconciler } from './nagios-status.reconciler';
import { MONITORING_MAIL_SINK } from '@app/mail';
import { TicketsCoreModule } from '@app/tickets';
import { Global, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { AvailabilityService } from './availability.service';
import { MonitoringController } from './monitoring.controller';
import { MonitoringService } from './monitoring.service';
import { NagiosMailSink } from './nagios-mail.sink';
import { OutageController, StatusPageController } from './outages/outage.controller';
import { OutageNoticeWatch } from './outages/outage-notice-watch.service';
import { OutageReportMailer } from './outages/outage-report.mailer';
import { OutageReportService } from './outages/outage-report.service';
import { OutageRepository } from './outages/outage.repository';
import { OutageService } from './outages/outage.service';
import { OutageSettings } from './outages/outage-settings';
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

/** How often the worker checks whether a report period has ended and its outage report is owed. */
export const OUTAGE_REPORT_CHECK_EVERY_MS = 3_600_000;

/** How often the worker looks at the outage notice clocks (their targets are 30 and 60 minutes). */
export const OUTAGE_WATCH_EVERY_MS = 30_000;

@Injectable()
class OutageReportJobs implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly mailer: OutageReportMailer,
    private readonly watch: OutageNoticeWatch,
    private readonly reconciler: NagiosStatusReconciler,
  ) {}

  onModuleInit(): void {
    this.registry.register('reports.outages', async () => {
      await this.mailer.run();
    });
    this.registry.register('outages.watch', async () => {
      await this.watch.run();
    });
    this.registry.register('monitoring.reconcile', async () => {
      await this.reconciler.run();
    });
  }
}

/**
 * The worker side: the periodic outage report (SLA.11), alerts from monitoring mailboxes and the
 * reconciliation with Nagios's status.dat.
 */
@Module({
  imports: [MonitoringCoreModule, MonitoringEventsModule],
  providers: [OutageReportMailer, OutageNoticeWatch, NagiosStatusReconciler, OutageReportJobs],
  exports: [OutageReportMailer, OutageNoticeWatch, NagiosStatusReconciler],
})
export class MonitoringWorkerModule {}
