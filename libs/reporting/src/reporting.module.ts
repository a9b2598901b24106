import { AuditModule } from '@app/auth';
import { MonitoringCoreModule } from '@app/monitoring';
import { OutagesCoreModule } from '@app/outages';
import { SlaCoreModule } from '@app/sla';
import { TelephonyReportsModule } from '@app/telephony';
import { Module } from '@nestjs/common';

import { CallReportController } from './calls/call-report.controller';
import { CallReportService } from './calls/call-report.service';
import { MonitoringReportsController } from './monitoring/monitoring-reports.controller';
import { OutageReportController } from './outages/outage-report.controller';
import { PeriodReportService } from './period-report.service';
import { ReportsController } from './reports.controller';
import { SlaComplianceRepository } from './sla/sla-compliance.repository';
import { SlaComplianceService } from './sla/sla-compliance.service';
import { ArrivalsRepository, TicketStatisticsRepository } from './statistics/ticket-statistics.repository';
import { TicketStatisticsService } from './statistics/ticket-statistics.service';
import { TeamReportsController, WorkloadController } from './teams/team-reports.controller';
import { TeamReportsRepository } from './teams/team-reports.repository';
import { TeamReportsService } from './teams/team-reports.service';
import { WorkloadRepository } from './teams/workload.repository';
import { WorkloadService } from './teams/workload.service';

/** The reports themselves, shared by the api (endpoints) and the worker (scheduled mailing). */
@Module({
  imports: [SlaCoreModule, MonitoringCoreModule, OutagesCoreModule],
  providers: [
    TicketStatisticsService,
    TicketStatisticsRepository,
    ArrivalsRepository,
    SlaComplianceRepository,
    SlaComplianceService,
    PeriodReportService,
  ],
  exports: [TicketStatisticsService, SlaComplianceService, PeriodReportService],
})
export class ReportingCoreModule {}

/** The api side: every /api/reports endpoint (tickets, SLA, monitoring, outages, calls). */
@Module({
  imports: [
    ReportingCoreModule,
    SlaCoreModule,
    AuditModule,
    MonitoringCoreModule,
    OutagesCoreModule,
    TelephonyReportsModule,
  ],
  controllers: [
    ReportsController,
    MonitoringReportsController,
    OutageReportController,
    CallReportController,
    TeamReportsController,
    WorkloadController,
  ],
  providers: [
    CallReportService,
    TeamReportsRepository,
    TeamReportsService,
    WorkloadRepository,
    WorkloadService,
  ],
  exports: [ReportingCoreModule],
})
export class ReportingModule {}
