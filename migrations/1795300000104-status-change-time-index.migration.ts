import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ticket report "as of" a past instant (issue 22.2) takes a ticket's current status unless it
 * changed status after that instant; this index finds those status changes by time (and their
 * ticket, read from the index alone), so the report rebuilds only their timelines instead of
 * sorting every status change of the period (npm run bench:reports).
 */
export class StatusChangeTimeIndex1795300000104 implements MigrationInterface {
  name = 'StatusChangeTimeIndex1795300000104';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "ticket_event_status_changed_at_idx" ON "ticket_event" ("occurred_at", "ticket_id")
        WHERE "type" = 'status_changed'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ticket_event_status_changed_at_idx"`);
  }
}
