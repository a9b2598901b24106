import { MONITORING_MAIL_SINK } from '@app/mail';
import { SlaCoreModule } from '@app/sla';
import { TicketsCoreModule } from '@app/tickets';
import { Global, Module } from '@nestjs/common';
import { AlertReportService } from './alert-report.service';
import { AvailabilityService } from './availability.service';
import { MonitoringEventRepository } from './monitoring-event.repository';
import { MonitoringProblemRepository } from './monitoring-problem.repository';
import { MonitoringController } from './monitoring.controller';
import { MonitoringService } from './monitoring.service';
import { NagiosMailSink } from './nagios-mail.sink';
import { NagiosReconcileJob } from './nagios-reconcile.job';
import { NagiosStatusReconciler } from './nagios-status.reconciler';

const CORE_PROVIDERS = [AvailabilityService, MonitoringEventRepository, AlertReportService];

/** Availability (SLA.1-5) and alert counts from the Nagios state history: read by the reports and the SLA table. */
@Module({ imports: [SlaCoreModule], providers: CORE_PROVIDERS, exports: CORE_PROVIDERS })
export class MonitoringCoreModule {}

/**
 * Alerts in, whatever their route (webhook, log import, notification mails): global, so the mail
 * ingestion finds the sink for monitoring mailboxes without depending on this library.
 */
@Global()
@Module({
  imports: [TicketsCoreModule, SlaCoreModule, MonitoringCoreModule],
  providers: [
    MonitoringProblemRepository,
    MonitoringService,
    NagiosMailSink,
    { provide: MONITORING_MAIL_SINK, useExisting: NagiosMailSink },
  ],
  exports: [MonitoringService, MONITORING_MAIL_SINK],
})
export class MonitoringEventsModule {}

/** The api side: the Nagios webhook and the alert list. */
@Module({
  imports: [MonitoringEventsModule, MonitoringCoreModule],
  controllers: [MonitoringController],
  exports: [MonitoringEventsModule, MonitoringCoreModule],
})
export class MonitoringModule {}

/** The worker side: alerts from monitoring mailboxes and the reconciliation with Nagios's status.dat. */
@Module({
  imports: [MonitoringCoreModule, MonitoringEventsModule],
  providers: [NagiosStatusReconciler, NagiosReconcileJob],
  exports: [NagiosStatusReconciler],
})
export class MonitoringWorkerModule {}
