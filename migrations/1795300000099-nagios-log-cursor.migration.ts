import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How far the worker has read Nagios's current log (NAGIOS_LOG_FILE): the file's identity (device
 * and inode, so a rotation is seen) and the byte position after the last line read.
 */
export class NagiosLogCursor1795300000099 implements MigrationInterface {
  name = 'NagiosLogCursor1795300000099';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "monitoring_log_cursor" (
      "file" text NOT NULL,
      "file_id" text NOT NULL,
      "position" bigint NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "monitoring_log_cursor_pk" PRIMARY KEY ("file"),
      CONSTRAINT "monitoring_log_cursor_position_chk" CHECK ("position" >= 0))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "monitoring_log_cursor"`);
  }
}
