/*
 * bench:day's live-update delay: from an agent's action answered to the change arriving on every
 * other agent's open event stream (GET /api/events), matched by ticket and its updatedAt.
 */
import type { OpenStream } from '@app/testing/event-stream';

import { percentile } from './bench-stats';

interface TicketsEvent {
  changes?: { id: string; updatedAt: string }[];
}

export interface DeliveryFigures {
  deliveries: number;
  /** Deliveries still awaited when the run ended (after the grace period). */
  missed: number;
  p50: number;
  p99: number;
  max: number;
}

export class DeliveryTracker {
  private readonly delays: number[] = [];
  private readonly delivered: (() => boolean)[] = [];

  constructor(private readonly streams: readonly OpenStream<TicketsEvent>[]) {}

  /** Agent `actor` changed ticket `id` (its updatedAt now `updatedAt`); answered at `respondedAt`. */
  acted(actor: number, id: string, updatedAt: string, respondedAt: number): void {
    this.streams.forEach((stream, agent) => {
      if (agent === actor) return;
      let done = false;
      void stream
        .next(
          (e) =>
            e.type === 'tickets' && !!e.data.changes?.some((c) => c.id === id && c.updatedAt >= updatedAt),
        )
        .then(() => {
          done = true;
          // A change the stream brought before the answer reached the agent counts as no delay.
          this.delays.push(Math.max(0, performance.now() - respondedAt));
        });
      this.delivered.push(() => done);
    });
  }

  figures(): DeliveryFigures {
    const sorted = [...this.delays].sort((a, b) => a - b);
    return {
      deliveries: sorted.length,
      missed: this.delivered.filter((done) => !done()).length,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1] : NaN,
    };
  }
}
