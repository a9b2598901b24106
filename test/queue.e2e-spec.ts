import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { loadConfig } from '@app/config';
import {
  BullMqQueueDriver,
  InProcessQueueDriver,
  JOB_NAMES,
  JobHandler,
  JobName,
  JobRegistry,
  jobSchedules,
  QueueDriver,
} from '@app/queue';
import { startWorker } from '@app/runtime';
import {
  createTestApp,
  createTestDatabase,
  createTestWorker,
  eventually,
  requireService,
  TestDatabase,
} from '@app/testing';
import { freePort } from '@app/testing/mail-servers';
import request from 'supertest';
import { DataSource } from 'typeorm';

const redisUrl = requireService('BullMQ driver', 'TEST_REDIS_URL');
const execFileAsync = promisify(execFile);

function driverContract(name: string, make: () => QueueDriver | undefined) {
  describe(`${name} queue driver`, () => {
    let driver: QueueDriver;
    beforeEach(() => {
      driver = make()!;
    });
    afterEach(() => driver?.close());

    it('runs an enqueued job through its handler, once', async () => {
      const seen: string[] = [];
      await driver.consume(
        new Map<JobName, JobHandler>([
          ['system.heartbeat', (async (p: { at: string }) => void seen.push(p.at)) as JobHandler],
        ]),
      );
      await driver.enqueue(
        'system.heartbeat',
        { at: 'one' },
        { jobId: `once-${randomBytes(4).toString('hex')}` },
      );
      await eventually(() => (seen.length ? true : undefined));
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toEqual(['one']);
    });

    it('ignores a second job with the same id', async () => {
      const seen: string[] = [];
      const jobId = `dup-${randomBytes(4).toString('hex')}`;
      await driver.enqueue('system.heartbeat', { at: 'first' }, { jobId });
      await driver.enqueue('system.heartbeat', { at: 'second' }, { jobId });
      await driver.consume(
        new Map<JobName, JobHandler>([
          ['system.heartbeat', (async (p: { at: string }) => void seen.push(p.at)) as JobHandler],
        ]),
      );
      await eventually(() => (seen.length ? true : undefined));
      await new Promise((r) => setTimeout(r, 300));
      expect(seen).toEqual(['first']);
    });

    it('reports whether it can reach its backend', async () => {
      expect(await driver.ping()).toBe(true);
    });
  });
}

driverContract('in-process', () => new InProcessQueueDriver());
if (redisUrl) {
  driverContract(
    'BullMQ',
    () => new BullMqQueueDriver({ url: redisUrl }, `helpdesk-test-${randomBytes(4).toString('hex')}`),
  );
}

/**
 * Redis behind Sentinel, as production may run it: a private redis-server and one Sentinel
 * watching it, both child processes on free ports. The driver is given an unresolvable URL host,
 * so every job that runs went through the master the Sentinel named.
 */
async function startSentinel(): Promise<{ sentinels: string; stop: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'helpdesk-sentinel-'));
  const children: ChildProcess[] = [];
  const waitFor = async (port: number, args: string[], want: (out: string) => boolean) => {
    await eventually(
      async () => {
        const out = await execFileAsync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args])
          .then((r) => r.stdout)
          .catch(() => '');
        return want(out) ? true : undefined;
      },
      `redis on ${port} to answer ${args.join(' ')}`,
      20_000,
      100,
    );
  };
  const masterPort = await freePort();
  children.push(
    spawn(
      'redis-server',
      ['--port', String(masterPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    ),
  );
  await waitFor(masterPort, ['ping'], (out) => out.includes('PONG'));
  const sentinelPort = await freePort();
  const conf = join(dir, 'sentinel.conf');
  // Sentinel rewrites its own config file, so it lives in the temp folder.
  await writeFile(
    conf,
    [
      `port ${sentinelPort}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor helpdesk 127.0.0.1 ${masterPort} 1`,
      'sentinel down-after-milliseconds helpdesk 5000',
      '',
    ].join('\n'),
  );
  children.push(spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
  await waitFor(sentinelPort, ['sentinel', 'get-master-addr-by-name', 'helpdesk'], (out) =>
    out.includes(String(masterPort)),
  );
  return {
    sentinels: `127.0.0.1:${sentinelPort}`,
    stop: async () => {
      for (const child of children) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

if (redisUrl) {
  describe('through Redis Sentinel', () => {
    let sentinel: Awaited<ReturnType<typeof startSentinel>>;
    beforeAll(async () => {
      sentinel = await startSentinel();
    }, 30_000);
    afterAll(() => sentinel?.stop());

    driverContract(
      'BullMQ via Sentinel',
      () =>
        new BullMqQueueDriver(
          { url: 'redis://unused.invalid:1', sentinels: sentinel.sentinels, sentinelName: 'helpdesk' },
          `helpdesk-test-${randomBytes(4).toString('hex')}`,
        ),
    );
  });
}

describe('the worker process', () => {
  it('refuses to start when a declared job has no handler', () => {
    expect(() => new JobRegistry().complete()).toThrow(
      /No handler registered for job\(s\): system.heartbeat/,
    );
  });

  (redisUrl ? describe : describe.skip)('on PostgreSQL and Redis', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(() => database?.drop());

    it('finds every job in its registry, each repeatable one with its period', async () => {
      const config = loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        NAGIOS_RECONCILE_SECONDS: '45',
        LOG_LEVEL: 'error',
      });
      const app = await createTestWorker(config);
      try {
        const jobs = app.get(JobRegistry).complete();
        expect(jobs.map((job) => job.name)).toEqual(JOB_NAMES);
        expect(jobSchedules(jobs)).toEqual([
          { name: 'system.heartbeat', everyMs: 15_000 },
          { name: 'sla.sweep', everyMs: 30_000 },
          { name: 'mail.outbox-sweep', everyMs: 30_000 },
          { name: 'reports.monthly', everyMs: 3_600_000 },
          { name: 'reports.outages', everyMs: 3_600_000 },
          { name: 'outages.watch', everyMs: 30_000 },
          { name: 'monitoring.reconcile', everyMs: 45_000 },
          { name: 'telephony.sweep', everyMs: 60_000 },
          { name: 'privacy.retention', everyMs: 3_600_000 },
          { name: 'public-requests.cleanup', everyMs: 3_600_000 },
          { name: 'satisfaction.send', everyMs: 300_000 },
        ]);
      } finally {
        await app.close();
      }
    });

    it('consumes jobs from Redis and records its heartbeat in PostgreSQL', async () => {
      const config = loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: `helpdesk-test-${randomBytes(4).toString('hex')}`,
        LOG_LEVEL: 'error',
      });
      const app = await createTestWorker(config);
      try {
        const driver = await startWorker(app);
        expect(driver.kind).toBe('bullmq');
        const dataSource = app.get(DataSource);
        const rows = await eventually(async () => {
          const found = await dataSource.query('SELECT worker_id FROM worker_heartbeat');
          return found.length ? found : undefined;
        });
        expect(rows[0].worker_id).toContain(`:${process.pid}`);
      } finally {
        await app.close();
      }
    });

    it('the api reports the BullMQ queue and the database in its health check', async () => {
      const api = await createTestApp({
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: `helpdesk-test-${randomBytes(4).toString('hex')}`,
      });
      try {
        const res = await request(api.http).get('/api/health');
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ database: { ok: true }, queue: { ok: true, driver: 'bullmq' } });
      } finally {
        await api.close();
      }
    });
  });
});
