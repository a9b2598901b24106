import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { APP_CONFIG, AppConfig } from '@app/config';
import { SlaRegistry } from '@app/sla';
import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';

import { TicketWriterRepository } from './ticket-writer.repository';

/** `2025-000042`: the local year and the year's sequence. */
export function formatTicketNumber(year: number, seq: number): string {
  return `${year}-${String(seq).padStart(6, '0')}`;
}

/**
 * The one source of ticket numbers. Numbers follow the service centre's local year (a call at
 * 00:30 on 1 January is next year's): the zone of the active policy's default calendar.
 */
@Injectable()
export class TicketNumberAllocator {
  private configuredZone: string | null = null;

  constructor(
    private readonly repo: TicketWriterRepository,
    private readonly registry: SlaRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The numbering zone: the active policy's default calendar, else the one the config folder would seed. */
  async zone(em: EntityManager): Promise<string> {
    const policy = await this.registry.activePolicy(em);
    if (policy) return (await this.registry.calendar(policy.definition.defaultCalendar, em)).timeZone;
    return this.zoneFromConfig();
  }

  async yearOf(em: EntityManager, at: Date): Promise<number> {
    return DateTime.fromJSDate(at, { zone: await this.zone(em) }).year;
  }

  /** The next number of the instant's local year. */
  async next(em: EntityManager, at: Date): Promise<string> {
    const [number] = await this.reserve(em, await this.yearOf(em, at), 1);
    return number;
  }

  /** k consecutive numbers of the year, from the same locked counter row. */
  async reserve(em: EntityManager, year: number, k: number): Promise<string[]> {
    if (k === 0) return [];
    const last = await this.repo.bumpCounter(em, year, k);
    const first = last - k + 1;
    return Array.from({ length: k }, (_, i) => formatTicketNumber(year, first + i));
  }

  /** Numbers already given elsewhere (the import, the demo): the counter goes on after the highest. */
  async raiseTo(em: EntityManager, year: number, last: number): Promise<void> {
    await this.repo.raiseCounter(em, year, last);
  }

  private zoneFromConfig(): string {
    if (!this.configuredZone) {
      const dir = resolve(this.config.CONFIG_DIR);
      const policy = JSON.parse(readFileSync(join(dir, 'sla', 'default-policy.json'), 'utf8')) as {
        defaultCalendar: string;
      };
      const calendar = JSON.parse(
        readFileSync(join(dir, 'calendars', `${policy.defaultCalendar}.json`), 'utf8'),
      ) as { timeZone: string };
      this.configuredZone = calendar.timeZone;
    }
    return this.configuredZone;
  }
}
