import { MigrationInterface, QueryRunner } from 'typeorm';

/** Scheduled reports sent, one row per kind and period, so a report goes out once however many workers run. */
export class ReportDelivery1795300000005 implements MigrationInterface {
  name = 'ReportDelivery1795300000005';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "report_delivery" (
      "kind" text NOT NULL,
      "period" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "outbound_ids" uuid[] NOT NULL DEFAULT '{}',
      CONSTRAINT "report_delivery_pk" PRIMARY KEY ("kind", "period"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "report_delivery"`);
  }
}
