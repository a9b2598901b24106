import { MONITORING_MAIL_SINK } from '@app/mail';
import { TicketsCoreModule } from '@app/tickets';
import { Global, Module } from '@nestjs/common';
import { AvailabilityService } from './availability.service';
import { MonitoringController } from './monitoring.controller';
import { MonitoringService } from './monitoring.service';
import { NagiosMailSink } from './nagios-mail.sink';
import { NagiosReconcileJob } from './nagios-reconcile.job';
import { NagiosStatusReconciler } from './nagios-status.reconciler';

/** Availability (SLA.1-5) from the Nagios alerts: shared by the api, the worker and the SLA table. */
@Module({ providers: [AvailabilityService], exports: [AvailabilityService] })
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
