import { HeartbeatModule } from '@app/health';
import { MailCoreModule, MailWorkerModule } from '@app/mail';
import { MonitoringWorkerModule } from '@app/monitoring';
import { ReportingWorkerModule } from '@app/reporting';
import { SlaWorkerModule } from '@app/sla';
import { Module } from '@nestjs/common';

/** The job handlers a worker process runs. */
@Module({
  imports: [
    MailCoreModule,
    HeartbeatModule,
    SlaWorkerModule,
    MailWorkerModule,
    ReportingWorkerModule,
    MonitoringWorkerModule,
  ],
})
export class WorkerFeaturesModule {}
