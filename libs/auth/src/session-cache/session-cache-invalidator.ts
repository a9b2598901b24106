import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';

import { AuthChangeRepository } from './auth-change.repository';
import { CachedSession, SessionCache } from './session-cache';

/** How often each process looks for sessions ended or narrowed elsewhere. */
const POLL_MS = 1_000;
/**
 * How far back each poll looks: ids come in insertion order but commit in any order, so a poll
 * re-reads the recent past and acts on the ids it has not seen yet.
 */
const LOOK_BACK_SECONDS = 30;
/** Without a successful poll this long, the cache is not trusted: every request asks the database. */
const TRUSTED_FOR_MS = 3_000;
/** Rows older than this are deleted now and then (no poll reads them). */
const KEEP_SECONDS = 600;
const PRUNE_EVERY_POLLS = 300;

/**
 * The session cache of this process and what keeps it honest: changes made here are dropped at
 * once (forget*), changes made anywhere (another replica, the directory sync, a hand-written
 * UPDATE: database triggers record them in auth_change) within about a second by polling. The
 * poll starts with the first session cached, so a process that never authenticates never polls.
 */
@Injectable()
export class SessionCacheInvalidator implements OnModuleDestroy {
  private readonly logger = new Logger('SessionCache');
  readonly cache: SessionCache;
  private timer: NodeJS.Timeout | null = null;
  private lastPollOk = 0;
  private polls = 0;
  private polling: Promise<void> | null = null;
  /** Change ids already acted on, with when they were read (kept as long as a poll may see them). */
  private readonly seen = new Map<string, number>();
  /**
   * Moves on with every forgetting. A request notes it before reading a session and caches what
   * it read only if it has not moved: a change may have ended that session meanwhile.
   */
  private forgets = 0;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly changes: AuthChangeRepository,
  ) {
    this.cache = new SessionCache(config.SESSION_CACHE_SECONDS * 1000);
  }

  /** The cached session, when the cache is on and its invalidation is current. */
  get(tokenHash: string): CachedSession | null {
    return this.trusted() ? this.cache.get(tokenHash) : null;
  }

  /** To note before reading a session from the database, for `remember`. */
  get epoch(): number {
    return this.forgets;
  }

  /** Caches a session read from the database, unless something was forgotten since `readAt`. */
  remember(tokenHash: string, session: CachedSession, readAt: number): void {
    if (!this.cache.enabled) return;
    this.start();
    if (this.trusted() && readAt === this.forgets) this.cache.set(tokenHash, session);
  }

  forgetToken(tokenHash: string): void {
    this.forgets++;
    this.cache.forgetToken(tokenHash);
  }

  forgetUser(userId: string): void {
    this.forgets++;
    this.cache.forgetUser(userId);
  }

  /** One poll now (also what the timer runs). */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => (this.polling = null));
    return this.polling;
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.cache.clear();
  }

  private trusted(): boolean {
    return this.cache.enabled && Date.now() - this.lastPollOk < TRUSTED_FOR_MS;
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
    void this.poll();
  }

  private async pollOnce(): Promise<void> {
    const started = Date.now();
    try {
      for (const change of await this.changes.recent(LOOK_BACK_SECONDS)) {
        if (this.seen.has(change.id)) continue;
        this.seen.set(change.id, started);
        if (change.tokenHash) this.forgetToken(change.tokenHash);
        this.forgetUser(change.userId);
      }
      for (const [id, at] of this.seen) {
        if (started - at > 2 * LOOK_BACK_SECONDS * 1000) this.seen.delete(id);
      }
      if (++this.polls % PRUNE_EVERY_POLLS === 0) await this.changes.prune(KEEP_SECONDS);
      this.lastPollOk = started;
    } catch (error) {
      // Not trusted until a poll succeeds again: requests ask the database meanwhile.
      this.forgets++;
      this.cache.clear();
      this.logger.warn(`Poll failed: ${(error as Error).message}`);
    }
  }
}
