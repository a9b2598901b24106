import { Roles } from '@app/auth';
import { OutageReportService } from '@app/outages';
import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { OutageReportQueryDto } from '../reports.dto';

/** SLA.11's outage report of a period, as json, PDF or XLSX. */
@ApiTags('outages')
@Controller('reports/outages')
export class OutageReportController {
  constructor(private readonly reports: OutageReportService) {}

  @Get()
  @Roles('supervisor', 'admin')
  @ApiOperation({
    // The operation id is the one of before the move to libs/reporting: clients generate code from it.
    operationId: 'OutageController_report',
    summary:
      'SLA.11 outage report: interruptions with services, entes, duration, cause, notices (json, pdf, xlsx)',
  })
  async report(@Query() query: OutageReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const name = `interruzioni-${query.from}-${query.to}`;
    if (query.format === 'pdf') {
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.pdf"`);
      return new StreamableFile(await this.reports.pdf(query.from, query.to));
    }
    if (query.format === 'xlsx') {
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
      return new StreamableFile(await this.reports.xlsx(query.from, query.to));
    }
    return this.reports.data(query.from, query.to);
  }
}
