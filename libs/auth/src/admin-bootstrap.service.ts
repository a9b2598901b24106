import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';

import { hashPassword, passwordProblem } from './password.util';
import { UsersAdminRepository } from './users-admin.repository';

/** On a database with no admin, the first one comes from ADMIN_EMAIL and ADMIN_PASSWORD. */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UsersAdminRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.config;
    if ((await this.users.countActiveAdmins()) > 0) return;
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
    await this.users.upsertFirstAdmin(email, await hashPassword(password));
    this.logger.log(`Created the first admin ${email}`);
  }
}
