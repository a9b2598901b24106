import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key of creating requests (libs/common/src/idempotency), per user for 24 hours:
 * `owner` is the attempt holding the key, `committed_at` is set in the transaction of the write
 * itself, `status`/`body` the first answer replayed to a retry; `resource` what the write created,
 * to answer a retry whose first answer was lost after the commit.
 */
export class IdempotencyKeys1795300000070 implements MigrationInterface {
  name = 'IdempotencyKeys1795300000070';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "idempotency_key" (
      "user_id" uuid NOT NULL,
      "key" text NOT NULL,
      "request_hash" text NOT NULL,
      "owner" uuid NOT NULL,
      "lease_until" TIMESTAMP WITH TIME ZONE NOT NULL,
      "committed_at" TIMESTAMP WITH TIME ZONE,
      "resource" jsonb,
      "status" integer,
      "body" jsonb,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "idempotency_key_pk" PRIMARY KEY ("user_id", "key"))`);
    await q.query(`CREATE INDEX "idempotency_key_created_idx" ON "idempotency_key" ("created_at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "idempotency_key"`);
  }
}
