import { Roles } from '@app/auth';
import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { CallReportExportQueryDto } from '../reports.dto';
import { callReportCsv, callReportXlsx } from './call-export.util';
import { CallReportService } from './call-report.service';

/** The phone line's report (calls per local month). */
@ApiTags('telephony')
@Controller('reports/calls')
export class CallReportController {
  constructor(private readonly report: CallReportService) {}

  @Get()
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary:
      'Calls per local month: incoming, answered, missed, missed and never called back, outbound, median answer time (JSON, CSV or XLSX)',
  })
  async year(@Query() query: CallReportExportQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.report.year(query.year);
    if (!query.format || query.format === 'json') return report;
    if (query.format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="telefonate-${query.year}.csv"`);
      return callReportCsv(report, query.lang ?? 'plain');
    }
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="telefonate-${query.year}.xlsx"`);
    return new StreamableFile(await callReportXlsx(report));
  }
}
