import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The telephony lib's part of retention and erasure (issue 18): a call keeps its instants,
 * direction, outcome and extension (the call statistics) and loses the other party's number, in
 * the call and in the PBX events it was folded from.
 */
@Injectable()
export class CallRetentionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async anonymiseCalls(
    em: EntityManager,
    by: { ticketIds?: string[]; contactIds?: string[] },
    at: Date,
  ): Promise<number> {
    const calls = await em.query<{ call_id: string }[]>(
      `WITH done AS (UPDATE phone_call SET from_number = CASE WHEN direction = 'in' THEN NULL ELSE from_number END,
              to_number = CASE WHEN direction = 'out' THEN NULL ELSE to_number END,
              caller_e164 = NULL, anonymised_at = $3
        WHERE anonymised_at IS NULL AND (ticket_id = ANY($1::uuid[]) OR contact_id = ANY($2::uuid[]))
        RETURNING call_id) SELECT * FROM done`,
      [by.ticketIds ?? [], by.contactIds ?? [], at],
    );
    await this.scrubEvents(
      em,
      calls.map((c) => c.call_id),
    );
    return calls.length;
  }

  async countDueUnlinked(cutoff: Date): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM phone_call WHERE ${UNLINKED_DUE}`,
      [cutoff],
    );
    return row.n;
  }

  /** Calls that never reached a ticket or a known contact, counted from when they ended. */
  async anonymiseUnlinked(em: EntityManager, cutoff: Date, limit: number, at: Date): Promise<number> {
    const calls = await em.query<{ call_id: string }[]>(
      `WITH done AS (UPDATE phone_call SET from_number = CASE WHEN direction = 'in' THEN NULL ELSE from_number END,
              to_number = CASE WHEN direction = 'out' THEN NULL ELSE to_number END,
              caller_e164 = NULL, anonymised_at = $2
        WHERE id IN (SELECT id FROM phone_call WHERE ${UNLINKED_DUE} ORDER BY id LIMIT ${Number(limit)})
        RETURNING call_id) SELECT * FROM done`,
      [cutoff, at],
    );
    await this.scrubEvents(
      em,
      calls.map((c) => c.call_id),
    );
    return calls.length;
  }

  private async scrubEvents(em: EntityManager, callIds: string[]): Promise<void> {
    if (callIds.length === 0) return;
    await em.query<unknown>(
      `UPDATE phone_call_event SET from_number = CASE WHEN direction = 'out' THEN from_number END,
              to_number = CASE WHEN direction = 'in' THEN to_number END
        WHERE call_id = ANY($1::text[])`,
      [callIds],
    );
  }
}

const UNLINKED_DUE = `anonymised_at IS NULL AND ticket_id IS NULL AND contact_id IS NULL
  AND COALESCE(ended_at, started_at) < $1`;
