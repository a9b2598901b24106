import { MigrationInterface, QueryRunner } from 'typeorm';

/** Workers say they are alive here; the health check reports the freshest. */
export class WorkerHeartbeat1795300000001 implements MigrationInterface {
  name = 'WorkerHeartbeat1795300000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "worker_heartbeat" (
      "worker_id" text NOT NULL,
      "hostname" text NOT NULL,
      "pid" integer NOT NULL,
      "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "seen_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "worker_heartbeat_pk" PRIMARY KEY ("worker_id"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "worker_heartbeat"`);
  }
}
