import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Business calendars and SLA policies (editable, versioned), the clocks of each ticket, and
 * in-app notifications of clocks at risk or breached.
 */
export class SlaClocks1795300000002 implements MigrationInterface {
  name = 'SlaClocks1795300000002';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "business_calendar" (
      "code" text NOT NULL,
      "name" text NOT NULL,
      "spec" jsonb NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "business_calendar_pk" PRIMARY KEY ("code"))`);

    // A policy is never edited in place: a change is a new version, and tickets keep theirs.
    await q.query(`CREATE TABLE "sla_policy" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "code" text NOT NULL,
      "version" integer NOT NULL,
      "name" text NOT NULL,
      "definition" jsonb NOT NULL,
      "active" boolean NOT NULL DEFAULT false,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "sla_policy_pk" PRIMARY KEY ("id"),
      CONSTRAINT "sla_policy_version_uq" UNIQUE ("code", "version"))`);
    await q.query(`CREATE UNIQUE INDEX "sla_policy_one_active_uq" ON "sla_policy" ("active") WHERE "active"`);

    await q.query(`ALTER TABLE "ticket" ADD "sla_policy_id" uuid`);
    await q.query(
      `ALTER TABLE "ticket" ADD CONSTRAINT "ticket_sla_policy_fk" FOREIGN KEY ("sla_policy_id") REFERENCES "sla_policy"("id")`,
    );
    await q.query(
      `ALTER TABLE "ente" ADD CONSTRAINT "ente_calendar_fk" FOREIGN KEY ("calendar_code") REFERENCES "business_calendar"("code")`,
    );

    await q.query(
      `CREATE TYPE "public"."sla_clock_state" AS ENUM('running', 'paused', 'met', 'breached', 'cancelled')`,
    );
    await q.query(`CREATE TABLE "sla_clock" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "ticket_id" uuid NOT NULL,
      "code" text NOT NULL,
      "cycle" integer NOT NULL DEFAULT 1,
      "policy_id" uuid NOT NULL,
      "calendar_code" text NOT NULL,
      "target_minutes" double precision,
      "target_kind" text NOT NULL CONSTRAINT "sla_clock_target_kind_chk" CHECK ("target_kind" IN ('minutes', 'next_business_day')),
      "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "due_at" TIMESTAMP WITH TIME ZONE,
      "warn_at" TIMESTAMP WITH TIME ZONE,
      "paused_at" TIMESTAMP WITH TIME ZONE,
      "paused_minutes" double precision NOT NULL DEFAULT 0,
      "stopped_at" TIMESTAMP WITH TIME ZONE,
      "at_risk_at" TIMESTAMP WITH TIME ZONE,
      "breached_at" TIMESTAMP WITH TIME ZONE,
      "state" "public"."sla_clock_state" NOT NULL,
      "history" jsonb NOT NULL DEFAULT '[]',
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "sla_clock_pk" PRIMARY KEY ("id"),
      CONSTRAINT "sla_clock_cycle_uq" UNIQUE ("ticket_id", "code", "cycle"),
      CONSTRAINT "sla_clock_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id"),
      CONSTRAINT "sla_clock_policy_fk" FOREIGN KEY ("policy_id") REFERENCES "sla_policy"("id"))`);
    // The sweeper's two questions: which running clocks are past due, which past their warning.
    await q.query(`CREATE INDEX "sla_clock_due_idx" ON "sla_clock" ("due_at") WHERE "state" = 'running'`);
    await q.query(
      `CREATE INDEX "sla_clock_warn_idx" ON "sla_clock" ("warn_at") WHERE "state" = 'running' AND "at_risk_at" IS NULL`,
    );

    await q.query(`CREATE TABLE "notification" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "user_id" uuid NOT NULL,
      "ticket_id" uuid,
      "kind" text NOT NULL,
      "payload" jsonb NOT NULL DEFAULT '{}',
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "email_after" TIMESTAMP WITH TIME ZONE,
      "emailed_at" TIMESTAMP WITH TIME ZONE,
      "read_at" TIMESTAMP WITH TIME ZONE,
      "dedup_key" text NOT NULL,
      CONSTRAINT "notification_pk" PRIMARY KEY ("id"),
      CONSTRAINT "notification_dedup_uq" UNIQUE ("user_id", "dedup_key"),
      CONSTRAINT "notification_user_fk" FOREIGN KEY ("user_id") REFERENCES "app_user"("id"),
      CONSTRAINT "notification_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id"))`);
    await q.query(`CREATE INDEX "notification_user_idx" ON "notification" ("user_id", "created_at" DESC)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "notification"`);
    await q.query(`DROP TABLE "sla_clock"`);
    await q.query(`DROP TYPE "public"."sla_clock_state"`);
    await q.query(`ALTER TABLE "ente" DROP CONSTRAINT "ente_calendar_fk"`);
    await q.query(`ALTER TABLE "ticket" DROP CONSTRAINT "ticket_sla_policy_fk"`);
    await q.query(`ALTER TABLE "ticket" DROP COLUMN "sla_policy_id"`);
    await q.query(`DROP TABLE "sla_policy"`);
    await q.query(`DROP TABLE "business_calendar"`);
  }
}
