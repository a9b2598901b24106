import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How long a page counts as open after its last heartbeat (the page beats every 10 s). */
const PRESENT_FOR_SECONDS = 30;

export interface TicketViewer {
  id: string;
  name: string;
  composing: boolean;
  seenAt: Date;
}

/** Who else has a ticket open, so two agents do not answer the same citizen twice. */
@Injectable()
export class TicketPresenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records the caller's heartbeat and returns the other staff on the ticket right now. */
  async beat(ticketId: string, userId: string, composing: boolean): Promise<TicketViewer[]> {
    const recorded = await this.dataSource.query<unknown[]>(
      `INSERT INTO ticket_presence (ticket_id, user_id, seen_at, composing)
       SELECT t.id, $2, now(), $3 FROM ticket t WHERE t.id = $1
       ON CONFLICT (ticket_id, user_id) DO UPDATE SET seen_at = now(), composing = EXCLUDED.composing
       RETURNING 1`,
      [ticketId, userId, composing],
    );
    if (!recorded.length) throw new NotFoundException(`Ticket ${ticketId} not found`);
    return this.dataSource.query<TicketViewer[]>(
      `SELECT u.id, u.name, p.composing, p.seen_at AS "seenAt"
         FROM ticket_presence p JOIN app_user u ON u.id = p.user_id
        WHERE p.ticket_id = $1 AND p.user_id <> $2
          AND p.seen_at > now() - make_interval(secs => $3)
        ORDER BY u.name`,
      [ticketId, userId, PRESENT_FOR_SECONDS],
    );
  }

  /** The page was closed: leave at once instead of fading out after the window. */
  async leave(ticketId: string, userId: string): Promise<void> {
    await this.dataSource.query<unknown>(
      `DELETE FROM ticket_presence WHERE ticket_id = $1 AND user_id = $2`,
      [ticketId, userId],
    );
  }

  /** Old heartbeats are noise; the worker's housekeeping or any beat may clear them. */
  async purgeStale(): Promise<number> {
    // TypeORM answers a DELETE with [rows, count].
    const [, count] = await this.dataSource.query<[unknown[], number | null]>(
      `DELETE FROM ticket_presence WHERE seen_at < now() - interval '1 hour'`,
    );
    return Number(count ?? 0);
  }
}
