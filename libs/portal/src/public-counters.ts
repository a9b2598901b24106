import { createHmac } from 'node:crypto';

import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';

import { PublicRequestRepository } from './public-request.repository';

/**
 * The public pages' abuse counters: one per kind of key (a client address, an e-mail address, a
 * ticket) and window. Keys are HMACs under SECRETS_KEY when set (a bare hash of an IPv4 address
 * can be reversed by trying them all), so the counters hold no address; old windows are deleted.
 */
@Injectable()
export class PublicCounters {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: PublicRequestRepository,
  ) {}

  /** Counts one more of `key` in its current window and gives the count so far. */
  bump(scope: string, key: string, now: Date, windowMs: number): Promise<number> {
    const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
    const keyHash = createHmac('sha256', this.config.SECRETS_KEY ?? 'public-request-counter')
      .update(`${scope}:${key.toLowerCase()}`)
      .digest('hex');
    return this.repo.bump(scope, keyHash, windowStart);
  }

  /** Windows older than two days are of no further use. */
  prune(now: Date): Promise<void> {
    return this.repo.deleteCountersBefore(new Date(now.getTime() - 2 * 24 * 3_600_000));
  }
}
