import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The business time a clock took, fixed when it stops, so the SLA report is an SQL aggregate
 * (median, 95th percentile, worst) instead of a calendar walk over every clock of the period.
 */
export class ClockElapsed1795300000006 implements MigrationInterface {
  name = 'ClockElapsed1795300000006';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sla_clock" ADD "elapsed_minutes" double precision`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sla_clock" DROP COLUMN "elapsed_minutes"`);
  }
}
