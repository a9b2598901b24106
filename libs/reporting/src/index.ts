export * from './reporting.module';
export * from './statistics/ticket-statistics.service';
export * from './statistics/ticket-statistics.util';
export * from './reporting-worker.module';
export * from './monthly-report.mailer';
export * from './period-report.service';
export * from './sla/sla-compliance.service';
