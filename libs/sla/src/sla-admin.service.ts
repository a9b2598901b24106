import { CalendarSpec, CalendarSpecError, compileCalendar } from '@app/business-hours';
import { NotFoundError, ValidationError } from '@app/common';
import { Injectable } from '@nestjs/common';

import { BusinessCalendarEntity, SlaPolicyEntity } from './sla-policy.entity';
import { SlaPolicyRepository } from './sla-policy.repository';
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
    private readonly store: SlaPolicyRepository,
    private readonly registry: SlaRegistry,
  ) {}

  listCalendars(): Promise<BusinessCalendarEntity[]> {
    return this.store.listCalendars();
  }

  async getCalendar(code: string): Promise<BusinessCalendarEntity> {
    const row = await this.store.findCalendar(code);
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
    await this.store.upsertCalendar(code, name, spec);
    return this.getCalendar(code);
  }

  listPolicies(): Promise<SlaPolicyEntity[]> {
    return this.store.listPolicies();
  }

  async getPolicy(id: string): Promise<SlaPolicyEntity> {
    const row = await this.store.findPolicy(id);
    if (!row) throw new NotFoundError('Policy SLA / SLA policy', id);
    return row;
  }

  /** Validates the definition, stores it as the next version of its code and makes it the active policy. */
  async publishPolicy(definition: unknown): Promise<SlaPolicyEntity> {
    const published = await this.store.transaction(async (em) => {
      await this.store.lockPublishing(em);
      const known = await this.store.calendarCodes(em);
      let policy;
      try {
        policy = validatePolicy(definition, known);
      } catch (error) {
        if (error instanceof SlaPolicyError) {
          throw new ValidationError([{ field: `definition.${error.field}`, reason: error.message }]);
        }
        throw error;
      }
      const version = await this.store.nextPolicyVersion(em, policy.code);
      return this.store.insertActivePolicy(em, policy, version);
    });
    this.registry.forgetActivePolicy();
    return published;
  }
}
