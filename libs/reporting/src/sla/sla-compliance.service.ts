import { ValidationError } from '@app/common';
import { AvailabilityService } from '@app/monitoring';
import { OutageReportService } from '@app/outages';
import { CED_TIERS, ClockDefinition, SlaRegistry } from '@app/sla';
import { slaEntry } from '@app/sla/sla-catalogue';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';

import { SlaComplianceRepository } from './sla-compliance.repository';
import {
  availabilitySlaRow,
  buildSlaCompliance,
  ClockDescription,
  outageSlaRow,
  slaCodeOrder,
  SlaComplianceRow,
  targetText,
} from './sla-compliance.util';
import { slaRowInEnglish } from './sla-english.util';

const DIFFICULTY_WORDS: Record<string, string> = Object.fromEntries(
  CED_TIERS.map((t) => [t.difficulty, t.word]),
);

/**
 * The SLA table of a period in code order: SLA.1-SLA.5 from monitoring, the ticket clocks (SLA.6-SLA.8,
 * CED tiers) of tickets received in it, SLA.9-SLA.10 from its outages' notices, SLA.11 from the
 * outage reports' deliveries.
 */
@Injectable()
export class SlaComplianceService {
  constructor(
    private readonly clocks: SlaComplianceRepository,
    private readonly registry: SlaRegistry,
    private readonly availability: AvailabilityService,
    private readonly outages: OutageReportService,
  ) {}

  async report(
    from: string,
    to: string,
    enteIds?: string[],
    now = new Date(),
  ): Promise<{ from: string; to: string; rows: SlaComplianceRow[] }> {
    const [start, end] = this.range(from, to, await this.registry.localZone());
    const rows = await this.clocks.clockAggregates(start, end, enteIds);
    const ticketRows = buildSlaCompliance(rows, await this.descriptions(rows.map((r) => r.code)));
    const english = await this.englishTitles();
    const withEnglish = (r: SlaComplianceRow): SlaComplianceRow => ({
      ...r,
      en: slaRowInEnglish(r, english.get(r.code) ?? slaEntry(r.code)?.titleEn),
    });
    // SLA.1-5 and SLA.9-11 concern the whole service, not an ente's tickets: a referent's table has
    // only the ticket rows of their entes.
    if (enteIds) return { from, to, rows: ticketRows.map(withEnglish) };
    const [availability, outages] = await Promise.all([
      this.availability.report(from, to),
      this.outages.slaRows(from, to, now),
    ]);
    return {
      from,
      to,
      rows: [...availability.rows.map(availabilitySlaRow), ...ticketRows, ...outages.map(outageSlaRow)]
        .sort(slaCodeOrder)
        .map(withEnglish),
    };
  }

  /** The tickets behind a "breached" number, for the supervisor who clicks on it. */
  async breaches(from: string, to: string, code: string | undefined, enteIds?: string[]) {
    const [start, end] = this.range(from, to, await this.registry.localZone());
    return this.clocks.breaches(start, end, code, enteIds);
  }

  private range(from: string, to: string, zone: string): [Date, Date] {
    const start = DateTime.fromISO(from, { zone }).startOf('day');
    const end = DateTime.fromISO(to, { zone }).startOf('day').plus({ days: 1 });
    if (end <= start) throw new ValidationError([{ field: 'to', reason: 'precede from / is before from' }]);
    return [start.toJSDate(), end.toJSDate()];
  }

  /** The English titles the active policy gives its clocks. */
  private async englishTitles(): Promise<Map<string, string>> {
    const policy = await this.registry.activePolicy();
    return new Map(
      (policy?.definition.clocks ?? []).flatMap((d) => (d.titleEn ? [[d.code, d.titleEn] as const] : [])),
    );
  }

  /** Every clock of the active policy, plus any other code found, described for the table. */
  private async descriptions(codes: string[]): Promise<ClockDescription[]> {
    const policy = await this.registry.activePolicy();
    const defs = policy?.definition.clocks ?? [];
    const described = defs.map((d) => this.describe(d));
    for (const code of new Set(codes)) {
      if (!described.some((d) => d.code === code)) {
        described.push({
          code,
          title: code,
          targetMinutes: null,
          nextBusinessDay: false,
          realTime: false,
          label: '-',
        });
      }
    }
    return described;
  }

  private describe(d: ClockDefinition): ClockDescription {
    const base = { code: d.code, title: d.title, realTime: d.calendar === '24x7' };
    if ('minutes' in d.target) return { ...base, targetMinutes: d.target.minutes, nextBusinessDay: false };
    if ('nextBusinessDay' in d.target) return { ...base, targetMinutes: null, nextBusinessDay: true };
    const tiers = Object.entries(d.target.byDifficulty).map(([difficulty, value]) => {
      const text = targetText({
        ...base,
        targetMinutes: value === 'next_business_day' ? null : value,
        nextBusinessDay: value === 'next_business_day',
      });
      return `${DIFFICULTY_WORDS[difficulty] ?? difficulty}: ${text}`;
    });
    return { ...base, targetMinutes: null, nextBusinessDay: false, label: tiers.join('; ') };
  }
}
