export * from './monitoring-event.types';
export * from './monitoring.module';
export * from './monitoring.service';
export * from './nagios-import.util';
export * from './nagios';
