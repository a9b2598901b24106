import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { HeartbeatJob } from './heartbeat.job';

@Module({ controllers: [HealthController], providers: [HealthService], exports: [HealthService] })
export class HealthModule {}

@Module({ providers: [HeartbeatJob], exports: [HeartbeatJob] })
export class HeartbeatModule {}
