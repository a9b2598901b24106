export * from './app-logger';
export * from './logging.module';
export * from './log-levels.controller';
export * from './log-privacy';
export * from './module-log-levels';
