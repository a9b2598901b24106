import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monitoring: every Nagios state change and downtime event, once (from the webhook, the archived
 * logs or notification mails), and the open problems that have a ticket.
 */
export class Monitoring1795300000007 implements MigrationInterface {
  name = 'Monitoring1795300000007';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "monitoring_event" (
      "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
      "dedup_key" text NOT NULL,
      "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "kind" text NOT NULL CONSTRAINT "monitoring_event_kind_chk" CHECK ("kind" IN ('state', 'downtime')),
      "origin" text NOT NULL,
      "host" text NOT NULL,
      "service" text,
      "state" text,
      "state_type" text,
      "attempt" integer,
      "phase" text,
      "output" text NOT NULL DEFAULT '',
      "perf_data" text,
      "notification_type" text,
      "source" text NOT NULL,
      CONSTRAINT "monitoring_event_pk" PRIMARY KEY ("id"),
      CONSTRAINT "monitoring_event_dedup_uq" UNIQUE ("dedup_key"))`);
    await q.query(
      `CREATE INDEX "monitoring_event_object_idx" ON "monitoring_event" ("host", "service", "occurred_at")`,
    );
    await q.query(`CREATE INDEX "monitoring_event_at_idx" ON "monitoring_event" ("occurred_at")`);

    await q.query(`CREATE TABLE "monitoring_problem" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "host" text NOT NULL,
      "service" text NOT NULL DEFAULT '',
      "ticket_id" uuid NOT NULL,
      "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "closed_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "monitoring_problem_pk" PRIMARY KEY ("id"),
      CONSTRAINT "monitoring_problem_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id"))`);
    // One open problem (and so one ticket) per host or service at a time.
    await q.query(
      `CREATE UNIQUE INDEX "monitoring_problem_open_uq" ON "monitoring_problem" ("host", "service") WHERE "closed_at" IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "monitoring_problem"`);
    await q.query(`DROP TABLE "monitoring_event"`);
  }
}
