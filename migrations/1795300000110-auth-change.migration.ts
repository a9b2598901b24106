import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change that can end or narrow a signed-in session, whoever makes it (the api, another
 * replica, the directory sync, an admin's SQL): a session revoked or deleted, a user's role,
 * activity, name or password changed or the user deleted, a referent's entes changed. The api
 * caches sessions for a few seconds (SESSION_CACHE_SECONDS) and polls this table every second to
 * drop what changed, so a sign-out or a deactivation reaches every replica within about a second.
 * Triggers write it, so no code path (nor a hand-written UPDATE) can forget to.
 */
export class AuthChange1795300000110 implements MigrationInterface {
  name = 'AuthChange1795300000110';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "auth_change" (
         "id" bigserial PRIMARY KEY,
         "user_id" uuid NOT NULL,
         "token_hash" text,
         "at" timestamptz NOT NULL DEFAULT clock_timestamp()
       )`,
    );
    await q.query(`CREATE INDEX "auth_change_at_idx" ON "auth_change" ("at")`);
    await q.query(
      `CREATE FUNCTION "auth_change_session"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO auth_change (user_id, token_hash) VALUES (OLD.user_id, OLD.token_hash);
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE FUNCTION "auth_change_user"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO auth_change (user_id) VALUES (OLD.id);
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE FUNCTION "auth_change_user_ente"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP <> 'INSERT' THEN INSERT INTO auth_change (user_id) VALUES (OLD.user_id); END IF;
         IF TG_OP <> 'DELETE' THEN INSERT INTO auth_change (user_id) VALUES (NEW.user_id); END IF;
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE TRIGGER "auth_change_session_revoked" AFTER UPDATE ON "user_session"
         FOR EACH ROW WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at
                            OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
                            OR OLD.user_id IS DISTINCT FROM NEW.user_id)
         EXECUTE FUNCTION auth_change_session()`,
    );
    await q.query(
      `CREATE TRIGGER "auth_change_session_deleted" AFTER DELETE ON "user_session"
         FOR EACH ROW EXECUTE FUNCTION auth_change_session()`,
    );
    await q.query(
      `CREATE TRIGGER "auth_change_user_changed" AFTER UPDATE ON "app_user"
         FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.active IS DISTINCT FROM NEW.active
                            OR OLD.name IS DISTINCT FROM NEW.name
                            OR OLD.password_hash IS DISTINCT FROM NEW.password_hash)
         EXECUTE FUNCTION auth_change_user()`,
    );
    await q.query(
      `CREATE TRIGGER "auth_change_user_deleted" AFTER DELETE ON "app_user"
         FOR EACH ROW EXECUTE FUNCTION auth_change_user()`,
    );
    await q.query(
      `CREATE TRIGGER "auth_change_user_ente" AFTER INSERT OR UPDATE OR DELETE ON "user_ente"
         FOR EACH ROW EXECUTE FUNCTION auth_change_user_ente()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "auth_change_user_ente" ON "user_ente"`);
    await q.query(`DROP TRIGGER "auth_change_user_deleted" ON "app_user"`);
    await q.query(`DROP TRIGGER "auth_change_user_changed" ON "app_user"`);
    await q.query(`DROP TRIGGER "auth_change_session_deleted" ON "user_session"`);
    await q.query(`DROP TRIGGER "auth_change_session_revoked" ON "user_session"`);
    await q.query(`DROP FUNCTION "auth_change_user_ente"()`);
    await q.query(`DROP FUNCTION "auth_change_user"()`);
    await q.query(`DROP FUNCTION "auth_change_session"()`);
    await q.query(`DROP TABLE "auth_change"`);
  }
}
