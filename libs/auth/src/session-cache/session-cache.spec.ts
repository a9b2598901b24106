import { CachedSession, SessionCache } from './session-cache';

const session = (userId: string): CachedSession => ({
  userId,
  csrfToken: 'c',
  expiresAt: new Date(Date.now() + 3_600_000),
  lastSeenAt: new Date(),
  role: 'agent',
  name: 'Marco Rossi',
  active: true,
  enteIds: [],
});

describe('SessionCache', () => {
  it('keeps a session for its time to live, then asks again', () => {
    const cache = new SessionCache(10_000);
    cache.set('h1', session('u1'), 1_000);
    expect(cache.get('h1', 10_999)?.userId).toBe('u1');
    expect(cache.get('h1', 11_000)).toBeNull();
    expect(cache.size).toBe(0);
  });

  it('forgets one token, or every session of a user', () => {
    const cache = new SessionCache(10_000);
    cache.set('h1', session('u1'));
    cache.set('h2', session('u1'));
    cache.set('h3', session('u2'));
    cache.forgetToken('h3');
    expect(cache.get('h3')).toBeNull();
    cache.forgetUser('u1');
    expect([cache.get('h1'), cache.get('h2')]).toEqual([null, null]);
  });

  it('keeps nothing when disabled, and at most `max` entries, dropping the oldest', () => {
    const off = new SessionCache(0);
    off.set('h1', session('u1'));
    expect(off.get('h1')).toBeNull();
    const small = new SessionCache(10_000, 2);
    small.set('a', session('u1'));
    small.set('b', session('u2'));
    small.set('c', session('u3'));
    expect([small.get('a'), small.get('b')?.userId, small.get('c')?.userId]).toEqual([null, 'u2', 'u3']);
  });
});
