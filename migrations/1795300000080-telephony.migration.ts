import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The phone line (libs/telephony, its only writer): every CTI event as the PBX posted it, one per
 * call and event name (`phone_call_event`, what makes a retried post a duplicate), the call they
 * add up to (`phone_call`, refolded from its events on each one, so arrival order does not matter),
 * and which agent answers at which extension (`phone_extension`).
 */
export class Telephony1795300000080 implements MigrationInterface {
  name = 'Telephony1795300000080';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "phone_call_event" (
      "call_id" text NOT NULL,
      "event" text NOT NULL,
      "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "from_number" text,
      "to_number" text,
      "direction" text,
      "user_ext" text,
      "cause" text,
      CONSTRAINT "phone_call_event_pk" PRIMARY KEY ("call_id", "event"),
      CONSTRAINT "phone_call_event_event_ck" CHECK ("event" IN ('newCall', 'answer', 'hangup')),
      CONSTRAINT "phone_call_event_direction_ck" CHECK ("direction" IN ('in', 'out')))`);
    await q.query(`CREATE TABLE "phone_call" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "call_id" text NOT NULL,
      "direction" text NOT NULL,
      "from_number" text,
      "to_number" text,
      "caller_e164" text,
      "caller_extension" text,
      "contact_id" uuid,
      "status" text NOT NULL,
      "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "answered_at" TIMESTAMP WITH TIME ZONE,
      "ended_at" TIMESTAMP WITH TIME ZONE,
      "extension" text,
      "answered_by" text,
      "cause" text,
      "ticket_id" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "phone_call_pk" PRIMARY KEY ("id"),
      CONSTRAINT "phone_call_call_id_uq" UNIQUE ("call_id"),
      CONSTRAINT "phone_call_direction_ck" CHECK ("direction" IN ('in', 'out')),
      CONSTRAINT "phone_call_status_ck" CHECK ("status" IN ('ringing', 'talking', 'answered', 'missed')),
      CONSTRAINT "phone_call_contact_fk" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE SET NULL,
      CONSTRAINT "phone_call_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE SET NULL)`);
    await q.query(`CREATE INDEX "phone_call_started_idx" ON "phone_call" ("started_at")`);
    await q.query(`CREATE INDEX "phone_call_updated_idx" ON "phone_call" ("updated_at")`);
    await q.query(`CREATE INDEX "phone_call_caller_idx" ON "phone_call" ("caller_e164")`);
    await q.query(`CREATE TABLE "phone_extension" (
      "extension" text NOT NULL,
      "user_id" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "phone_extension_pk" PRIMARY KEY ("extension"),
      CONSTRAINT "phone_extension_user_fk" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "phone_extension"`);
    await q.query(`DROP INDEX "phone_call_caller_idx"`);
    await q.query(`DROP INDEX "phone_call_updated_idx"`);
    await q.query(`DROP INDEX "phone_call_started_idx"`);
    await q.query(`DROP TABLE "phone_call"`);
    await q.query(`DROP TABLE "phone_call_event"`);
  }
}
