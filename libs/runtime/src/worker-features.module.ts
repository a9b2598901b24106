import { HeartbeatModule } from '@app/health';
import { SlaWorkerModule } from '@app/sla';
import { Module } from '@nestjs/common';

/** The job handlers a worker process runs. */
@Module({ imports: [HeartbeatModule, SlaWorkerModule] })
export class WorkerFeaturesModule {}
