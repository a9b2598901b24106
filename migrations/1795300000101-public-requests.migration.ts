import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The citizens' public request form (issue 20): a request waits here, with its files, until its
 * sender confirms the e-mail address by the link mailed to it; then it becomes a `web` ticket and
 * the row keeps only the ticket it became (the text and files move to the ticket). Unconfirmed
 * ones are deleted when they expire. The abuse counters hold hashed keys only, per window.
 */
export class PublicRequests1795300000101 implements MigrationInterface {
  name = 'PublicRequests1795300000101';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "public_request" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "token_hash" text NOT NULL,
      "email" text NOT NULL,
      "name" text NOT NULL,
      "phone" text,
      "ente_id" uuid,
      "category_id" uuid,
      "subject" text NOT NULL,
      "description" text NOT NULL,
      "language" text NOT NULL CONSTRAINT "public_request_language_chk" CHECK ("language" IN ('it', 'en')),
      "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "confirmed_at" TIMESTAMP WITH TIME ZONE,
      "ticket_id" uuid,
      CONSTRAINT "public_request_pk" PRIMARY KEY ("id"),
      CONSTRAINT "public_request_token_uq" UNIQUE ("token_hash"),
      CONSTRAINT "public_request_ente_fk" FOREIGN KEY ("ente_id") REFERENCES "ente"("id"),
      CONSTRAINT "public_request_category_fk" FOREIGN KEY ("category_id") REFERENCES "category"("id"),
      CONSTRAINT "public_request_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id"))`);
    await q.query(
      `CREATE INDEX "public_request_expires_idx" ON "public_request" ("expires_at") WHERE "ticket_id" IS NULL`,
    );
    await q.query(
      `CREATE INDEX "public_request_email_idx" ON "public_request" (lower("email"), "submitted_at")`,
    );
    await q.query(`CREATE TABLE "public_request_file" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "request_id" uuid NOT NULL,
      "position" integer NOT NULL,
      "filename" text NOT NULL,
      "content_type" text NOT NULL,
      "size" integer NOT NULL,
      "sha256" text NOT NULL,
      "content" bytea NOT NULL,
      CONSTRAINT "public_request_file_pk" PRIMARY KEY ("id"),
      CONSTRAINT "public_request_file_request_fk" FOREIGN KEY ("request_id") REFERENCES "public_request"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "public_request_file_request_idx" ON "public_request_file" ("request_id")`);
    await q.query(`CREATE TABLE "public_request_counter" (
      "scope" text NOT NULL,
      "key_hash" text NOT NULL,
      "window_start" TIMESTAMP WITH TIME ZONE NOT NULL,
      "count" integer NOT NULL,
      CONSTRAINT "public_request_counter_pk" PRIMARY KEY ("scope", "key_hash", "window_start"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "public_request_counter"`);
    await q.query(`DROP TABLE "public_request_file"`);
    await q.query(`DROP TABLE "public_request"`);
  }
}
