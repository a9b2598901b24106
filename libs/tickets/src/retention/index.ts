export * from './pseudonym';
export * from './ticket-retention.repository';
export * from './timeline-scrub';
