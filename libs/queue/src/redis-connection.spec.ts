import { describeRedis, redisConnectionOptions } from './redis-connection';

describe('redisConnectionOptions', () => {
  it('connects to the URL host when there are no Sentinels', () => {
    expect(redisConnectionOptions({ url: 'redis://:s%40cret@redis.internal:6380/2' })).toMatchObject({
      host: 'redis.internal',
      port: 6380,
      password: 's@cret',
      db: 2,
      tls: undefined,
      maxRetriesPerRequest: null,
    });
    expect(redisConnectionOptions({ url: 'redis://127.0.0.1' })).toMatchObject({ port: 6379, db: 0 });
  });

  it('asks the Sentinels for the master, keeping password, db and TLS from the URL', () => {
    const options = redisConnectionOptions({
      url: 'rediss://helpdesk:pw@ignored:1/1',
      sentinels: 's1.internal:26379, s2.internal:26380,s3.internal',
      sentinelName: 'helpdesk',
    });
    expect(options).toMatchObject({
      sentinels: [
        { host: 's1.internal', port: 26379 },
        { host: 's2.internal', port: 26380 },
        { host: 's3.internal', port: 26379 },
      ],
      name: 'helpdesk',
      username: 'helpdesk',
      password: 'pw',
      sentinelPassword: 'pw',
      db: 1,
      tls: {},
      enableTLSForSentinelMode: true,
    });
    expect(options).not.toHaveProperty('host');
  });

  it('refuses a Sentinel that is not host:port', () => {
    expect(() => redisConnectionOptions({ url: 'redis://x', sentinels: 'a:b' })).toThrow(/REDIS_SENTINELS/);
  });

  it('never shows the password where it is described', () => {
    expect(describeRedis({ url: 'redis://:pw@r:6379' })).toBe('redis://:***@r:6379');
    expect(describeRedis({ url: 'redis://:pw@r:6379', sentinels: 's1:26379' })).toBe(
      'master "mymaster" via Sentinels s1:26379 (redis://:***@r:6379)',
    );
  });
});
