import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A mailbox flagged as monitoring receives Nagios notification mails: they become monitoring
 * events (outcome 'monitoring'), never ordinary tickets or acknowledgements.
 */
export class MonitoringMailbox1795300000010 implements MigrationInterface {
  name = 'MonitoringMailbox1795300000010';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mailbox" ADD "monitoring" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "inbound_mail" DROP CONSTRAINT "inbound_mail_outcome_chk"`);
    await q.query(`ALTER TABLE "inbound_mail" ADD CONSTRAINT "inbound_mail_outcome_chk" CHECK ("outcome" IN
      ('ticket_created', 'reply_added', 'ignored', 'receipt', 'bounce', 'quarantined', 'monitoring'))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // The older constraint has no 'monitoring': those mails read as ignored (they made no ticket).
    await q.query(`UPDATE "inbound_mail" SET "outcome" = 'ignored' WHERE "outcome" = 'monitoring'`);
    await q.query(`ALTER TABLE "inbound_mail" DROP CONSTRAINT "inbound_mail_outcome_chk"`);
    await q.query(`ALTER TABLE "inbound_mail" ADD CONSTRAINT "inbound_mail_outcome_chk" CHECK ("outcome" IN
      ('ticket_created', 'reply_added', 'ignored', 'receipt', 'bounce', 'quarantined'))`);
    await q.query(`ALTER TABLE "mailbox" DROP COLUMN "monitoring"`);
  }
}
