export * from './metrics.registry';
export * from './metrics.service';
export * from './metrics.module';
export * from './metrics-server';
export * from './http-metrics.middleware';
export * from './job-metrics';
export * from './service-state.repository';
