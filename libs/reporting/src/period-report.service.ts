import { Injectable } from '@nestjs/common';

import { renderPeriodReportPdf } from './export/period-report.pdf';
import { SlaComplianceService } from './sla/sla-compliance.service';
import { TicketStatisticsService } from './statistics/ticket-statistics.service';

/** The whole period report (SLA, tickets, charts) as one PDF, for download or the monthly mailing. */
@Injectable()
export class PeriodReportService {
  constructor(
    private readonly statistics: TicketStatisticsService,
    private readonly sla: SlaComplianceService,
  ) {}

  async pdf(from: string, to: string, enteIds?: string[], now = new Date()): Promise<Buffer> {
    const [tickets, sla, arrivals] = await Promise.all([
      this.statistics.report({ from, to, groupBy: 'month', enteIds }, now),
      this.sla.report(from, to, enteIds, now),
      this.statistics.arrivalsByHour({ from, to, enteIds }),
    ]);
    return renderPeriodReportPdf({
      title: 'Report dei livelli di servizio e delle segnalazioni',
      from,
      to,
      generatedAt: now,
      sla: sla.rows,
      tickets,
      arrivals,
    });
  }
}
