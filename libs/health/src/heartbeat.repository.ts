import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Workers that beat within the window, and the last beat of any. */
export interface HeartbeatSummary {
  fresh: number;
  last: Date | null;
}

/** A mailbox's last poll as the readiness check judges it. */
export interface MailboxPollRow {
  name: string;
  /** Seconds since the last poll; null: never polled. */
  age: number | null;
  failing: boolean;
}

/** `worker_heartbeat` (each worker records itself) and what the health checks read. */
@Injectable()
export class HeartbeatRepository {
  constructor(private readonly dataSource: DataSource) {}

  async beat(worker: { id: string; hostname: string; pid: number; startedAt: Date }): Promise<void> {
    await this.dataSource.query<unknown>(
      `INSERT INTO worker_heartbeat (worker_id, hostname, pid, started_at, seen_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (worker_id) DO UPDATE SET seen_at = now()`,
      [worker.id, worker.hostname, worker.pid, worker.startedAt],
    );
  }

  /** Doubles as the database probe: it throws when the database does not answer. */
  async summary(freshSeconds: number): Promise<HeartbeatSummary> {
    const [row] = await this.dataSource.query<HeartbeatSummary[]>(
      `SELECT count(*) FILTER (WHERE seen_at > now() - make_interval(secs => $1))::int AS fresh, max(seen_at) AS last
         FROM worker_heartbeat`,
      [freshSeconds],
    );
    return row;
  }

  mailboxPolls(): Promise<MailboxPollRow[]> {
    return this.dataSource.query<MailboxPollRow[]>(
      `SELECT name, extract(epoch FROM now() - last_polled_at)::float8 AS age, last_error IS NOT NULL AS failing
         FROM mailbox WHERE active ORDER BY name`,
    );
  }
}
