import { QUEUE_DRIVER, QueueDriver } from '@app/queue';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { MetricsRegistry } from './metrics.registry';
import { ServiceStateRepository } from './service-state.repository';

/** The parts of a `pg` Pool the metrics read (TypeORM's PostgreSQL driver keeps it as `master`). */
interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * This process's metrics: the registry with its HTTP and job instruments, plus gauges read at
 * scrape time from the pool, the queue and the database. A collector that fails (the database is
 * down) leaves its gauge empty and counts the failure instead of failing the whole scrape.
 */
@Injectable()
export class MetricsService extends MetricsRegistry {
  private readonly logger = new Logger('Metrics');
  private readonly collectFailures = this.counter(
    'helpdesk_metrics_collect_failures_total',
    'Scrape-time readings that failed (for example the database was unreachable), by collector',
    ['collector'],
  );

  constructor(
    dataSource: DataSource,
    private readonly state: ServiceStateRepository,
    @Inject(QUEUE_DRIVER) queue: QueueDriver,
  ) {
    super();
    this.gauge(
      'helpdesk_db_pool_connections',
      'Database pool connections by state (in_use, idle, waiting)',
      ['state'],
      async (set) => {
        const pool = (dataSource.driver as unknown as { master?: PoolCounts }).master;
        if (!pool) return;
        set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
        set({ state: 'idle' }, pool.idleCount);
        set({ state: 'waiting' }, pool.waitingCount);
      },
    );
    this.gauge(
      'helpdesk_queue_jobs',
      'Jobs in the queue by state (waiting, active, delayed, failed)',
      ['state'],
      (set) =>
        this.guard('queue', async () => {
          for (const [state, n] of Object.entries(await queue.counts())) set({ state }, n);
        }),
    );
    this.gauge(
      'helpdesk_sla_clocks',
      'SLA clocks still ticking by code and state: at_risk (past the warning), overdue (past due, awaiting the sweep), breached (late and still open)',
      ['code', 'state'],
      (set) =>
        this.guard('sla_clocks', async () => {
          for (const row of await this.state.clockCounts()) {
            set({ code: row.code, state: 'at_risk' }, row.atRisk);
            set({ code: row.code, state: 'overdue' }, row.overdue);
            set({ code: row.code, state: 'breached' }, row.breached);
          }
        }),
    );
    // Two gauges from one reading each: the reading is shared within a scrape.
    const outbox = this.sharedReading(() => this.state.outboxBacklog());
    this.gauge(
      'helpdesk_outbox_pending_mails',
      'Outbound mails not yet handed to the SMTP server',
      [],
      (set) => this.guard('outbox', async () => set({}, (await outbox()).pending)),
    );
    this.gauge(
      'helpdesk_outbox_oldest_pending_age_seconds',
      'Age of the oldest outbound mail not yet sent (0 when none waits)',
      [],
      (set) => this.guard('outbox', async () => set({}, (await outbox()).oldestAgeSeconds ?? 0)),
    );
    const mailboxes = this.sharedReading(() => this.state.mailboxSync());
    this.gauge(
      'helpdesk_mailbox_last_sync_age_seconds',
      'Seconds since each active inbound mailbox was last polled',
      ['mailbox'],
      (set) =>
        this.guard('mailboxes', async () => {
          for (const row of await mailboxes()) {
            if (row.lastSyncAgeSeconds !== null) set({ mailbox: row.name }, row.lastSyncAgeSeconds);
          }
        }),
    );
    this.gauge(
      'helpdesk_mailbox_up',
      '1 when the last poll of the mailbox succeeded, 0 when it failed',
      ['mailbox'],
      (set) =>
        this.guard('mailboxes', async () => {
          for (const row of await mailboxes()) set({ mailbox: row.name }, row.failing ? 0 : 1);
        }),
    );
    this.gauge('helpdesk_sessions_active', 'Browser sessions signed in and not expired', [], (set) =>
      this.guard('sessions', async () => set({}, await this.state.activeSessions())),
    );
    this.gauge(
      'helpdesk_worker_heartbeat_age_seconds',
      'Seconds since a worker last reported (the worker beats every 15 s)',
      [],
      (set) =>
        this.guard('workers', async () => {
          const age = await this.state.workerHeartbeatAge();
          if (age !== null) set({}, age);
        }),
    );
  }

  /**
   * One database reading shared by the gauges of the same scrape: they are collected together, so
   * the second asks while the first's reading is in flight; the next scrape reads afresh.
   */
  private sharedReading<T>(read: () => Promise<T>): () => Promise<T> {
    let inFlight: Promise<T> | null = null;
    return () => {
      inFlight ??= read().finally(() => {
        inFlight = null;
      });
      return inFlight;
    };
  }

  private async guard(collector: string, read: () => Promise<void>): Promise<void> {
    try {
      await read();
    } catch (error) {
      this.collectFailures.inc({ collector });
      this.logger.debug(`Collector ${collector} failed: ${(error as Error).message}`);
    }
  }
}
