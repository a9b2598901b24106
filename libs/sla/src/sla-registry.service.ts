import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

import { BusinessCalendar, CalendarSpec, compileCalendar } from '@app/business-hours';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { SlaPolicyEntity } from './sla-policy.entity';
import { SlaPolicyRepository } from './sla-policy.repository';
import { PolicyDefinition, validatePolicy } from './sla-policy.types';

const CALENDAR_NAMES: Record<string, string> = {
  cst: 'CST Firenze (lun-ven 08-18, festività italiane, San Giovanni)',
  '24x7': 'Sempre aperto / always open',
};

/** A seeded policy row is re-read at most this often, so admins' edits reach every process. */
const CACHE_MS = 30_000;
const ACTIVE_POLICY_CACHE_MS = 5_000;

/**
 * Calendars and SLA policies: seeded from CONFIG_DIR into an empty database, then read from
 * the database (where admins edit them), compiled once and cached briefly.
 */
@Injectable()
export class SlaRegistry {
  private readonly logger = new Logger('SlaRegistry');
  private calendars = new Map<string, { compiled: BusinessCalendar; loadedAt: number; updatedAt: number }>();
  private policies = new Map<string, { id: string; version: number; definition: PolicyDefinition }>();
  private active: {
    policy: { id: string; version: number; definition: PolicyDefinition } | null;
    loadedAt: number;
  } | null = null;

  constructor(
    private readonly store: SlaPolicyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Inserts the calendars and the default policy from the config folder when the database has none. */
  async seedFromConfig(): Promise<void> {
    const dir = resolve(this.config.CONFIG_DIR);
    await this.store.transaction(async (em) => {
      await this.store.lockSeeding(em);
      const calendarDir = join(dir, 'calendars');
      if (existsSync(calendarDir)) {
        for (const file of readdirSync(calendarDir).filter((f) => f.endsWith('.json'))) {
          const code = basename(file, '.json');
          const spec = JSON.parse(readFileSync(join(calendarDir, file), 'utf8')) as CalendarSpec;
          compileCalendar(spec);
          await this.store.insertCalendarIfMissing(em, code, CALENDAR_NAMES[code] ?? code, spec);
        }
      }
      const count = await this.store.countPolicies(em);
      const policyFile = join(dir, 'sla', 'default-policy.json');
      if (count === 0 && existsSync(policyFile)) {
        const known = await this.store.calendarCodes(em);
        const definition = validatePolicy(JSON.parse(readFileSync(policyFile, 'utf8')), known);
        await this.store.insertActivePolicy(em, definition, 1);
        this.logger.log(`Seeded SLA policy ${definition.code} v1 from ${policyFile}`);
      }
    });
  }

  async calendar(code: string, em?: EntityManager): Promise<BusinessCalendar> {
    const cached = this.calendars.get(code);
    if (cached && Date.now() - cached.loadedAt < CACHE_MS) return cached.compiled;
    const row = await this.store.findCalendar(code, em);
    if (!row) throw new Error(`Unknown business calendar "${code}"`);
    const updatedAt = row.updatedAt.getTime();
    const compiled =
      cached && cached.updatedAt === updatedAt
        ? cached.compiled
        : compileCalendar(row.spec as unknown as CalendarSpec);
    this.calendars.set(code, { compiled, loadedAt: Date.now(), updatedAt });
    return compiled;
  }

  /**
   * The zone local days and months are counted in: the active policy's default calendar's (the
   * service centre's). Reports and logs by day ask here instead of writing a zone of their own.
   */
  async localZone(): Promise<string> {
    return (await this.defaultCalendar()).timeZone;
  }

  /** The active policy's default calendar: the service centre's office hours, holidays and zone. */
  async defaultCalendar(): Promise<BusinessCalendar> {
    const policy = await this.activePolicy();
    if (!policy) throw new Error('No active SLA policy: seed config/sla first');
    return this.calendar(policy.definition.defaultCalendar);
  }

  /** Preloads every calendar a policy may use, so the pure planner can look them up synchronously. */
  async calendarsFor(
    definition: PolicyDefinition,
    enteCalendar: string | null,
    em?: EntityManager,
  ): Promise<Map<string, BusinessCalendar>> {
    const codes = new Set([definition.defaultCalendar, ...definition.clocks.map((c) => c.calendar)]);
    codes.delete('ente');
    if (enteCalendar) codes.add(enteCalendar);
    const result = new Map<string, BusinessCalendar>();
    for (const code of codes) result.set(code, await this.calendar(code, em));
    return result;
  }

  /**
   * The policy new tickets start under. Cached for a few seconds (ingestion asks once per mail);
   * a newly published version reaches every process within that time.
   */
  async activePolicy(em?: EntityManager) {
    if (this.active && Date.now() - this.active.loadedAt < ACTIVE_POLICY_CACHE_MS) return this.active.policy;
    const row = await this.store.findActivePolicy(em);
    const policy = row ? this.remember(row) : null;
    this.active = { policy, loadedAt: Date.now() };
    return policy;
  }

  /** Forgets the cached active policy (after this process published a new version). */
  forgetActivePolicy(): void {
    this.active = null;
  }

  /** Policy versions never change once written, so they are cached for good. */
  async policy(id: string, em?: EntityManager) {
    const cached = this.policies.get(id);
    if (cached) return cached;
    const row = await this.store.getPolicy(id, em);
    return this.remember(row);
  }

  private remember(row: SlaPolicyEntity) {
    const entry = { id: row.id, version: row.version, definition: row.definition };
    this.policies.set(row.id, entry);
    return entry;
  }
}
