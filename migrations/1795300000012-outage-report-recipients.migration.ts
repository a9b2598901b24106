import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who receives the quarterly outage report (SLA.11) besides the supervisors, as admins set it in
 * the web UI; the addresses in config/sla/outages.json still apply (set at deploy time).
 */
export class OutageReportRecipients1795300000012 implements MigrationInterface {
  name = 'OutageReportRecipients1795300000012';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "outage_report_recipient" (
      "email" text NOT NULL,
      "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "outage_report_recipient_pk" PRIMARY KEY ("email"),
      CONSTRAINT "outage_report_recipient_lower_chk" CHECK ("email" = lower("email")))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "outage_report_recipient"`);
  }
}
