export * from './nagios-log.util';
export * from './perf-data.util';
export * from './availability.util';
export * from './nagios-mail.util';
export * from './status-dat.util';
export * from './log-tail.util';
