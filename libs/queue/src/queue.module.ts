import { APP_CONFIG, AppConfig } from '@app/config';
import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { BullMqQueueDriver } from './bullmq.driver';
import { InProcessQueueDriver } from './in-process.driver';
import { JOB_NAMES, JobHandler, JobName } from './job.types';
import { QueueDriver } from './queue.driver';

export const QUEUE_DRIVER = Symbol('QUEUE_DRIVER');

/** Feature modules register their handlers here; the worker starts consuming once all are known. */
@Injectable()
export class JobRegistry {
  private readonly handlers = new Map<JobName, JobHandler>();

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    if (this.handlers.has(name)) throw new Error(`Job ${name} has two handlers`);
    this.handlers.set(name, handler as JobHandler);
  }

  /** Every declared job must have a handler, or the worker must not start. */
  complete(): ReadonlyMap<JobName, JobHandler> {
    const missing = JOB_NAMES.filter((name) => !this.handlers.has(name));
    if (missing.length) throw new Error(`No handler registered for job(s): ${missing.join(', ')}`);
    return this.handlers;
  }
}

@Injectable()
class QueueLifecycle implements OnApplicationShutdown {
  constructor(@Inject(QUEUE_DRIVER) private readonly driver: QueueDriver) {}

  async onApplicationShutdown(): Promise<void> {
    await this.driver.close();
  }
}

@Global()
@Module({
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
