import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agents' queue (new, open and waiting tickets, nearest due first, tickets without a running
 * clock last) sorts on COALESCE(next_due_at, 'infinity'), which the partial ticket_due_idx cannot
 * serve: at 1,000,000 tickets every queued row was fetched and sorted for each page. This index
 * holds the queue only, in that order, so a page reads its rows and stops (npm run bench:api).
 */
export class QueueDueIndex1795300000011 implements MigrationInterface {
  name = 'QueueDueIndex1795300000011';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "ticket_queue_due_idx" ON "ticket" ((COALESCE("next_due_at", 'infinity'::timestamptz)), "id")
        WHERE "status" IN ('new', 'open', 'waiting')`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ticket_queue_due_idx"`);
  }
}
