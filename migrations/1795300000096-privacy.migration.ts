import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal data under the GDPR (issue 18): the retention policy, versioned like SLA policies;
 * legal holds on tickets and contacts; the instants at which a ticket's raw mails were purged and
 * its free text anonymised, a contact anonymised, an outbound mail's copy redacted; and the
 * record of every retention run.
 */
export class Privacy1795300000096 implements MigrationInterface {
  name = 'Privacy1795300000096';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "privacy_policy" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "version" integer NOT NULL,
      "definition" jsonb NOT NULL,
      "active" boolean NOT NULL DEFAULT false,
      "created_by" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "privacy_policy_pk" PRIMARY KEY ("id"),
      CONSTRAINT "privacy_policy_version_uq" UNIQUE ("version"),
      CONSTRAINT "privacy_policy_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "app_user"("id"))`);
    await q.query(
      `CREATE UNIQUE INDEX "privacy_policy_one_active_uq" ON "privacy_policy" ("active") WHERE "active"`,
    );
    await q.query(`CREATE TABLE "retention_run" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "as_of" TIMESTAMP WITH TIME ZONE NOT NULL,
      "dry_run" boolean NOT NULL,
      "policy_version" integer NOT NULL,
      "trigger" text NOT NULL,
      "schedule_date" date,
      "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "finished_at" TIMESTAMP WITH TIME ZONE,
      "summary" jsonb NOT NULL DEFAULT '{}',
      "error" text,
      CONSTRAINT "retention_run_pk" PRIMARY KEY ("id"),
      CONSTRAINT "retention_run_trigger_chk" CHECK ("trigger" IN ('schedule', 'cli', 'api')))`);
    // One nightly run per local date, whichever worker gets there first.
    await q.query(`CREATE UNIQUE INDEX "retention_run_schedule_uq" ON "retention_run" ("schedule_date")`);
    await q.query(`ALTER TABLE "ticket" ADD "legal_hold" text`);
    await q.query(`ALTER TABLE "ticket" ADD "raw_purged_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "ticket" ADD "anonymised_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "contact" ADD "legal_hold" text`);
    await q.query(`ALTER TABLE "contact" ADD "anonymised_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "inbound_mail" ADD "raw_purged_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "outbound_mail" ADD "redacted_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "phone_call" ADD "anonymised_at" TIMESTAMP WITH TIME ZONE`);
    // The timeline stays append-only, with one exception the law requires: once its ticket is
    // anonymised, an event may lose its body and the personal part of its payload, once, keeping
    // its type, instants and actor (the evidence an SLA dispute needs).
    await q.query(`CREATE OR REPLACE FUNCTION "ticket_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.ticket_id = OLD.ticket_id AND NEW.type = OLD.type
           AND NEW.occurred_at = OLD.occurred_at AND NEW.recorded_at = OLD.recorded_at
           AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
           AND NEW.body IS NULL AND NEW.payload->>'anonymised' = 'true' AND NOT OLD.payload ? 'anonymised'
           AND EXISTS (SELECT 1 FROM ticket t WHERE t.id = NEW.ticket_id AND t.anonymised_at IS NOT NULL) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'ticket_event is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    // Retention and erasure find a ticket's mails and calls, and a contact's calls.
    await q.query(`CREATE INDEX "inbound_mail_ticket_idx" ON "inbound_mail" ("ticket_id")`);
    await q.query(`CREATE INDEX "phone_call_ticket_idx" ON "phone_call" ("ticket_id")`);
    await q.query(`CREATE INDEX "phone_call_contact_idx" ON "phone_call" ("contact_id")`);
    // The retention run looks for what is past its time and not yet done.
    await q.query(
      `CREATE INDEX "ticket_retention_idx" ON "ticket" (COALESCE("resolved_at", "updated_at")) WHERE "anonymised_at" IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ticket_retention_idx"`);
    await q.query(`DROP INDEX "phone_call_contact_idx"`);
    await q.query(`DROP INDEX "phone_call_ticket_idx"`);
    await q.query(`DROP INDEX "inbound_mail_ticket_idx"`);
    await q.query(`CREATE OR REPLACE FUNCTION "ticket_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ticket_event is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`ALTER TABLE "phone_call" DROP COLUMN "anonymised_at"`);
    await q.query(`ALTER TABLE "outbound_mail" DROP COLUMN "redacted_at"`);
    await q.query(`ALTER TABLE "inbound_mail" DROP COLUMN "raw_purged_at"`);
    await q.query(`ALTER TABLE "contact" DROP COLUMN "anonymised_at"`);
    await q.query(`ALTER TABLE "contact" DROP COLUMN "legal_hold"`);
    await q.query(`ALTER TABLE "ticket" DROP COLUMN "anonymised_at"`);
    await q.query(`ALTER TABLE "ticket" DROP COLUMN "raw_purged_at"`);
    await q.query(`ALTER TABLE "ticket" DROP COLUMN "legal_hold"`);
    await q.query(`DROP INDEX "retention_run_schedule_uq"`);
    await q.query(`DROP TABLE "retention_run"`);
    await q.query(`DROP INDEX "privacy_policy_one_active_uq"`);
    await q.query(`DROP TABLE "privacy_policy"`);
  }
}
