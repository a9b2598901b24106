export * from './bullmq.driver';
export * from './in-process.driver';
export * from './job.definition';
export * from './job.registry';
export * from './job.types';
export * from './queue.driver';
export * from './queue.module';
export * from './redis-connection';
