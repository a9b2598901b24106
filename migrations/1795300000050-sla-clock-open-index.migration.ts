import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The metrics count the clocks still ticking per SLA code (running, or breached and not yet
 * stopped) at every Prometheus scrape. Those are a few hundred rows among millions of stopped
 * ones: this partial index holds only them, so a scrape never scans the clock table.
 */
export class SlaClockOpenIndex1795300000050 implements MigrationInterface {
  name = 'SlaClockOpenIndex1795300000050';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "sla_clock_open_code_idx" ON "sla_clock" ("code", "state", "due_at", "warn_at")
        WHERE "stopped_at" IS NULL AND "state" IN ('running', 'breached')`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "sla_clock_open_code_idx"`);
  }
}
