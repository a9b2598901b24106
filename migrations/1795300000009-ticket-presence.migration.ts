import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who has a ticket open in the web UI right now: one row per ticket and user, refreshed by the
 * page every few seconds. In PostgreSQL, not in process memory, so every api replica sees it.
 * And an index for the requester's other tickets on the ticket page.
 */
export class TicketPresence1795300000009 implements MigrationInterface {
  name = 'TicketPresence1795300000009';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "ticket_presence" (
      "ticket_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "composing" boolean NOT NULL DEFAULT false,
      CONSTRAINT "ticket_presence_pk" PRIMARY KEY ("ticket_id", "user_id"),
      CONSTRAINT "ticket_presence_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE,
      CONSTRAINT "ticket_presence_user_fk" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "ticket_presence_seen_idx" ON "ticket_presence" ("seen_at")`);
    // The ticket page lists the requester's other tickets.
    await q.query(`CREATE INDEX "ticket_requester_idx" ON "ticket" ("requester_id", "received_at" DESC)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ticket_requester_idx"`);
    await q.query(`DROP TABLE "ticket_presence"`);
  }
}
