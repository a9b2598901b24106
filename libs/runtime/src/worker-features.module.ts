import { HeartbeatModule } from '@app/health';
import { MailCoreModule, MailWorkerModule } from '@app/mail';
import { MonitoringWorkerModule } from '@app/monitoring';
import { OutagesWorkerModule } from '@app/outages';
import { PortalWorkerModule } from '@app/portal';
import { PrivacyWorkerModule } from '@app/privacy';
import { ReportingWorkerModule } from '@app/reporting';
import { TelephonyWorkerModule } from '@app/telephony';
import { SlaSweepModule } from '@app/tickets';
import { Module } from '@nestjs/common';

/** The job handlers a worker process runs. */
@Module({
  imports: [
    MailCoreModule,
    HeartbeatModule,
    SlaSweepModule,
    MailWorkerModule,
    ReportingWorkerModule,
    OutagesWorkerModule,
    MonitoringWorkerModule,
    TelephonyWorkerModule,
    PrivacyWorkerModule,
    PortalWorkerModule,
  ],
})
export class WorkerFeaturesModule {}
