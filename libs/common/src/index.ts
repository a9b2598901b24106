export * from './domain.error';
export * from './domain-error.filter';
export * from './validation.pipe';
export * from './query-transforms';
export * from './database-unavailable';
export * from './bidi';
export * from './not-blank';
export * from './idempotency';
