import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in attempts counted per e-mail address AND client address, one row each, counted and
 * checked by a single upsert before any password is verified. It replaces the per-account lock
 * (failed_logins, locked_until), which let anyone lock the owner out, and the login_failure log
 * (every failure is in the audit log already).
 */
export class LoginThrottle1795300000020 implements MigrationInterface {
  name = 'LoginThrottle1795300000020';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "login_throttle" (
      "email" text NOT NULL,
      "ip" text NOT NULL,
      "window_start" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "attempts" integer NOT NULL DEFAULT 0,
      CONSTRAINT "login_throttle_pk" PRIMARY KEY ("email", "ip"),
      CONSTRAINT "login_throttle_lower_chk" CHECK ("email" = lower("email")))`);
    await q.query(`DROP TABLE "login_failure"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "locked_until"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "failed_logins"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" ADD "failed_logins" integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "app_user" ADD "locked_until" TIMESTAMP WITH TIME ZONE`);
    await q.query(`CREATE TABLE "login_failure" (
      "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
      "email" text NOT NULL,
      "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "ip" text,
      CONSTRAINT "login_failure_pk" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "login_failure_email_idx" ON "login_failure" (lower("email"), "at")`);
    await q.query(`DROP TABLE "login_throttle"`);
  }
}
