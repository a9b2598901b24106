import { retryWhileUnavailable } from './retry-while-unavailable';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const wrongPassword = Object.assign(new Error('password authentication failed'), { code: '28P01' });

/** A clock that only moves when the code under test sleeps. */
function fakeTime() {
  let t = 0;
  const slept: number[] = [];
  return {
    slept,
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
    now: () => t,
  };
}

describe('retryWhileUnavailable', () => {
  it('keeps trying while PostgreSQL refuses connections, with growing delays, then returns', async () => {
    const time = fakeTime();
    let calls = 0;
    const result = await retryWhileUnavailable(
      async () => {
        if (++calls < 5) throw refused;
        return 'connected';
      },
      60_000,
      time.sleep,
      time.now,
    );
    expect(result).toBe('connected');
    expect(time.slept).toEqual([500, 1000, 2000, 4000]);
  });

  it('fails at once on an error that waiting cannot fix', async () => {
    const time = fakeTime();
    await expect(
      retryWhileUnavailable(() => Promise.reject(wrongPassword), 60_000, time.sleep, time.now),
    ).rejects.toBe(wrongPassword);
    expect(time.slept).toEqual([]);
  });

  it('gives up with the last error once the wait is over', async () => {
    const time = fakeTime();
    await expect(
      retryWhileUnavailable(() => Promise.reject(refused), 10_000, time.sleep, time.now),
    ).rejects.toBe(refused);
    expect(time.slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_000);
    expect(time.slept).toEqual([500, 1000, 2000, 4000]);
  });

  it('does not wait at all when the wait is 0', async () => {
    const time = fakeTime();
    await expect(retryWhileUnavailable(() => Promise.reject(refused), 0, time.sleep, time.now)).rejects.toBe(
      refused,
    );
    expect(time.slept).toEqual([]);
  });
});
