import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * OpenID Connect sign-in (issue 21): an account is linked to its identity provider subject
 * ("<issuer> <sub>"); oidc_login holds each sign-in in flight (state, nonce, PKCE verifier) for a
 * few minutes, used once, so any api process can finish a sign-in another one started.
 */
export class OidcSignIn1795300000091 implements MigrationInterface {
  name = 'OidcSignIn1795300000091';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" ADD "oidc_subject" text`);
    await q.query(
      `CREATE UNIQUE INDEX "app_user_oidc_subject_uq" ON "app_user" ("oidc_subject") WHERE "oidc_subject" IS NOT NULL`,
    );
    await q.query(`CREATE TABLE "oidc_login" (
      "state" text NOT NULL,
      "nonce" text NOT NULL,
      "code_verifier" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "oidc_login_pk" PRIMARY KEY ("state"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "oidc_login"`);
    await q.query(`DROP INDEX "app_user_oidc_subject_uq"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "oidc_subject"`);
  }
}
