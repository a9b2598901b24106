import { AuditModule } from '@app/auth';
import { MonitoringCoreModule } from '@app/monitoring';
import { OutagesCoreModule } from '@app/outages';
import { SlaCoreModule } from '@app/sla';
import { Module } from '@nestjs/common';
import { ImportAdminController } from './import-admin.controller';
import { TicketImportService } from './import/ticket-import.service';
import { PeriodReportService } from './period-report.service';
import { ReportsController } from './reports.controller';
import { SlaComplianceService } from './sla/sla-compliance.service';
import { ArrivalsRepository, TicketStatisticsRepository } from './statistics/ticket-statistics.repository';
import { TicketStatisticsService } from './statistics/ticket-statistics.service';

/** The reports themselves, shared by the api (endpoints) and the worker (scheduled mailing). */
@Module({
  imports: [SlaCoreModule, MonitoringCoreModule, OutagesCoreModule],
  providers: [
    TicketStatisticsService,
    TicketStatisticsRepository,
    ArrivalsRepository,
    SlaComplianceService,
    PeriodReportService,
  ],
  exports: [TicketStatisticsService, SlaComplianceService, PeriodReportService],
})
export class ReportingCoreModule {}

/** The api side: report endpoints and the history import. */
@Module({
  imports: [ReportingCoreModule, SlaCoreModule, AuditModule],
  controllers: [ReportsController, ImportAdminController],
  providers: [TicketImportService],
  exports: [ReportingCoreModule, TicketImportService],
})
export class ReportingModule {}
