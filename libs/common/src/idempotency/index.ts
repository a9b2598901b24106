export { recordCreated } from './idempotency.context';
export { IDEMPOTENCY_HEADER, IdempotencyInterceptor, NotIdempotent } from './idempotency.interceptor';
export { IdempotencyModule, IdempotencyStoreModule } from './idempotency.module';
export { IdempotencyStore, KEY_TTL_HOURS } from './idempotency.store';
export { IdempotencyKeyRepository } from './idempotency-key.repository';
