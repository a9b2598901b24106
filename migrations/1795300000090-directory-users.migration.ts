import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff who sign in through the organisation's directory (issue 21): their account is linked to
 * their directory entry by its DN, so a later sign-in finds them again whatever their e-mail; they
 * have no local password (password_hash NULL).
 */
export class DirectoryUsers1795300000090 implements MigrationInterface {
  name = 'DirectoryUsers1795300000090';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" ADD "directory_dn" text`);
    await q.query(
      `CREATE UNIQUE INDEX "app_user_directory_dn_uq" ON "app_user" ("directory_dn") WHERE "directory_dn" IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "app_user_directory_dn_uq"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "directory_dn"`);
  }
}
