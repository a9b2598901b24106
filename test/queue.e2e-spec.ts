import { loadConfig } from '@app/config';
import {
  BullMqQueueDriver,
  InProcessQueueDriver,
  JobHandler,
  JobName,
  JobRegistry,
  QueueDriver,
} from '@app/queue';
import { createTestApp, createTestDatabase, requireService, TestDatabase, eventually } from '@app/testing';
import request from 'supertest';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { startWorker } from '@app/runtime';

const redisUrl = requireService('BullMQ driver', 'TEST_REDIS_URL');

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
    () => new BullMqQueueDriver(redisUrl, `helpdesk-test-${randomBytes(4).toString('hex')}`),
  );
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

    it('consumes jobs from Redis and records its heartbeat in PostgreSQL', async () => {
      const config = loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: `helpdesk-test-${randomBytes(4).toString('hex')}`,
        LOG_LEVEL: 'error',
      });
      const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
        logger: ['error'],
      });
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
