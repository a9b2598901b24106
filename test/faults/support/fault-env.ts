/**
 * What every fault spec shares: the private Redis, the SMTP receiver and Dovecot, the in-process
 * test app (its database on the private cluster, its admin API to set the mailbox up), and the
 * environment the api and worker processes get.
 */
import { randomBytes } from 'node:crypto';

import {
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  DovecotServer,
  requireDovecot,
  SmtpReceiver,
  startDovecot,
  startSmtpReceiver,
  TestApp,
} from '@app/testing';
import { addDovecotMailbox } from '@app/testing/test-mailbox';
import { UserEntity } from '@app/tickets';
import { Queue } from 'bullmq';

import { clusterControl, PrivatePostgres, PrivateRedis, startPrivateRedis } from './private-servers';
import { AppProcess } from './processes';

/** False (with a loud message) when the suite cannot run here; under CI a failure instead. */
export function faultSuiteCanRun(): boolean {
  if (process.env.FAULTS_SKIP) return false;
  return requireDovecot();
}

export interface FaultEnv {
  t: TestApp;
  f: BasicFixtures;
  admin: UserEntity;
  redis: PrivateRedis;
  smtp: SmtpReceiver;
  imap: DovecotServer;
  /** Environment for api and worker processes. */
  env: NodeJS.ProcessEnv;
  processes: AppProcess[];
  /** Query the spec's database; returns the first row's `n`. */
  count(sql: string, params?: unknown[]): Promise<number>;
  /** Adds a job to the processes' BullMQ queue, as a schedule would (to run sweeps now). */
  enqueue(name: string, times?: number): Promise<void>;
  close(): Promise<void>;
}

export async function setUpFaultEnv(extra: NodeJS.ProcessEnv = {}): Promise<FaultEnv> {
  const redis = await startPrivateRedis();
  const smtp = await startSmtpReceiver();
  const imap = await startDovecot();
  const secretsKey = randomBytes(32).toString('hex');
  const t = await createTestApp({ SECRETS_KEY: secretsKey, MAIL_ACK_LIMIT_PER_HOUR: '1000', ...extra });
  const f = await createBasicFixtures(t.dataSource);
  const admin = await createUser(t.dataSource, 'admin', 'Amministratore');
  const prefix = `faults-${randomBytes(3).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: t.database.url,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: redis.url,
    QUEUE_PREFIX: prefix,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_SECURE: 'false',
    MAIL_POLL_SECONDS: '1',
    MAIL_ACK_LIMIT_PER_HOUR: '1000',
    SECRETS_KEY: secretsKey,
    SEED_DEMO: 'false',
    ...extra,
  };
  await addDovecotMailbox(t.http, admin, imap, f.ente.id);
  const processes: AppProcess[] = [];
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.dataSource.query(sql, params))[0].n);
  return {
    t,
    f,
    admin,
    redis,
    smtp,
    imap,
    env,
    processes,
    count,
    async enqueue(name: string, times = 1) {
      const queue = new Queue('helpdesk', { connection: { host: '127.0.0.1', port: redis.port }, prefix });
      try {
        for (let i = 0; i < times; i++) await queue.add(name, { at: new Date().toISOString() });
      } finally {
        await queue.close();
      }
    },
    async close() {
      await Promise.all(processes.map((p) => p.kill()));
      await t?.close();
      await smtp?.stop();
      await imap?.stop();
      await redis?.stop();
    },
  };
}

/** The private cluster of this run, which the global setup started. */
export function privatePostgres(): Pick<PrivatePostgres, 'stop' | 'start'> {
  const dir = process.env.FAULTS_PG_DIR;
  const port = Number(process.env.FAULTS_PG_PORT);
  if (!dir || !port) throw new Error('The fault global setup did not start PostgreSQL');
  return clusterControl(dir, port);
}

/** The Message-ID header of a raw message (the outbox fixes it when the row is written). */
export function messageIdOf(raw: Buffer): string {
  const head = raw.subarray(0, Math.min(raw.length, 16_384)).toString('latin1');
  return /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? '';
}

/** Runs `work` over `items` with at most `width` in flight. */
export async function inParallel<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T, i: number) => Promise<R>,
) {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i], i);
      }
    }),
  );
  return results;
}
