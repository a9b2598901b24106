import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in and accountability: lockout counters on users, the entes an ente_referent may see,
 * server-side sessions (only a hash of the cookie is stored), hashed API tokens for machines,
 * and the audit log admins read.
 */
export class Auth1795300000004 implements MigrationInterface {
  name = 'Auth1795300000004';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" ADD "failed_logins" integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "app_user" ADD "locked_until" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "app_user" ADD "password_changed_at" TIMESTAMP WITH TIME ZONE`);

    await q.query(`CREATE TABLE "user_ente" (
      "user_id" uuid NOT NULL,
      "ente_id" uuid NOT NULL,
      CONSTRAINT "user_ente_pk" PRIMARY KEY ("user_id", "ente_id"),
      CONSTRAINT "user_ente_user_fk" FOREIGN KEY ("user_id") REFERENCES "app_user"("id"),
      CONSTRAINT "user_ente_ente_fk" FOREIGN KEY ("ente_id") REFERENCES "ente"("id"))`);

    await q.query(`CREATE TABLE "user_session" (
      "token_hash" text NOT NULL,
      "user_id" uuid NOT NULL,
      "csrf_token" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      "ip" text,
      "user_agent" text,
      CONSTRAINT "user_session_pk" PRIMARY KEY ("token_hash"),
      CONSTRAINT "user_session_user_fk" FOREIGN KEY ("user_id") REFERENCES "app_user"("id"))`);
    await q.query(`CREATE INDEX "user_session_user_idx" ON "user_session" ("user_id")`);

    await q.query(`CREATE TABLE "api_token" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "name" text NOT NULL,
      "token_hash" text NOT NULL,
      "scopes" text[] NOT NULL,
      "created_by" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "last_used_at" TIMESTAMP WITH TIME ZONE,
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "api_token_pk" PRIMARY KEY ("id"),
      CONSTRAINT "api_token_hash_uq" UNIQUE ("token_hash"),
      CONSTRAINT "api_token_creator_fk" FOREIGN KEY ("created_by") REFERENCES "app_user"("id"))`);

    // Failed sign-ins by e-mail, to refuse a burst without even checking the password.
    await q.query(`CREATE TABLE "login_failure" (
      "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
      "email" text NOT NULL,
      "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "ip" text,
      CONSTRAINT "login_failure_pk" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "login_failure_email_idx" ON "login_failure" (lower("email"), "at")`);

    await q.query(`CREATE TABLE "audit_log" (
      "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
      "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "actor_id" uuid,
      "action" text NOT NULL,
      "target_type" text,
      "target_id" text,
      "ip" text,
      "details" jsonb NOT NULL DEFAULT '{}',
      CONSTRAINT "audit_log_pk" PRIMARY KEY ("id"),
      CONSTRAINT "audit_log_actor_fk" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id"))`);
    await q.query(`CREATE INDEX "audit_log_at_idx" ON "audit_log" ("at" DESC)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`DROP TABLE "login_failure"`);
    await q.query(`DROP TABLE "api_token"`);
    await q.query(`DROP TABLE "user_session"`);
    await q.query(`DROP TABLE "user_ente"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "password_changed_at"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "locked_until"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "failed_logins"`);
  }
}
