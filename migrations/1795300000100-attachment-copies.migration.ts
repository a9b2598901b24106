import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A merge copies the duplicate's files onto the target ticket (issue 19.7): each copy names the
 * file it was copied from, and a ticket holds at most one copy of a file, so a merge retried after
 * a failure (or replayed) copies nothing twice. No foreign key: the original may later be erased
 * with its ticket (retention) while the copy stays with the target.
 */
export class AttachmentCopies1795300000100 implements MigrationInterface {
  name = 'AttachmentCopies1795300000100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "attachment" ADD COLUMN "copied_from" uuid`);
    await q.query(
      `CREATE UNIQUE INDEX "attachment_copy_uq" ON "attachment" ("ticket_id", "copied_from") WHERE "copied_from" IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "attachment_copy_uq"`);
    await q.query(`ALTER TABLE "attachment" DROP COLUMN "copied_from"`);
  }
}
