export * from './reporting.module';
export * from './statistics/ticket-statistics.service';
export * from './statistics/ticket-statistics.util';
