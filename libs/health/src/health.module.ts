import { AuthModule } from '@app/auth';
import { Module } from '@nestjs/common';

import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { HeartbeatJob } from './heartbeat.job';
import { HeartbeatRepository } from './heartbeat.repository';

/** The health and readiness routes; the detailed report is for signed-in staff (StaffGate). */
@Module({
  imports: [AuthModule],
  controllers: [HealthController],
  providers: [HealthService, HeartbeatRepository],
  exports: [HealthService],
})
export class HealthModule {}

@Module({ providers: [HeartbeatJob, HeartbeatRepository], exports: [HeartbeatJob] })
export class HeartbeatModule {}
