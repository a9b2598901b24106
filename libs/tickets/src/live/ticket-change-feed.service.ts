import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { DataSource } from 'typeorm';
import { newChanges, pruneSeen, TicketChange } from './change-window.util';

/** How often the feed looks for changed tickets while someone listens. */
const POLL_MS = 2_000;
/** How far back each poll looks: longer than any ticket transaction takes to commit. */
const OVERLAP_MS = 30_000;

/**
 * Ticket changes for the browsers' live queue. One poll per api process, only while at least one
 * browser listens, whatever wrote the change (this api, another replica, the worker's mail
 * ingestion or the importer): polling PostgreSQL works on every deployment, the embedded
 * single-connection engine included, where LISTEN/NOTIFY or Redis would not.
 */
@Injectable()
export class TicketChangeFeed implements OnModuleDestroy {
  private readonly logger = new Logger(TicketChangeFeed.name);
  private readonly changes = new Subject<TicketChange[]>();
  private readonly seen = new Map<string, string>();
  private listeners = 0;
  private timer: NodeJS.Timeout | null = null;
  private since = new Date();
  private polling = false;

  constructor(private readonly dataSource: DataSource) {}

  /** Batches of changed tickets from now on; polling starts with the first subscriber. */
  stream(): Observable<TicketChange[]> {
    return new Observable<TicketChange[]>((subscriber) => {
      const subscription = this.changes.subscribe(subscriber);
      if (this.listeners++ === 0) this.start();
      return () => {
        subscription.unsubscribe();
        if (--this.listeners === 0) this.stop();
      };
    });
  }

  /**
   * One poll now (also what the timer runs); returns the changes it published. A priming poll
   * only records what is already there, so that the first real poll reports later changes alone.
   */
  async poll(prime = false): Promise<TicketChange[]> {
    if (this.polling) return [];
    this.polling = true;
    try {
      const from = new Date(this.since.getTime() - OVERLAP_MS);
      const rows: TicketChange[] = await this.dataSource.query(
        `SELECT id, number, status::text AS status, version, ente_id AS "enteId",
                to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
                to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"
           FROM ticket WHERE updated_at >= $1 ORDER BY updated_at LIMIT 1000`,
        [from],
      );
      this.since = new Date();
      pruneSeen(this.seen, new Set(rows.map((r) => r.id)));
      const fresh = newChanges(rows, this.seen);
      if (prime) return [];
      if (fresh.length) this.changes.next(fresh);
      return fresh;
    } catch (error) {
      // A database hiccup must not end the browsers' streams: the next poll catches up.
      this.logger.warn(`Ticket change poll failed: ${(error as Error).message}`);
      return [];
    } finally {
      this.polling = false;
    }
  }

  private start(): void {
    this.since = new Date();
    this.seen.clear();
    void this.poll(true);
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  onModuleDestroy(): void {
    this.stop();
    this.changes.complete();
  }
}
