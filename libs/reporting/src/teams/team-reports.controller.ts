import { Actor, CurrentActor, Roles } from '@app/auth';
import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { TicketStatisticsService } from '../statistics/ticket-statistics.service';
import {
  PerformanceQueryDto,
  PerformanceReportResponse,
  WorkloadQueryDto,
  WorkloadResponse,
} from './team-reports.dto';
import { ReportKey } from './team-reports.repository';
import { TeamReportsService } from './team-reports.service';
import { performanceCsv, PerformanceReport } from './team-reports.util';
import { performanceXlsx } from './team-reports-xlsx.util';
import { WorkloadService } from './workload.service';

const DESCRIPTION =
  'Per mese: gestiti, risolti, mediana e 95° percentile dei tempi di presa in carico e di risposta (minuti lavorativi, dai tempi SLA), violazioni, passaggi di team. I ticket uniti a un altro non sono contati (nota nel report). JSON, oppure CSV/XLSX con format. / ' +
  'Per month: handled, resolved, median and 95th percentile take-charge and answer times (business minutes, from the SLA clocks), breaches, team changes. Tickets merged into another are not counted (a note says so). JSON, or CSV/XLSX with format.';

/** Reports by team and by agent (issue 19.8): supervisors and admins. */
@ApiTags('reports')
@Controller('reports')
@Roles('supervisor', 'admin')
export class TeamReportsController {
  constructor(
    private readonly reports: TeamReportsService,
    private readonly statistics: TicketStatisticsService,
  ) {}

  @Get('teams')
  @ApiOkResponse({ type: PerformanceReportResponse })
  @ApiProduces(
    'application/json',
    'text/csv',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  )
  @ApiOperation({ summary: 'Report per team e mese / Report by team and month', description: DESCRIPTION })
  teams(@Query() query: PerformanceQueryDto, @Res({ passthrough: true }) res: Response) {
    return this.run('team', query, res);
  }

  @Get('agents')
  @ApiOkResponse({ type: PerformanceReportResponse })
  @ApiProduces(
    'application/json',
    'text/csv',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  )
  @ApiOperation({
    summary: 'Report per operatore (assegnatario) e mese / Report by agent (assignee) and month',
    description: DESCRIPTION,
  })
  agents(@Query() query: PerformanceQueryDto, @Res({ passthrough: true }) res: Response) {
    return this.run('agent', query, res);
  }

  private async run(by: ReportKey, query: PerformanceQueryDto, res: Response) {
    await this.statistics.checkPeriod(query.from, query.to);
    const report: PerformanceReport = await this.reports.report(by, query);
    const name = `${by === 'team' ? 'team' : 'operatori'}-${query.from}-${query.to}`;
    if (!query.format || query.format === 'json') return report;
    if (query.format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
      return performanceCsv(report, query.lang ?? 'plain');
    }
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
    return new StreamableFile(await performanceXlsx(report, query.lang));
  }
}

/** The workload view (issue 19.9). */
@ApiTags('reports')
@Controller('workload')
export class WorkloadController {
  constructor(private readonly workload: WorkloadService) {}

  @Get()
  @Roles('supervisor', 'admin', 'agent')
  @ApiOkResponse({ type: WorkloadResponse })
  @ApiOperation({
    summary:
      'Carico di lavoro: ticket aperti di ogni operatore, tempi a rischio o violati, disponibilità / Workload: each agent’s open tickets, clocks at risk or breached, availability',
    description:
      'Supervisori e amministratori vedono tutti (o un team); un operatore vede i membri dei propri team. / Supervisors and admins see everyone (or a team); an agent sees the members of their own teams.',
  })
  get(@Query() query: WorkloadQueryDto, @CurrentActor() actor: Actor): Promise<WorkloadResponse> {
    return this.workload.workload(actor, query.teamId);
  }
}
