import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashPassword, passwordProblem } from './password.util';

/** On a database with no admin, the first one comes from ADMIN_EMAIL and ADMIN_PASSWORD. */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.config;
    const [{ n }] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND active`,
    );
    if (n > 0) return;
    if (!email || !password) {
      if (this.config.NODE_ENV === 'production') {
        this.logger.warn(
          'No admin exists: set ADMIN_EMAIL and ADMIN_PASSWORD and restart to create the first one',
        );
      }
      return;
    }
    const problem = passwordProblem(password);
    if (problem) throw new Error(`ADMIN_PASSWORD: ${problem}`);
    await this.dataSource.query<unknown>(
      `INSERT INTO app_user (email, name, role, password_hash, active, password_changed_at)
       VALUES ($1, 'Amministratore', 'admin', $2, true, now())
       ON CONFLICT (lower(email)) DO UPDATE SET role = 'admin', active = true, password_hash = EXCLUDED.password_hash`,
      [email, await hashPassword(password)],
    );
    this.logger.log(`Created the first admin ${email}`);
  }
}
