import { AppConfig } from '@app/config';
import { DATABASE_ENGINE, DatabaseEngineInfo } from '@app/database';
import { QUEUE_DRIVER, QueueDriver } from '@app/queue';
import { INestApplicationContext } from '@nestjs/common';

export interface BannerExtras {
  url?: string;
  roles: string[];
  lines?: string[];
}

/** What an operator needs to see at start: which engine and queue, and where the UI/API is. */
export function startBanner(app: INestApplicationContext, config: AppConfig, extras: BannerExtras): string {
  const engine = app.get<DatabaseEngineInfo>(DATABASE_ENGINE);
  const queue = app.get<QueueDriver>(QUEUE_DRIVER);
  const rows = [
    `Help desk CST (${config.NODE_ENV}) - ${extras.roles.join(' + ')}`,
    `  Database: ${engine.kind === 'embedded' ? `embedded PostgreSQL (PGlite), data in ${engine.location}` : `PostgreSQL ${engine.location}`}`,
    `  Queue:    ${queue.kind === 'in-process' ? 'in-process (no Redis)' : `BullMQ on Redis ${queue.location}`}`,
  ];
  if (extras.url)
    rows.push(`  UI/API:   ${extras.url}/  (API ${extras.url}/api, docs ${extras.url}/api/docs)`);
  rows.push(...(extras.lines ?? []));
  const width = Math.max(...rows.map((r) => r.length));
  const rule = '='.repeat(width);
  return ['', rule, ...rows, rule, ''].join('\n');
}
