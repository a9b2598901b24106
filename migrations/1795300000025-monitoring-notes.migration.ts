import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monitoring notes: flapping, acknowledgements and custom notifications are kept as events (with
 * the author Nagios gives), and a problem remembers that it was acknowledged in Nagios.
 */
export class MonitoringNotes1795300000025 implements MigrationInterface {
  name = 'MonitoringNotes1795300000025';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "monitoring_event" DROP CONSTRAINT "monitoring_event_kind_chk"`);
    await q.query(
      `ALTER TABLE "monitoring_event" ADD CONSTRAINT "monitoring_event_kind_chk" CHECK ("kind" IN ('state', 'downtime', 'flapping', 'acknowledgement', 'custom'))`,
    );
    await q.query(`ALTER TABLE "monitoring_event" ADD "author" text`);
    await q.query(`ALTER TABLE "monitoring_problem" ADD "acknowledged_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "monitoring_problem" ADD "acknowledged_by" text`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "monitoring_problem" DROP COLUMN "acknowledged_by"`);
    await q.query(`ALTER TABLE "monitoring_problem" DROP COLUMN "acknowledged_at"`);
    await q.query(`ALTER TABLE "monitoring_event" DROP COLUMN "author"`);
    await q.query(
      `DELETE FROM "outage_alert" WHERE "event_id" IN (SELECT "id" FROM "monitoring_event" WHERE "kind" NOT IN ('state', 'downtime'))`,
    );
    await q.query(`DELETE FROM "monitoring_event" WHERE "kind" NOT IN ('state', 'downtime')`);
    await q.query(`ALTER TABLE "monitoring_event" DROP CONSTRAINT "monitoring_event_kind_chk"`);
    await q.query(
      `ALTER TABLE "monitoring_event" ADD CONSTRAINT "monitoring_event_kind_chk" CHECK ("kind" IN ('state', 'downtime'))`,
    );
  }
}
