import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An admin may discard a quarantined or ignored mail (outcome 'discarded'): kept for the record
 * and its raw source, never listed in the quarantine again.
 */
export class MailDiscarded1795300000095 implements MigrationInterface {
  name = 'MailDiscarded1795300000095';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "inbound_mail" DROP CONSTRAINT "inbound_mail_outcome_chk"`);
    await q.query(`ALTER TABLE "inbound_mail" ADD CONSTRAINT "inbound_mail_outcome_chk" CHECK ("outcome" IN
      ('ticket_created', 'reply_added', 'ignored', 'receipt', 'bounce', 'quarantined', 'monitoring', 'discarded'))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // The older constraint has no 'discarded': those mails go back to the quarantine.
    await q.query(`UPDATE "inbound_mail" SET "outcome" = 'quarantined' WHERE "outcome" = 'discarded'`);
    await q.query(`ALTER TABLE "inbound_mail" DROP CONSTRAINT "inbound_mail_outcome_chk"`);
    await q.query(`ALTER TABLE "inbound_mail" ADD CONSTRAINT "inbound_mail_outcome_chk" CHECK ("outcome" IN
      ('ticket_created', 'reply_added', 'ignored', 'receipt', 'bounce', 'quarantined', 'monitoring'))`);
  }
}
