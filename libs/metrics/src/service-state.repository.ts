import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ClockCountRow {
  code: string;
  atRisk: number;
  overdue: number;
  breached: number;
}

export interface OutboxBacklogRow {
  pending: number;
  oldestAgeSeconds: number | null;
}

export interface MailboxSyncRow {
  name: string;
  lastSyncAgeSeconds: number | null;
  failing: boolean;
}

/**
 * The service's state as the metrics report it, read when Prometheus scrapes. Each question is one
 * statement on an index (partial indexes keep them cheap at a million tickets): counts only, never
 * a name, an address or a subject.
 */
@Injectable()
export class ServiceStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Clocks still ticking per SLA code: warned (at risk), past due awaiting the sweep, breached and still open. */
  async clockCounts(): Promise<ClockCountRow[]> {
    const rows = await this.dataSource.query<
      Array<{ code: string; at_risk: string; overdue: string; breached: string }>
    >(
      `SELECT code,
                count(*) FILTER (WHERE state = 'running' AND warn_at <= now() AND due_at > now()) AS at_risk,
                count(*) FILTER (WHERE state = 'running' AND due_at <= now()) AS overdue,
                count(*) FILTER (WHERE state = 'breached') AS breached
           FROM sla_clock
          WHERE stopped_at IS NULL AND state IN ('running', 'breached')
          GROUP BY code`,
    );
    return rows.map((r) => ({
      code: r.code,
      atRisk: Number(r.at_risk),
      overdue: Number(r.overdue),
      breached: Number(r.breached),
    }));
  }

  async outboxBacklog(): Promise<OutboxBacklogRow> {
    const [row]: Array<{ pending: string; oldest: number | null }> = await this.dataSource.query<
      Array<{ pending: string; oldest: number | null }>
    >(
      `SELECT count(*) AS pending, extract(epoch FROM now() - min(created_at))::float8 AS oldest
         FROM outbound_mail WHERE status IN ('pending', 'sending')`,
    );
    return {
      pending: Number(row.pending),
      oldestAgeSeconds: row.oldest === null ? null : Number(row.oldest),
    };
  }

  async mailboxSync(): Promise<MailboxSyncRow[]> {
    const rows: Array<{ name: string; age: number | null; failing: boolean }> = await this.dataSource.query<
      Array<{ name: string; age: number | null; failing: boolean }>
    >(
      `SELECT name, extract(epoch FROM now() - last_polled_at)::float8 AS age, last_error IS NOT NULL AS failing
         FROM mailbox WHERE active ORDER BY name`,
    );
    return rows.map((r) => ({
      name: r.name,
      lastSyncAgeSeconds: r.age === null ? null : Number(r.age),
      failing: r.failing,
    }));
  }

  async activeSessions(): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ n: string }>>(
      `SELECT count(*) AS n FROM user_session WHERE revoked_at IS NULL AND expires_at > now()`,
    );
    return Number(row.n);
  }

  /** Seconds since any worker last beat; null when none ever has. */
  async workerHeartbeatAge(): Promise<number | null> {
    const [row] = await this.dataSource.query<Array<{ age: number | null }>>(
      `SELECT extract(epoch FROM now() - max(seen_at))::float8 AS age FROM worker_heartbeat`,
    );
    return row.age === null ? null : Number(row.age);
  }
}
