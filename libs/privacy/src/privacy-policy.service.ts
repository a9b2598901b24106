import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { AuditService } from '@app/auth';
import { ValidationError } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { PrivacyPolicyRepository, PrivacyPolicyRow } from './privacy-policy.repository';
import { DATA_CLASSES, DataClass, PrivacyPolicyError, validatePrivacyPolicy } from './privacy-policy.types';

const CACHE_MS = 5_000;

/**
 * The retention policy and privacy texts: seeded from CONFIG_DIR/privacy.json into an empty
 * database, then edited by admins. Like SLA policies, an edit is a new version; the old ones stay,
 * so what a past retention run applied can always be read back.
 */
@Injectable()
export class PrivacyPolicyService {
  private readonly logger = new Logger('PrivacyPolicy');
  private cached: { row: PrivacyPolicyRow; at: number } | null = null;

  constructor(
    private readonly store: PrivacyPolicyRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Reads and validates the configuration file (a bad file stops the boot, naming the field). */
  configuredDefault() {
    const file = join(resolve(this.config.CONFIG_DIR), 'privacy.json');
    if (!existsSync(file)) throw new Error(`${file}: missing (the retention policy and privacy texts)`);
    try {
      return validatePrivacyPolicy(JSON.parse(readFileSync(file, 'utf8')));
    } catch (error) {
      if (error instanceof PrivacyPolicyError) throw new Error(`${file}: ${error.message}`);
      throw error;
    }
  }

  async seedFromConfig(): Promise<void> {
    await this.store.transaction(async (em) => {
      await this.store.lockPublishing(em);
      if (await this.store.active(em)) return;
      await this.store.insertActive(em, this.configuredDefault(), null);
      this.logger.log('privacy policy seeded from the configuration');
    });
    this.cached = null;
  }

  /** The policy in force (seeding it on first use, so every process agrees without a boot order). */
  async active(): Promise<PrivacyPolicyRow> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.row;
    let row = await this.store.active();
    if (!row) {
      await this.seedFromConfig();
      row = await this.store.active();
    }
    this.cached = { row: row!, at: Date.now() };
    return row!;
  }

  versions(): Promise<PrivacyPolicyRow[]> {
    return this.store.list();
  }

  async publish(definition: unknown, actorId: string, reason: string): Promise<PrivacyPolicyRow> {
    const published = await this.store.transaction(async (em) => {
      await this.store.lockPublishing(em);
      const current = await this.store.active(em);
      const floor = current
        ? (Object.fromEntries(
            DATA_CLASSES.map((c) => [c, current.definition.retention[c].minimumDays]),
          ) as Record<DataClass, number>)
        : undefined;
      let valid;
      try {
        valid = validatePrivacyPolicy(definition, floor);
      } catch (error) {
        if (error instanceof PrivacyPolicyError) {
          throw new ValidationError(error.problems.map((p) => ({ ...p, field: `definition.${p.field}` })));
        }
        throw error;
      }
      const row = await this.store.insertActive(em, valid, actorId);
      await this.audit.record(
        {
          actorId,
          action: 'privacy.policy_published',
          targetType: 'privacy_policy',
          targetId: row.id,
          details: { version: row.version, reason },
        },
        em,
      );
      return row;
    });
    this.cached = null;
    return published;
  }
}
