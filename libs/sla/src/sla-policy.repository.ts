import { CalendarSpec } from '@app/business-hours';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { BusinessCalendarEntity, SlaPolicyEntity } from './sla-policy.entity';
import { PolicyDefinition } from './sla-policy.types';

/** Advisory lock keys: one seeder and one publisher at a time across every process. */
const SEED_LOCK = 724311019;
const PUBLISH_LOCK = 724311020;

/**
 * The only reader and writer of `business_calendar` and `sla_policy`. Methods that take an
 * `EntityManager` are one step of the caller's transaction (seeding, publishing).
 */
@Injectable()
export class SlaPolicyRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Held until the transaction ends: the config seed runs once even when processes start together. */
  async lockSeeding(em: EntityManager): Promise<void> {
    await em.query<unknown[]>('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
  }

  /** Held until the transaction ends: two admins cannot both write version N+1. */
  async lockPublishing(em: EntityManager): Promise<void> {
    await em.query<unknown[]>('SELECT pg_advisory_xact_lock($1)', [PUBLISH_LOCK]);
  }

  listCalendars(): Promise<BusinessCalendarEntity[]> {
    return this.dataSource.getRepository(BusinessCalendarEntity).find({ order: { code: 'ASC' } });
  }

  findCalendar(
    code: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<BusinessCalendarEntity | null> {
    return em.getRepository(BusinessCalendarEntity).findOne({ where: { code } });
  }

  async calendarCodes(em: EntityManager): Promise<string[]> {
    const rows = await em.query<{ code: string }[]>(`SELECT code FROM business_calendar`);
    return rows.map((r) => r.code);
  }

  /** An admin's edit: the calendar is replaced in place (clocks pick it up at their next recomputation). */
  async upsertCalendar(code: string, name: string, spec: CalendarSpec): Promise<void> {
    await this.dataSource.query<unknown[]>(
      `INSERT INTO business_calendar (code, name, spec, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, spec = EXCLUDED.spec, updated_at = now()`,
      [code, name, spec],
    );
  }

  /** The seed never overwrites a calendar an admin has edited. */
  async insertCalendarIfMissing(
    em: EntityManager,
    code: string,
    name: string,
    spec: CalendarSpec,
  ): Promise<void> {
    await em.query<unknown[]>(
      `INSERT INTO business_calendar (code, name, spec) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING`,
      [code, name, spec],
    );
  }

  async countPolicies(em: EntityManager): Promise<number> {
    const [row] = await em.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM sla_policy`);
    return row.count;
  }

  listPolicies(): Promise<SlaPolicyEntity[]> {
    return this.dataSource.getRepository(SlaPolicyEntity).find({ order: { code: 'ASC', version: 'DESC' } });
  }

  findPolicy(id: string, em: EntityManager = this.dataSource.manager): Promise<SlaPolicyEntity | null> {
    return em.getRepository(SlaPolicyEntity).findOne({ where: { id } });
  }

  /** Throws TypeORM's EntityNotFoundError when there is none (a clock always names its policy). */
  getPolicy(id: string, em: EntityManager = this.dataSource.manager): Promise<SlaPolicyEntity> {
    return em.getRepository(SlaPolicyEntity).findOneOrFail({ where: { id } });
  }

  findActivePolicy(em: EntityManager = this.dataSource.manager): Promise<SlaPolicyEntity | null> {
    return em.getRepository(SlaPolicyEntity).findOne({ where: { active: true } });
  }

  async nextPolicyVersion(em: EntityManager, code: string): Promise<number> {
    const [row] = await em.query<{ version: number }[]>(
      `SELECT coalesce(max(version), 0)::int + 1 AS version FROM sla_policy WHERE code = $1`,
      [code],
    );
    return row.version;
  }

  /** Stores a version as the only active one (the caller holds the publishing lock). */
  async insertActivePolicy(
    em: EntityManager,
    definition: PolicyDefinition,
    version: number,
  ): Promise<SlaPolicyEntity> {
    await em.query<unknown[]>(`UPDATE sla_policy SET active = false WHERE active`);
    const repo = em.getRepository(SlaPolicyEntity);
    return repo.save(
      repo.create({ code: definition.code, version, name: definition.name, definition, active: true }),
    );
  }
}
