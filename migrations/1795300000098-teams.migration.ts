import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Teams, routing and the agents' daily tools (issue 19): teams and their members, each ticket's
 * team, agents' availability, ordered routing rules, tags, macros, merged tickets and links
 * between tickets.
 */
export class Teams1795300000098 implements MigrationInterface {
  name = 'Teams1795300000098';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "team" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "code" text NOT NULL,
      "name" text NOT NULL,
      "calendar_code" text,
      "active" boolean NOT NULL DEFAULT true,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "team_pk" PRIMARY KEY ("id"),
      CONSTRAINT "team_code_uq" UNIQUE ("code"),
      CONSTRAINT "team_calendar_fk" FOREIGN KEY ("calendar_code") REFERENCES "business_calendar"("code"))`);
    await q.query(`CREATE TABLE "team_member" (
      "team_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "lead" boolean NOT NULL DEFAULT false,
      "last_routed_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "team_member_pk" PRIMARY KEY ("team_id", "user_id"),
      CONSTRAINT "team_member_team_fk" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE,
      CONSTRAINT "team_member_user_fk" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "team_member_user_idx" ON "team_member" ("user_id")`);
    // Absent agents (holidays, sick leave) are skipped by round-robin routing.
    await q.query(`ALTER TABLE "app_user" ADD "available" boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE "ticket" ADD "team_id" uuid`);
    await q.query(
      `ALTER TABLE "ticket" ADD CONSTRAINT "ticket_team_fk" FOREIGN KEY ("team_id") REFERENCES "team"("id")`,
    );
    await q.query(`CREATE INDEX "ticket_team_idx" ON "ticket" ("team_id", "received_at" DESC)`);
    // A duplicate merged into another ticket points at it and is not counted twice.
    await q.query(`ALTER TABLE "ticket" ADD "merged_into_id" uuid`);
    await q.query(
      `ALTER TABLE "ticket" ADD CONSTRAINT "ticket_merged_into_fk" FOREIGN KEY ("merged_into_id") REFERENCES "ticket"("id")`,
    );
    await q.query(`CREATE TABLE "routing_rule" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "position" integer NOT NULL,
      "name" text NOT NULL,
      "enabled" boolean NOT NULL DEFAULT true,
      "conditions" jsonb NOT NULL,
      "actions" jsonb NOT NULL,
      "version" integer NOT NULL DEFAULT 1,
      "created_by" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "routing_rule_pk" PRIMARY KEY ("id"),
      CONSTRAINT "routing_rule_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "app_user"("id"))`);
    await q.query(`CREATE INDEX "routing_rule_position_idx" ON "routing_rule" ("position")`);
    await q.query(`CREATE TABLE "tag" (
      "name" text NOT NULL,
      "label" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "tag_pk" PRIMARY KEY ("name"),
      CONSTRAINT "tag_name_chk" CHECK ("name" = lower("name") AND length("name") BETWEEN 1 AND 50))`);
    await q.query(`CREATE TABLE "ticket_tag" (
      "ticket_id" uuid NOT NULL,
      "tag" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "ticket_tag_pk" PRIMARY KEY ("ticket_id", "tag"),
      CONSTRAINT "ticket_tag_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id"),
      CONSTRAINT "ticket_tag_name_chk" CHECK ("tag" = lower("tag") AND length("tag") BETWEEN 1 AND 50))`);
    await q.query(`CREATE INDEX "ticket_tag_tag_idx" ON "ticket_tag" ("tag")`);
    await q.query(`CREATE TABLE "macro" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "name" text NOT NULL,
      "team_id" uuid,
      "actions" jsonb NOT NULL,
      "version" integer NOT NULL DEFAULT 1,
      "created_by" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "macro_pk" PRIMARY KEY ("id"),
      CONSTRAINT "macro_team_fk" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE,
      CONSTRAINT "macro_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "app_user"("id"))`);
    await q.query(`CREATE TABLE "ticket_link" (
      "ticket_id" uuid NOT NULL,
      "other_id" uuid NOT NULL,
      "kind" text NOT NULL,
      "created_by" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "ticket_link_pk" PRIMARY KEY ("ticket_id", "other_id"),
      CONSTRAINT "ticket_link_kind_chk" CHECK ("kind" IN ('related', 'parent')),
      CONSTRAINT "ticket_link_self_chk" CHECK ("ticket_id" <> "other_id"),
      CONSTRAINT "ticket_link_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id"),
      CONSTRAINT "ticket_link_other_fk" FOREIGN KEY ("other_id") REFERENCES "ticket"("id"),
      CONSTRAINT "ticket_link_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "app_user"("id"))`);
    await q.query(`CREATE INDEX "ticket_link_other_idx" ON "ticket_link" ("other_id")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ticket_link_other_idx"`);
    await q.query(`DROP TABLE "ticket_link"`);
    await q.query(`DROP TABLE "macro"`);
    await q.query(`DROP INDEX "ticket_tag_tag_idx"`);
    await q.query(`DROP TABLE "ticket_tag"`);
    await q.query(`DROP TABLE "tag"`);
    await q.query(`DROP INDEX "routing_rule_position_idx"`);
    await q.query(`DROP TABLE "routing_rule"`);
    await q.query(`ALTER TABLE "ticket" DROP CONSTRAINT "ticket_merged_into_fk"`);
    await q.query(`ALTER TABLE "ticket" DROP COLUMN "merged_into_id"`);
    await q.query(`DROP INDEX "ticket_team_idx"`);
    await q.query(`ALTER TABLE "ticket" DROP CONSTRAINT "ticket_team_fk"`);
    await q.query(`ALTER TABLE "ticket" DROP COLUMN "team_id"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "available"`);
    await q.query(`DROP INDEX "team_member_user_idx"`);
    await q.query(`DROP TABLE "team_member"`);
    await q.query(`DROP TABLE "team"`);
  }
}
