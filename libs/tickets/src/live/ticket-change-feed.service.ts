import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Observable } from 'rxjs';

import { TicketRepository } from '../ticket.repository';
import { TicketChange } from './change-window.util';
import { PolledFeed } from './polled-feed';

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
  private readonly feed = new PolledFeed<TicketChange>({
    name: 'TicketChange',
    everyMs: POLL_MS,
    overlapMs: OVERLAP_MS,
    primeOnStart: true,
    read: (from) => this.tickets.changedSince(from, 1000),
  });

  constructor(private readonly tickets: TicketRepository) {}

  /** Batches of changed tickets from now on; polling starts with the first subscriber. */
  stream(): Observable<TicketChange[]> {
    return this.feed.stream();
  }

  /** One poll now (also what the timer runs); returns the changes it published. */
  poll(prime = false): Promise<TicketChange[]> {
    return this.feed.poll(prime);
  }

  onModuleDestroy(): void {
    this.feed.close();
  }
}
