import { MONITORING_MAIL_SINK } from '@app/mail';
import { SlaCoreModule } from '@app/sla';
import { TicketsCoreModule } from '@app/tickets';
import { Global, Module } from '@nestjs/common';

import { AlertReportService } from './alert-report.service';
import { AvailabilityService } from './availability.service';
import { MonitoringController } from './monitoring.controller';
import { MonitoringService } from './monitoring.service';
import { MonitoringEventRepository } from './monitoring-event.repository';
import { MonitoringLogCursorRepository } from './monitoring-log-cursor.repository';
import { MonitoringProblemRepository } from './monitoring-problem.repository';
import { NagiosLogFollower } from './nagios-log.follower';
import { NagiosMailSink } from './nagios-mail.sink';
import { NagiosReconcileJob } from './nagios-reconcile.job';
import { NagiosStatusReconciler } from './nagios-status.reconciler';

const CORE_PROVIDERS = [AvailabilityService, MonitoringEventRepository, AlertReportService];

/** Availability (SLA.1-5) and alert counts from the Nagios state history: read by the reports and the SLA table. */
@Module({ imports: [SlaCoreModule], providers: CORE_PROVIDERS, exports: CORE_PROVIDERS })
export class MonitoringCoreModule {}

/** Alerts in, whatever their route: webhook, log import, reconciliation, notification mails. */
@Module({
  imports: [TicketsCoreModule, SlaCoreModule, MonitoringCoreModule],
  providers: [MonitoringProblemRepository, MonitoringService, NagiosMailSink],
  exports: [MonitoringService, NagiosMailSink],
})
export class MonitoringEventsModule {}

/**
 * The Nagios mails behind libs/mail's MONITORING_MAIL_SINK port. The one global module of this
 * library: libs/mail declares the port and cannot import this library (which builds on it), so the
 * binding reaches the mail ingestion from wherever the api or the worker load monitoring.
 */
@Global()
@Module({
  imports: [MonitoringEventsModule],
  providers: [{ provide: MONITORING_MAIL_SINK, useExisting: NagiosMailSink }],
  exports: [MONITORING_MAIL_SINK],
})
export class MonitoringMailSinkModule {}

/** The api side: the Nagios webhook. */
@Module({
  imports: [MonitoringEventsModule, MonitoringCoreModule, MonitoringMailSinkModule],
  controllers: [MonitoringController],
  exports: [MonitoringEventsModule, MonitoringCoreModule],
})
export class MonitoringModule {}

/** The worker side: alerts from monitoring mailboxes, Nagios's log followed and the reconciliation with its status.dat. */
@Module({
  imports: [MonitoringCoreModule, MonitoringEventsModule, MonitoringMailSinkModule],
  providers: [MonitoringLogCursorRepository, NagiosLogFollower, NagiosStatusReconciler, NagiosReconcileJob],
  exports: [NagiosLogFollower, NagiosStatusReconciler],
})
export class MonitoringWorkerModule {}
