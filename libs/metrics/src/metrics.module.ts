import { Global, Module } from '@nestjs/common';

import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { ServiceStateRepository } from './service-state.repository';

/**
 * Infrastructure every process has, like the queue: global so that any module may count into the
 * same registry (one per application, never prom-client's process-wide default).
 */
@Global()
@Module({ providers: [MetricsService, ServiceStateRepository], exports: [MetricsService] })
export class MetricsModule {}

/** The api's scrape route (`GET /api/metrics`, admins and tokens with the metrics scope). */
@Module({ controllers: [MetricsController] })
export class MetricsApiModule {}
