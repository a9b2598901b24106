import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A phone call on its ticket's timeline (issue 24.5): once a call has ended and belongs to a ticket,
 * one timeline entry says when it rang, how long it lasted and who answered; on_timeline_at marks
 * that the entry was written (in the same transaction), so it is written exactly once.
 */
export class CallTimeline1795300000093 implements MigrationInterface {
  name = 'CallTimeline1795300000093';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "phone_call" ADD "on_timeline_at" TIMESTAMP WITH TIME ZONE`);
    // The sweep of calls whose hangup never came reads only the few calls still live.
    await q.query(
      `CREATE INDEX "phone_call_live_idx" ON "phone_call" ("started_at") WHERE "status" IN ('ringing', 'talking')`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "phone_call_live_idx"`);
    await q.query(`ALTER TABLE "phone_call" DROP COLUMN "on_timeline_at"`);
  }
}
