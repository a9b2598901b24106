import { SlaRegistry } from '@app/sla';
import { Injectable } from '@nestjs/common';

import { type PdfLanguage, renderPeriodReportPdf } from './export/period-report.pdf';
import { SlaComplianceService } from './sla/sla-compliance.service';
import { TicketStatisticsService } from './statistics/ticket-statistics.service';

const TITLE: Record<PdfLanguage, string> = {
  it: 'Report dei livelli di servizio e delle segnalazioni',
  en: 'Service levels and tickets report',
};

/** The whole period report (SLA, tickets, charts) as one PDF, for download or the monthly mailing. */
@Injectable()
export class PeriodReportService {
  constructor(
    private readonly statistics: TicketStatisticsService,
    private readonly sla: SlaComplianceService,
    private readonly registry: SlaRegistry,
  ) {}

  async pdf(
    from: string,
    to: string,
    enteIds?: string[],
    now = new Date(),
    lang: PdfLanguage = 'it',
  ): Promise<Buffer> {
    const [tickets, sla, arrivals, zone] = await Promise.all([
      this.statistics.report({ from, to, groupBy: 'month', enteIds }, now),
      this.sla.report(from, to, enteIds, now),
      this.statistics.arrivalsByHour({ from, to, enteIds }),
      this.registry.localZone(),
    ]);
    return renderPeriodReportPdf({
      title: TITLE[lang],
      from,
      to,
      generatedAt: now,
      zone,
      lang,
      sla: sla.rows,
      tickets,
      arrivals,
    });
  }
}
