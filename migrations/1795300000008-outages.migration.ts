import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outages (interruzioni): the affected services and entes, start, intervention start, end, cause,
 * planned or not, the tickets and alerts behind them; the notices given (SLA.9 to the entes'
 * offices, SLA.10 to users), the addresses notices go to per ente, and the periodic outage
 * report's deliveries (SLA.11).
 */
export class Outages1795300000008 implements MigrationInterface {
  name = 'Outages1795300000008';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "outage" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "title" text NOT NULL,
      "services" text[] NOT NULL DEFAULT '{}',
      "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "intervention_started_at" TIMESTAMP WITH TIME ZONE,
      "ended_at" TIMESTAMP WITH TIME ZONE,
      "cause" text NOT NULL DEFAULT '',
      "planned" boolean NOT NULL DEFAULT false,
      "public_message" text NOT NULL DEFAULT '',
      "problem_id" uuid,
      "created_by" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "version" integer NOT NULL DEFAULT 1,
      CONSTRAINT "outage_pk" PRIMARY KEY ("id"),
      CONSTRAINT "outage_problem_fk" FOREIGN KEY ("problem_id") REFERENCES "monitoring_problem"("id"),
      CONSTRAINT "outage_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "app_user"("id"),
      CONSTRAINT "outage_intervention_chk" CHECK ("intervention_started_at" IS NULL OR "intervention_started_at" >= "started_at"),
      CONSTRAINT "outage_end_chk" CHECK ("ended_at" IS NULL OR "ended_at" >= "started_at"))`);
    await q.query(`CREATE INDEX "outage_started_idx" ON "outage" ("started_at")`);
    // One outage per monitoring problem: opening it twice from the same alert returns the first.
    await q.query(
      `CREATE UNIQUE INDEX "outage_problem_uq" ON "outage" ("problem_id") WHERE "problem_id" IS NOT NULL`,
    );

    await q.query(`CREATE TABLE "outage_ente" (
      "outage_id" uuid NOT NULL,
      "ente_id" uuid NOT NULL,
      CONSTRAINT "outage_ente_pk" PRIMARY KEY ("outage_id", "ente_id"),
      CONSTRAINT "outage_ente_outage_fk" FOREIGN KEY ("outage_id") REFERENCES "outage"("id") ON DELETE CASCADE,
      CONSTRAINT "outage_ente_ente_fk" FOREIGN KEY ("ente_id") REFERENCES "ente"("id"))`);
    await q.query(`CREATE TABLE "outage_ticket" (
      "outage_id" uuid NOT NULL,
      "ticket_id" uuid NOT NULL,
      CONSTRAINT "outage_ticket_pk" PRIMARY KEY ("outage_id", "ticket_id"),
      CONSTRAINT "outage_ticket_outage_fk" FOREIGN KEY ("outage_id") REFERENCES "outage"("id") ON DELETE CASCADE,
      CONSTRAINT "outage_ticket_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id"))`);
    await q.query(`CREATE TABLE "outage_alert" (
      "outage_id" uuid NOT NULL,
      "event_id" bigint NOT NULL,
      CONSTRAINT "outage_alert_pk" PRIMARY KEY ("outage_id", "event_id"),
      CONSTRAINT "outage_alert_outage_fk" FOREIGN KEY ("outage_id") REFERENCES "outage"("id") ON DELETE CASCADE,
      CONSTRAINT "outage_alert_event_fk" FOREIGN KEY ("event_id") REFERENCES "monitoring_event"("id"))`);

    await q.query(`CREATE TABLE "outage_notice" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "outage_id" uuid NOT NULL,
      "kind" text NOT NULL CONSTRAINT "outage_notice_kind_chk" CHECK ("kind" IN ('entes', 'users')),
      "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "due_at" TIMESTAMP WITH TIME ZONE,
      "language" text NOT NULL DEFAULT 'it',
      "subject" text NOT NULL,
      "body" text NOT NULL,
      "message" text NOT NULL DEFAULT '',
      "published" boolean NOT NULL DEFAULT true,
      "recipients" integer NOT NULL DEFAULT 0,
      "outbound_ids" uuid[] NOT NULL DEFAULT '{}',
      "sent_by" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "outage_notice_pk" PRIMARY KEY ("id"),
      CONSTRAINT "outage_notice_outage_fk" FOREIGN KEY ("outage_id") REFERENCES "outage"("id") ON DELETE CASCADE,
      CONSTRAINT "outage_notice_sent_by_fk" FOREIGN KEY ("sent_by") REFERENCES "app_user"("id"))`);
    await q.query(
      `CREATE INDEX "outage_notice_outage_idx" ON "outage_notice" ("outage_id", "kind", "sent_at")`,
    );

    await q.query(`CREATE TABLE "outage_recipient" (
      "ente_id" uuid NOT NULL,
      "email" text NOT NULL,
      CONSTRAINT "outage_recipient_pk" PRIMARY KEY ("ente_id", "email"),
      CONSTRAINT "outage_recipient_ente_fk" FOREIGN KEY ("ente_id") REFERENCES "ente"("id") ON DELETE CASCADE)`);

    await q.query(`CREATE TABLE "outage_report_delivery" (
      "period" text NOT NULL,
      "period_from" date NOT NULL,
      "period_to" date NOT NULL,
      "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "recipients" text[] NOT NULL DEFAULT '{}',
      "outbound_ids" uuid[] NOT NULL DEFAULT '{}',
      CONSTRAINT "outage_report_delivery_pk" PRIMARY KEY ("period"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "outage_report_delivery"`);
    await q.query(`DROP TABLE "outage_recipient"`);
    await q.query(`DROP TABLE "outage_notice"`);
    await q.query(`DROP TABLE "outage_alert"`);
    await q.query(`DROP TABLE "outage_ticket"`);
    await q.query(`DROP TABLE "outage_ente"`);
    await q.query(`DROP TABLE "outage"`);
  }
}
