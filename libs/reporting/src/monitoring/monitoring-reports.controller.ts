import { Roles } from '@app/auth';
import { AlertReportService, AvailabilityService } from '@app/monitoring';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { AlertReportQueryDto, AvailabilityQueryDto } from '../reports.dto';

/** Reports from the Nagios state history: availability (SLA.1-SLA.5) and alerts per month. */
@ApiTags('monitoring')
@Controller('reports')
export class MonitoringReportsController {
  constructor(
    private readonly availability: AvailabilityService,
    private readonly alertReport: AlertReportService,
  ) {}

  @Get('availability')
  @Roles('supervisor', 'admin')
  @ApiOperation({
    // The operation ids are those of before the move to libs/reporting: clients generate code from them.
    operationId: 'MonitoringController_availabilityReport',
    summary:
      'SLA.1-SLA.5: uptime from the HARD state history and the sample service response time, with deviation',
  })
  availabilityReport(@Query() query: AvailabilityQueryDto) {
    return this.availability.report(query.from, query.to);
  }

  @Get('alerts')
  @Roles('supervisor', 'admin')
  @ApiOperation({
    operationId: 'MonitoringController_alerts',
    summary:
      'Nagios alerts and warnings (problem state changes from the state history) per local month (in the zone of the active SLA policy calendar), against the year before, with their source',
  })
  alerts(@Query() query: AlertReportQueryDto) {
    return this.alertReport.report(query.year);
  }
}
