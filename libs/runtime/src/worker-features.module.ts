import { HeartbeatModule } from '@app/health';
import { MailCoreModule, MailWorkerModule } from '@app/mail';
import { MonitoringWorkerModule } from '@app/monitoring';
import { OutagesWorkerModule } from '@app/outages';
import { ReportingWorkerModule } from '@app/reporting';
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
  ],
})
export class WorkerFeaturesModule {}
