export * from './monitoring-event.types';
export * from './monitoring.module';
export * from './monitoring.service';
