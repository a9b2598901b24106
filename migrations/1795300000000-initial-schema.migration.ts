import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Entes, contacts, users, categories, tickets and their append-only timeline.
 * Full-text search uses PostgreSQL's Italian configuration in generated columns.
 */
export class InitialSchema1795300000000 implements MigrationInterface {
  name = 'InitialSchema1795300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "ente" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "code" text NOT NULL,
      "name" text NOT NULL,
      "kind" text NOT NULL CONSTRAINT "ente_kind_chk" CHECK ("kind" IN ('comune', 'unione', 'citta_metropolitana', 'altro')),
      "calendar_code" text,
      "active" boolean NOT NULL DEFAULT true,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "ente_code_uq" UNIQUE ("code"),
      CONSTRAINT "ente_pk" PRIMARY KEY ("id"))`);

    await q.query(`CREATE TABLE "category" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "code" text NOT NULL,
      "name" text NOT NULL,
      "active" boolean NOT NULL DEFAULT true,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "category_code_uq" UNIQUE ("code"),
      CONSTRAINT "category_pk" PRIMARY KEY ("id"))`);

    await q.query(`CREATE TABLE "contact" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "name" text NOT NULL,
      "email" text,
      "phone" text,
      "ente_id" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "contact_pk" PRIMARY KEY ("id"),
      CONSTRAINT "contact_ente_fk" FOREIGN KEY ("ente_id") REFERENCES "ente"("id") ON DELETE NO ACTION ON UPDATE NO ACTION)`);
    await q.query(
      `CREATE UNIQUE INDEX "contact_email_uq" ON "contact" (lower("email")) WHERE "email" IS NOT NULL`,
    );
    await q.query(`CREATE INDEX "contact_phone_idx" ON "contact" ("phone")`);

    await q.query(
      `CREATE TYPE "public"."user_role" AS ENUM('admin', 'supervisor', 'agent', 'ente_referent')`,
    );
    await q.query(`CREATE TABLE "app_user" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "email" text NOT NULL,
      "name" text NOT NULL,
      "role" "public"."user_role" NOT NULL,
      "password_hash" text,
      "active" boolean NOT NULL DEFAULT true,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "app_user_pk" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "app_user_email_uq" ON "app_user" (lower("email"))`);

    await q.query(`CREATE TYPE "public"."ticket_channel" AS ENUM('email', 'phone', 'web', 'monitoring')`);
    await q.query(
      `CREATE TYPE "public"."ticket_status" AS ENUM('new', 'open', 'waiting', 'resolved', 'resolved_not_competent')`,
    );
    await q.query(
      `CREATE TYPE "public"."ticket_difficulty" AS ENUM('low', 'medium_low', 'medium_high', 'high')`,
    );

    // Gapless per-year numbering: the counter row is locked by the creating transaction.
    await q.query(`CREATE TABLE "ticket_number_counter" (
      "year" integer NOT NULL,
      "last_value" integer NOT NULL,
      CONSTRAINT "ticket_number_counter_pk" PRIMARY KEY ("year"))`);

    await q.query(`CREATE TABLE "ticket" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "number" text NOT NULL,
      "channel" "public"."ticket_channel" NOT NULL,
      "status" "public"."ticket_status" NOT NULL DEFAULT 'new',
      "subject" text NOT NULL,
      "description" text NOT NULL DEFAULT '',
      "requester_id" uuid,
      "ente_id" uuid,
      "category_id" uuid,
      "difficulty" "public"."ticket_difficulty",
      "assignee_id" uuid,
      "malfunction" boolean NOT NULL DEFAULT false,
      "redirected_to" text,
      "received_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "taken_in_charge_at" TIMESTAMP WITH TIME ZONE,
      "first_answered_at" TIMESTAMP WITH TIME ZONE,
      "intervention_started_at" TIMESTAMP WITH TIME ZONE,
      "resolved_at" TIMESTAMP WITH TIME ZONE,
      "next_due_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "version" integer NOT NULL DEFAULT 1,
      "search" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('italian'::regconfig, "subject"), 'A') ||
        setweight(to_tsvector('italian'::regconfig, "description"), 'B')) STORED,
      CONSTRAINT "ticket_number_uq" UNIQUE ("number"),
      CONSTRAINT "ticket_pk" PRIMARY KEY ("id"),
      CONSTRAINT "ticket_not_competent_chk" CHECK ("status" <> 'resolved_not_competent' OR "redirected_to" IS NOT NULL),
      CONSTRAINT "ticket_requester_fk" FOREIGN KEY ("requester_id") REFERENCES "contact"("id") ON DELETE NO ACTION ON UPDATE NO ACTION,
      CONSTRAINT "ticket_ente_fk" FOREIGN KEY ("ente_id") REFERENCES "ente"("id") ON DELETE NO ACTION ON UPDATE NO ACTION,
      CONSTRAINT "ticket_category_fk" FOREIGN KEY ("category_id") REFERENCES "category"("id") ON DELETE NO ACTION ON UPDATE NO ACTION,
      CONSTRAINT "ticket_assignee_fk" FOREIGN KEY ("assignee_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION)`);
    await q.query(`CREATE INDEX "ticket_status_idx" ON "ticket" ("status")`);
    await q.query(`CREATE INDEX "ticket_ente_idx" ON "ticket" ("ente_id")`);
    await q.query(`CREATE INDEX "ticket_assignee_idx" ON "ticket" ("assignee_id")`);
    await q.query(`CREATE INDEX "ticket_received_idx" ON "ticket" ("received_at" DESC, "id" DESC)`);
    await q.query(`CREATE INDEX "ticket_updated_idx" ON "ticket" ("updated_at" DESC, "id" DESC)`);
    await q.query(
      `CREATE INDEX "ticket_due_idx" ON "ticket" ("next_due_at", "id") WHERE "next_due_at" IS NOT NULL`,
    );
    await q.query(`CREATE INDEX "ticket_search_idx" ON "ticket" USING gin ("search")`);

    await q.query(`CREATE TABLE "ticket_event" (
      "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
      "ticket_id" uuid NOT NULL,
      "type" text NOT NULL,
      "actor_id" uuid,
      "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "payload" jsonb NOT NULL DEFAULT '{}',
      "body" text,
      "search" tsvector GENERATED ALWAYS AS (to_tsvector('italian'::regconfig, coalesce("body", ''))) STORED,
      CONSTRAINT "ticket_event_pk" PRIMARY KEY ("id"),
      CONSTRAINT "ticket_event_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE NO ACTION ON UPDATE NO ACTION,
      CONSTRAINT "ticket_event_actor_fk" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION)`);
    await q.query(`CREATE INDEX "ticket_event_ticket_idx" ON "ticket_event" ("ticket_id", "id")`);
    await q.query(`CREATE INDEX "ticket_event_search_idx" ON "ticket_event" USING gin ("search")`);

    // The timeline is evidence for SLA disputes: nothing may rewrite or delete it.
    await q.query(`CREATE FUNCTION "ticket_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ticket_event is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER "ticket_event_append_only_trg" BEFORE UPDATE OR DELETE ON "ticket_event"
      FOR EACH ROW EXECUTE FUNCTION "ticket_event_append_only"()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "ticket_event_append_only_trg" ON "ticket_event"`);
    await q.query(`DROP FUNCTION "ticket_event_append_only"()`);
    await q.query(`DROP TABLE "ticket_event"`);
    await q.query(`DROP TABLE "ticket"`);
    await q.query(`DROP TABLE "ticket_number_counter"`);
    await q.query(`DROP TYPE "public"."ticket_difficulty"`);
    await q.query(`DROP TYPE "public"."ticket_status"`);
    await q.query(`DROP TYPE "public"."ticket_channel"`);
    await q.query(`DROP TABLE "app_user"`);
    await q.query(`DROP TYPE "public"."user_role"`);
    await q.query(`DROP TABLE "contact"`);
    await q.query(`DROP TABLE "category"`);
    await q.query(`DROP TABLE "ente"`);
  }
}
