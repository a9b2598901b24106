import { ValidationError } from '@app/common';
import { SlaRegistry } from '@app/sla';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';

import { ReportKey, TeamReportsRepository } from './team-reports.repository';
import { buildPerformance, mergedNote, PerformanceReport, ReportNote } from './team-reports.util';

/** Reports by team and by agent per month (issue 19.8). */
@Injectable()
export class TeamReportsService {
  constructor(
    private readonly repo: TeamReportsRepository,
    private readonly registry: SlaRegistry,
  ) {}

  async report(
    by: ReportKey,
    request: { from: string; to: string; teamId?: string },
  ): Promise<PerformanceReport> {
    const zone = await this.registry.localZone();
    const { fromInstant, toInstant } = this.range(request.from, request.to, zone);
    const codes = await this.clockCodes();
    const [rows, escalations, names, merged] = await Promise.all([
      this.repo.performance({ key: by, fromInstant, toInstant, zone, ...codes, teamId: request.teamId }),
      this.repo.escalations(fromInstant, toInstant, zone),
      this.repo.names(by),
      this.repo.mergedCount(fromInstant, toInstant),
    ]);
    return {
      from: request.from,
      to: request.to,
      by,
      teamId: request.teamId ?? null,
      ...buildPerformance(by, rows, escalations, names, request.teamId),
      notes: [mergedNote(merged)],
    };
  }

  /**
   * The notes the ticket and SLA reports add when merged duplicates were left out of their period
   * (none when there were none: the tables read exactly as before).
   */
  async mergedNotes(request: { from: string; to: string; enteIds?: string[] }): Promise<ReportNote[]> {
    const zone = await this.registry.localZone();
    const { fromInstant, toInstant } = this.range(request.from, request.to, zone);
    const merged = await this.repo.mergedCount(fromInstant, toInstant, request.enteIds);
    return merged > 0 ? [mergedNote(merged)] : [];
  }

  /** The clocks that stop at take-charge and at the first answer in the active policy (SLA.6, SLA.7). */
  private async clockCodes() {
    const policy = await this.registry.activePolicy();
    const clocks = policy?.definition.clocks ?? [];
    return {
      takeChargeCode: clocks.find((c) => c.stop === 'taken_in_charge')?.code ?? 'SLA.6',
      answerCode: clocks.find((c) => c.stop === 'first_answer')?.code ?? 'SLA.7',
    };
  }

  private range(from: string, to: string, zone: string) {
    const start = DateTime.fromISO(from, { zone }).startOf('day');
    const end = DateTime.fromISO(to, { zone }).startOf('day');
    if (end < start) throw new ValidationError([{ field: 'to', reason: 'precede from / is before from' }]);
    if (end.diff(start, 'years').years > 5) {
      throw new ValidationError([{ field: 'to', reason: 'al massimo 5 anni / at most 5 years' }]);
    }
    return { fromInstant: start.toJSDate(), toInstant: end.plus({ days: 1 }).toJSDate() };
  }
}
