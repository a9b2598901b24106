import { Logger } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';

import { newChanges, pruneSeen, Versioned } from './change-window.util';

export interface PolledFeedOptions<Row extends Versioned, Out> {
  /** For the log line when a poll fails. */
  name: string;
  everyMs: number;
  /** How far back each poll looks: longer than any writing transaction takes to commit. */
  overlapMs: number;
  /** The rows changed since `from`, oldest first. */
  read(from: Date): Promise<Row[]>;
  /** What the listeners get for the fresh rows (default: the rows). */
  present?(fresh: Row[]): Promise<Out[]>;
  /** Record what is there when polling starts, so that only later changes are news. */
  primeOnStart?: boolean;
}

/**
 * Rows changed in PostgreSQL, polled once per process and only while someone listens, whatever
 * process wrote them: works on every deployment, the embedded single-connection engine included,
 * where LISTEN/NOTIFY or Redis would not. The live ticket queue and the ringing phone use it.
 */
export class PolledFeed<Row extends Versioned, Out = Row> {
  private readonly logger: Logger;
  private readonly changes = new Subject<Out[]>();
  private readonly seen = new Map<string, string>();
  private listeners = 0;
  private timer: NodeJS.Timeout | null = null;
  private since = new Date();
  private polling = false;

  constructor(private readonly options: PolledFeedOptions<Row, Out>) {
    this.logger = new Logger(`${options.name}Feed`);
  }

  get listening(): boolean {
    return this.listeners > 0;
  }

  /** Batches of changes from now on; polling starts with the first subscriber, stops with the last. */
  stream(): Observable<Out[]> {
    return new Observable<Out[]>((subscriber) => {
      const subscription = this.changes.subscribe(subscriber);
      if (this.listeners++ === 0) this.start();
      return () => {
        subscription.unsubscribe();
        if (--this.listeners === 0) this.stop();
      };
    });
  }

  /**
   * One poll now (also what the timer runs); returns what it published. A priming poll only
   * records what is already there.
   */
  async poll(prime = false): Promise<Out[]> {
    if (this.polling) return [];
    this.polling = true;
    try {
      const started = new Date();
      const rows = await this.options.read(new Date(this.since.getTime() - this.options.overlapMs));
      this.since = started;
      pruneSeen(this.seen, new Set(rows.map((r) => r.id)));
      const fresh = newChanges(rows, this.seen);
      if (prime || !fresh.length) return [];
      const out = this.options.present ? await this.options.present(fresh) : (fresh as unknown as Out[]);
      this.changes.next(out);
      return out;
    } catch (error) {
      // A database hiccup must not end the browsers' streams: the next poll catches up.
      this.logger.warn(`Poll failed: ${(error as Error).message}`);
      return [];
    } finally {
      this.polling = false;
    }
  }

  close(): void {
    this.stop();
    this.changes.complete();
  }

  private start(): void {
    this.since = new Date();
    this.seen.clear();
    if (this.options.primeOnStart) void this.poll(true);
    this.timer = setInterval(() => void this.poll(), this.options.everyMs);
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
