import type { RedisOptions } from 'ioredis';

export interface RedisSettings {
  /** redis://[user:password@]host:port[/db] or rediss:// for TLS. */
  url: string;
  /** "host:port,host:port": ask these Sentinels for the master instead of REDIS_URL's host. */
  sentinels?: string;
  /** The master's name as the Sentinels know it. */
  sentinelName?: string;
}

/**
 * ioredis options for one Redis or for the master behind Redis Sentinel. With Sentinels the URL
 * still gives the password, database and TLS; its host and port are not used, since the
 * Sentinels name the current master (and the new one after a failover, to which ioredis
 * reconnects by itself). BullMQ needs maxRetriesPerRequest null for its blocking commands.
 */
export function redisConnectionOptions({ url, sentinels, sentinelName }: RedisSettings): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0)
    throw new Error(`REDIS_URL: "${parsed.pathname.slice(1)}" is not a database number`);
  const common: RedisOptions = {
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    enableReadyCheck: false,
  };
  if (!sentinels) {
    return { ...common, host: parsed.hostname, port: parsed.port ? Number(parsed.port) : 6379 };
  }
  return {
    ...common,
    sentinels: sentinels.split(',').map((entry) => {
      const [host, port] = entry.trim().split(':');
      if (!host || (port !== undefined && !/^\d+$/.test(port)))
        throw new Error(`REDIS_SENTINELS: "${entry}" is not host:port`);
      return { host, port: port ? Number(port) : 26379 };
    }),
    name: sentinelName ?? 'mymaster',
    // The Sentinels usually share the data nodes' password.
    sentinelPassword: common.password,
    enableTLSForSentinelMode: parsed.protocol === 'rediss:',
  };
}

/** Where the queue is, for banners and health: never the password. */
export function describeRedis({ url, sentinels, sentinelName }: RedisSettings): string {
  const safe = url.replace(/\/\/([^:@/]*):[^@/]+@/, '//$1:***@');
  return sentinels ? `master "${sentinelName ?? 'mymaster'}" via Sentinels ${sentinels} (${safe})` : safe;
}
