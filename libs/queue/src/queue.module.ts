import { APP_CONFIG, AppConfig } from '@app/config';
import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { BullMqQueueDriver } from './bullmq.driver';
import { InProcessQueueDriver } from './in-process.driver';
import { JobRegistry } from './job.registry';
import { QueueDriver } from './queue.driver';

export const QUEUE_DRIVER = Symbol('QUEUE_DRIVER');

@Injectable()
class QueueLifecycle implements OnApplicationShutdown {
  constructor(@Inject(QUEUE_DRIVER) private readonly driver: QueueDriver) {}

  async onApplicationShutdown(): Promise<void> {
    await this.driver.close();
  }
}

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: QUEUE_DRIVER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): QueueDriver =>
        config.REDIS_URL
          ? new BullMqQueueDriver(
              {
                url: config.REDIS_URL,
                sentinels: config.REDIS_SENTINELS,
                sentinelName: config.REDIS_SENTINEL_NAME,
              },
              config.QUEUE_PREFIX,
            )
          : new InProcessQueueDriver(),
    },
    JobRegistry,
    QueueLifecycle,
  ],
  exports: [QUEUE_DRIVER, JobRegistry],
})
export class QueueModule {}
