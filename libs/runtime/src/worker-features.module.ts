import { HeartbeatModule } from '@app/health';
import { Module } from '@nestjs/common';

/** The job handlers a worker process runs. */
@Module({ imports: [HeartbeatModule] })
export class WorkerFeaturesModule {}
