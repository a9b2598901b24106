export * from './contact-record.repository';
export * from './pseudonym';
export * from './ticket-retention.repository';
export * from './timeline-scrub';
