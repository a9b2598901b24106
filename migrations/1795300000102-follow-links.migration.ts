import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The citizens' follow links (issue 20.2) are signed, not stored: revoking them is an instant per
 * ticket, and a link issued before it is refused. `revoked_by` is the staff user who did it.
 */
export class FollowLinks1795300000102 implements MigrationInterface {
  name = 'FollowLinks1795300000102';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "follow_link_revocation" (
      "ticket_id" uuid NOT NULL,
      "revoked_before" TIMESTAMP WITH TIME ZONE NOT NULL,
      "revoked_by" uuid,
      CONSTRAINT "follow_link_revocation_pk" PRIMARY KEY ("ticket_id"),
      CONSTRAINT "follow_link_revocation_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id"),
      CONSTRAINT "follow_link_revocation_user_fk" FOREIGN KEY ("revoked_by") REFERENCES "app_user"("id"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "follow_link_revocation"`);
  }
}
