import { Actor, AuditReferentReads, CurrentActor, Roles } from '@app/auth';
import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { breakdownCsv, BreakdownKey, breakdownXlsx } from './export/breakdown-export.util';
import { slaComplianceXlsx, ticketStatisticsXlsx } from './export/report-xlsx.util';
import { slaComplianceCsv } from './export/sla-csv.util';
import { PeriodReportService } from './period-report.service';
import { SlaBreachesQueryDto, SlaReportQueryDto, TicketReportQueryDto } from './reports.dto';
import { SlaComplianceService } from './sla/sla-compliance.service';
import { TicketStatisticsService } from './statistics/ticket-statistics.service';
import { ticketStatisticsCsv } from './statistics/ticket-statistics.util';
import { TeamReportsService } from './teams/team-reports.service';

/** The supervisors' reports; an ente referent gets the same tables for their own entes only. */
export class ReportYearsResponse {
  @ApiProperty({ example: 2017 })
  first!: number;

  @ApiProperty({ example: 2026 })
  last!: number;
}

@ApiTags('reports')
@Controller('reports')
@Roles('supervisor', 'admin', 'ente_referent')
@AuditReferentReads('report_read')
export class ReportsController {
  constructor(
    private readonly statistics: TicketStatisticsService,
    private readonly sla: SlaComplianceService,
    private readonly period: PeriodReportService,
    private readonly merged: TeamReportsService,
  ) {}

  @Get('years')
  @ApiOperation({ summary: 'The years the reports can show: from the first ticket or outage to this year' })
  @ApiOkResponse({ type: ReportYearsResponse })
  years(): Promise<ReportYearsResponse> {
    return this.statistics.years();
  }

  @Get('period.pdf')
  @ApiOperation({ summary: 'The whole period report as a PDF: title page, SLA table, ticket table, charts' })
  async periodPdf(
    @Query() query: SlaReportQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.statistics.checkPeriod(query.from, query.to);
    const pdf = await this.period.pdf(query.from, query.to, this.scope(actor), undefined, query.lang);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="report-${query.from}-${query.to}.pdf"`);
    return new StreamableFile(pdf);
  }

  @Get('tickets/by-ente')
  @ApiOperation({ summary: 'The ticket columns per ente for the period (JSON, or format=csv|xlsx)' })
  byEnte(
    @Query() query: TicketReportQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.breakdown('ente', query, actor, res);
  }

  @Get('tickets/by-category')
  @ApiOperation({ summary: 'The ticket columns per category for the period (JSON, or format=csv|xlsx)' })
  byCategory(
    @Query() query: TicketReportQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.breakdown('category', query, actor, res);
  }

  @Get('tickets/by-tag')
  // Tags are the staff's own classification: referents never see them (issue 19.5).
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary:
      'The ticket columns per tag for the period (a ticket counts under each of its tags; JSON, or format=csv|xlsx)',
    description:
      'Come per categoria; un ticket con due etichette conta in entrambe, uno senza in "non indicato". / As by category; a ticket with two tags counts under both, one without under "not set".',
  })
  byTag(
    @Query() query: TicketReportQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.breakdown('tag', query, actor, res);
  }

  @Get('tickets/year-over-year')
  @ApiOperation({ summary: 'Handled tickets per period and channel against the same periods a year earlier' })
  async yearOverYear(@Query() query: TicketReportQueryDto, @CurrentActor() actor: Actor) {
    await this.statistics.checkPeriod(query.from, query.to);
    return this.statistics.yearOverYear(this.request(query, actor));
  }

  @Get('arrivals')
  @ApiOperation({ summary: 'Arrivals by hour of day and the share outside office hours (08:00-18:00)' })
  async arrivals(@Query() query: SlaReportQueryDto, @CurrentActor() actor: Actor) {
    await this.statistics.checkPeriod(query.from, query.to);
    return this.statistics.arrivalsByHour({ ...query, enteIds: this.scope(actor) });
  }

  @Get('sla')
  @ApiOperation({
    summary:
      'SLA compliance per clock: target, applied, met, breached, running, rate, median/p95/worst, deviation',
  })
  async slaReport(
    @Query() query: SlaReportQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.statistics.checkPeriod(query.from, query.to);
    const report = await this.withNotes(
      await this.sla.report(query.from, query.to, this.scope(actor)),
      query.format,
      this.scope(actor),
    );
    return this.export(
      res,
      `sla-${query.from}-${query.to}`,
      query.format,
      report,
      (r) => slaComplianceCsv(r, query.lang ?? 'plain'),
      (r) => slaComplianceXlsx(r, query.lang),
    );
  }

  @Get('sla/breaches')
  @ApiOperation({ summary: 'The tickets behind the breached counts (drill-down)' })
  slaBreaches(@Query() query: SlaBreachesQueryDto, @CurrentActor() actor: Actor) {
    return this.sla.breaches(
      query.from,
      query.to,
      query.code,
      actor.role === 'ente_referent' ? actor.enteIds : undefined,
    );
  }

  @Get('tickets')
  @ApiOperation({
    summary:
      'New, open, resolved, not competent, handled and % resolved per period and channel (as of any instant)',
  })
  async tickets(
    @Query() query: TicketReportQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.statistics.checkPeriod(query.from, query.to);
    const request = this.request(query, actor);
    const report = await this.withNotes(await this.statistics.report(request), query.format, request.enteIds);
    return this.export(
      res,
      `ticket-${query.from}-${query.to}`,
      query.format,
      report,
      (r) => ticketStatisticsCsv(r, query.lang ?? 'plain'),
      (r) => ticketStatisticsXlsx(r, query.lang),
    );
  }

  /** The tickets per ente, category or tag: JSON by default, or the same rows as CSV / XLSX. */
  private async breakdown(key: BreakdownKey, query: TicketReportQueryDto, actor: Actor, res: Response) {
    await this.statistics.checkPeriod(query.from, query.to);
    const report = await this.statistics.byKey(key, this.request(query, actor));
    return this.export(
      res,
      `ticket-by-${key}-${query.from}-${query.to}`,
      query.format,
      report,
      (r) => breakdownCsv(r, key, query.lang ?? 'plain'),
      (r) => breakdownXlsx(r, key, query.lang),
    );
  }

  /** JSON by default; CSV or XLSX as a download with the same numbers. */
  private async export<T>(
    res: Response,
    name: string,
    format: 'json' | 'csv' | 'xlsx' | undefined,
    report: T,
    csv: (r: T) => string,
    xlsx: (r: T) => Promise<Buffer>,
  ) {
    if (!format || format === 'json') return report;
    if (format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
      return csv(report);
    }
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
    return new StreamableFile(await xlsx(report));
  }

  /** The JSON says when merged duplicates were left out (issue 19.7); the downloads keep their layout. */
  private async withNotes<T extends { from: string; to: string }>(
    report: T,
    format: string | undefined,
    enteIds?: string[],
  ): Promise<T & { notes?: { code: string; count: number; it: string; en: string }[] }> {
    if (format && format !== 'json') return report;
    const notes = await this.merged.mergedNotes({ from: report.from, to: report.to, enteIds });
    return notes.length ? { ...report, notes } : report;
  }

  /** An ente referent's reports are limited to their entes, whatever the query asks. */
  private scope(actor: Actor): string[] | undefined {
    return actor.role === 'ente_referent' ? actor.enteIds : undefined;
  }

  private request(query: TicketReportQueryDto, actor: Actor) {
    const scope = this.scope(actor);
    const enteIds = query.enteId ? (scope && !scope.includes(query.enteId) ? [] : [query.enteId]) : scope;
    return {
      from: query.from,
      to: query.to,
      groupBy: query.groupBy ?? 'month',
      asOf: query.asOf,
      channels: query.channel,
      enteIds,
      categoryId: query.categoryId,
    };
  }
}
