import { ValidationError } from '@app/common';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';

import { OutageRepository } from './outage.repository';
import { OutageService } from './outage.service';
import { outageClocks } from './outage-clock.util';
import { outageReportPdf, outageReportXlsx } from './outage-report.export';
import type { OutageReport, OutageReportLine } from './outage-report.types';
import { OutageReportDeliveryRepository } from './outage-report-delivery.repository';
import { OutageSettings } from './outage-settings';
import { noticeSlaRows, OutageSlaRow, reportPeriods, reportSlaRow } from './outage-sla.util';

/**
 * SLA.11's report (the interruptions of a period with services, entes, duration, cause and the
 * notices given) and the SLA.9-SLA.11 rows of the SLA table.
 */
@Injectable()
export class OutageReportService {
  constructor(
    private readonly deliveries: OutageReportDeliveryRepository,
    private readonly repository: OutageRepository,
    private readonly outages: OutageService,
    private readonly settings: OutageSettings,
  ) {}

  async data(from: string, to: string, now = new Date()): Promise<OutageReport> {
    const [start, end] = range(from, to, await this.settings.localZone());
    const rows = (await this.repository.list({ from: start, to: end, limit: 100_000 })).reverse();
    const notices = await this.repository.notices(rows.map((r) => r.id));
    const rules = this.settings.get().notices;
    const outages = rows.map((r) => {
      const mine = notices.filter((n) => n.outageId === r.id);
      return {
        id: r.id,
        title: r.title,
        services: r.services,
        entes: r.entes.map((e) => e.name),
        planned: r.planned,
        startedAt: r.startedAt,
        interventionStartedAt: r.interventionStartedAt,
        endedAt: r.endedAt,
        durationMinutes: this.outages.summary(r, mine, now).durationMinutes,
        cause: r.cause,
        notices: mine.map((n) => ({
          kind: n.kind,
          sentAt: n.sentAt,
          dueAt: n.dueAt,
          recipients: n.recipients,
          published: n.published,
        })),
        clocks: outageClocks(r, mine, now, rules),
      };
    });
    return {
      from,
      to,
      generatedAt: now,
      outages,
      totals: {
        outages: outages.length,
        unplanned: outages.filter((o) => !o.planned).length,
        planned: outages.filter((o) => o.planned).length,
        ongoing: outages.filter((o) => !o.endedAt).length,
        downMinutes: Math.round(outages.reduce((s, o) => s + (o.durationMinutes ?? 0), 0) * 10) / 10,
      },
      sla: await this.slaRows(from, to, now, outages),
    };
  }

  /** SLA.9, SLA.10 (notices of the period's outages) and SLA.11 (the periodic reports' deliveries). */
  async slaRows(
    from: string,
    to: string,
    now = new Date(),
    lines?: Pick<OutageReportLine, 'clocks'>[],
  ): Promise<OutageSlaRow[]> {
    const settings = this.settings.get();
    const outages = lines ?? (await this.data(from, to, now)).outages;
    const all = reportPeriods(from, to, settings.report, await this.settings.localZone());
    const deliveries = all.length ? await this.deliveries.deliveries(all.map((p) => p.period)) : [];
    // A period that ended before the help desk held any data was never owed a report (issue
    // 16.10); one whose report went out counts whatever the data.
    const firstData = all.length ? await this.deliveries.firstDataAt() : null;
    const periods = all.filter(
      (p) => deliveries.some((d) => d.period === p.period) || (firstData !== null && firstData < p.endAt),
    );
    return [
      ...noticeSlaRows(
        outages.flatMap((o) => o.clocks),
        settings.notices,
      ),
      reportSlaRow(periods, deliveries, settings.report, now),
    ];
  }

  async pdf(from: string, to: string, now = new Date()): Promise<Buffer> {
    return outageReportPdf(await this.data(from, to, now), await this.settings.localZone());
  }

  async xlsx(from: string, to: string, now = new Date()): Promise<Buffer> {
    return outageReportXlsx(await this.data(from, to, now), await this.settings.localZone());
  }
}

function range(from: string, to: string, zone: string): [Date, Date] {
  const start = DateTime.fromISO(from, { zone }).startOf('day');
  const end = DateTime.fromISO(to, { zone }).startOf('day').plus({ days: 1 });
  if (!start.isValid || !end.isValid)
    throw new ValidationError([{ field: 'from', reason: 'data non valida / invalid date' }]);
  if (end <= start) throw new ValidationError([{ field: 'to', reason: 'precede from / is before from' }]);
  return [start.toJSDate(), end.toJSDate()];
}
