export * from './banner';
export * from './core.module';
export * from './http-app';
export * from './worker-runner';
export * from './api-features.module';
export * from './worker-features.module';
export * from './log-levels';
export * from './openapi-document';
