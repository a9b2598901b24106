export * from './bullmq.driver';
export * from './in-process.driver';
export * from './job.types';
export * from './queue.driver';
export * from './queue.module';
export * from './redis-connection';
