import { Module, OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { DataSource } from 'typeorm';

import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyStore } from './idempotency.store';
import { IdempotencySubscriber } from './idempotency.subscriber';
import { IdempotencyKeyRepository } from './idempotency-key.repository';

/** The idempotency_key store: imported by the modules whose creations answer a retry (registerReplay). */
@Module({ providers: [IdempotencyStore, IdempotencyKeyRepository], exports: [IdempotencyStore] })
export class IdempotencyStoreModule {}

/** Idempotency-Key for the api's creating routes (app-wide interceptor, the store, commit hook). */
@Module({
  imports: [IdempotencyStoreModule],
  providers: [{ provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
  exports: [IdempotencyStoreModule],
})
export class IdempotencyModule implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    if (!this.dataSource.subscribers.some((s) => s instanceof IdempotencySubscriber)) {
      this.dataSource.subscribers.push(new IdempotencySubscriber());
    }
  }
}
