import type { SessionRow } from '../auth.repository';

/** A session as the guard needs it, with a referent's entes. */
export interface CachedSession extends SessionRow {
  enteIds: string[];
}

/**
 * Sessions this process has looked up lately, by token hash, each kept `ttlMs`: a signed-in
 * agent's requests then cost no session statement. What ends or narrows a session is dropped
 * here at once in this process (forgetToken, forgetUser) and within a poll elsewhere
 * (SessionCacheInvalidator). Bounded: past `max` entries the oldest go first.
 */
export class SessionCache {
  private readonly entries = new Map<string, { session: CachedSession; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max = 10_000,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get(tokenHash: string, now = Date.now()): CachedSession | null {
    const entry = this.entries.get(tokenHash);
    if (!entry) return null;
    if (entry.until <= now) {
      this.entries.delete(tokenHash);
      return null;
    }
    return entry.session;
  }

  set(tokenHash: string, session: CachedSession, now = Date.now()): void {
    if (!this.enabled) return;
    this.entries.delete(tokenHash);
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(tokenHash, { session, until: now + this.ttlMs });
  }

  forgetToken(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }

  forgetUser(userId: string): void {
    for (const [hash, { session }] of this.entries) {
      if (session.userId === userId) this.entries.delete(hash);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
