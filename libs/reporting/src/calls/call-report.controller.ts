import { Roles } from '@app/auth';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { CallReportQueryDto } from '../reports.dto';
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
      'Calls per local month: incoming, answered, missed, missed and never called back, outbound, median answer time',
  })
  year(@Query() query: CallReportQueryDto) {
    return this.report.year(query.year);
  }
}
