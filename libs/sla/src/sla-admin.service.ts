import { CalendarSpec, CalendarSpecError, compileCalendar } from '@app/business-hours';
import { NotFoundError, ValidationError } from '@app/common';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BusinessCalendarEntity, SlaPolicyEntity } from './sla-policy.entity';
import { SlaPolicyError, validatePolicy } from './sla-policy.types';
import { SlaRegistry } from './sla-registry.service';

/**
 * Admins' edits of calendars and SLA policies. A calendar is edited in place (clocks pick it up
 * at their next recomputation); a policy never is: each edit is a new version that becomes the
 * active one for new tickets, while every ticket keeps the version it started under.
 */
@Injectable()
export class SlaAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: SlaRegistry,
  ) {}

  listCalendars() {
    return this.dataSource.getRepository(BusinessCalendarEntity).find({ order: { code: 'ASC' } });
  }

  async getCalendar(code: string) {
    const row = await this.dataSource.getRepository(BusinessCalendarEntity).findOne({ where: { code } });
    if (!row) throw new NotFoundError('Calendario / Calendar', code);
    return row;
  }

  async saveCalendar(code: string, name: string, spec: CalendarSpec) {
    try {
      compileCalendar(spec);
    } catch (error) {
      if (error instanceof CalendarSpecError) {
        throw new ValidationError(
          error.problems.map((p) => ({ field: `spec.${p.field}`, reason: p.reason })),
        );
      }
      throw error;
    }
    await this.dataSource.query(
      `INSERT INTO business_calendar (code, name, spec, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, spec = EXCLUDED.spec, updated_at = now()`,
      [code, name, spec],
    );
    return this.getCalendar(code);
  }

  listPolicies() {
    return this.dataSource.getRepository(SlaPolicyEntity).find({ order: { code: 'ASC', version: 'DESC' } });
  }

  async getPolicy(id: string) {
    const row = await this.dataSource.getRepository(SlaPolicyEntity).findOne({ where: { id } });
    if (!row) throw new NotFoundError('Policy SLA / SLA policy', id);
    return row;
  }

  /** Validates the definition, stores it as the next version of its code and makes it the active policy. */
  async publishPolicy(definition: unknown): Promise<SlaPolicyEntity> {
    const published = await this.dataSource.transaction(async (em) => {
      // One publisher at a time, so two admins cannot both write version N+1.
      await em.query('SELECT pg_advisory_xact_lock(724311020)');
      const known = (await em.query(`SELECT code FROM business_calendar`)).map(
        (r: { code: string }) => r.code,
      );
      let policy;
      try {
        policy = validatePolicy(definition, known);
      } catch (error) {
        if (error instanceof SlaPolicyError) {
          throw new ValidationError([{ field: `definition.${error.field}`, reason: error.message }]);
        }
        throw error;
      }
      const [{ version }] = await em.query(
        `SELECT coalesce(max(version), 0) + 1 AS version FROM sla_policy WHERE code = $1`,
        [policy.code],
      );
      await em.query(`UPDATE sla_policy SET active = false WHERE active`);
      const repo = em.getRepository(SlaPolicyEntity);
      return repo.save(
        repo.create({ code: policy.code, version, name: policy.name, definition: policy, active: true }),
      );
    });
    this.registry.forgetActivePolicy();
    return published;
  }
}
