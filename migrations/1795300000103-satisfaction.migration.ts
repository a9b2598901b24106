import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Satisfaction after resolution (issue 20.3): one survey per resolution of a ticket (a reopened
 * and resolved again ticket asks again), mailed to the requester, answered once (1-5 and an
 * optional comment). Channel, ente, team and agent are kept as they were at the resolution, so the
 * reports do not move when a ticket is later moved or reassigned.
 */
export class Satisfaction1795300000103 implements MigrationInterface {
  name = 'Satisfaction1795300000103';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "satisfaction_survey" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "ticket_id" uuid NOT NULL,
      "resolved_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "token_hash" text NOT NULL,
      "channel" text NOT NULL,
      "ente_id" uuid,
      "team_id" uuid,
      "agent_id" uuid,
      "language" text NOT NULL CONSTRAINT "satisfaction_survey_language_chk" CHECK ("language" IN ('it', 'en')),
      "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "answered_at" TIMESTAMP WITH TIME ZONE,
      "score" smallint CONSTRAINT "satisfaction_survey_score_chk" CHECK ("score" BETWEEN 1 AND 5),
      "comment" text,
      CONSTRAINT "satisfaction_survey_pk" PRIMARY KEY ("id"),
      CONSTRAINT "satisfaction_survey_resolution_uq" UNIQUE ("ticket_id", "resolved_at"),
      CONSTRAINT "satisfaction_survey_token_uq" UNIQUE ("token_hash"),
      CONSTRAINT "satisfaction_survey_answer_chk" CHECK (("answered_at" IS NULL) = ("score" IS NULL)),
      CONSTRAINT "satisfaction_survey_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id"),
      CONSTRAINT "satisfaction_survey_ente_fk" FOREIGN KEY ("ente_id") REFERENCES "ente"("id"),
      CONSTRAINT "satisfaction_survey_team_fk" FOREIGN KEY ("team_id") REFERENCES "team"("id"),
      CONSTRAINT "satisfaction_survey_agent_fk" FOREIGN KEY ("agent_id") REFERENCES "app_user"("id"))`);
    await q.query(
      `CREATE INDEX "satisfaction_survey_answered_idx" ON "satisfaction_survey" ("answered_at") WHERE "answered_at" IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "satisfaction_survey"`);
  }
}
