import { SlaCoreModule } from '@app/sla';
import { Module } from '@nestjs/common';
import { TicketImportService } from './import/ticket-import.service';
import { PeriodReportService } from './period-report.service';
import { ImportAdminController } from './import-admin.controller';
import { ReportsController } from './reports.controller';
import { SlaComplianceService } from './sla/sla-compliance.service';
import { ArrivalsRepository, TicketStatisticsRepository } from './statistics/ticket-statistics.repository';
import { TicketStatisticsService } from './statistics/ticket-statistics.service';

@Module({
  imports: [SlaCoreModule],
  controllers: [ReportsController, ImportAdminController],
  providers: [
    TicketStatisticsService,
    TicketStatisticsRepository,
    ArrivalsRepository,
    SlaComplianceService,
    PeriodReportService,
    TicketImportService,
  ],
  exports: [TicketStatisticsService, SlaComplianceService, PeriodReportService, TicketImportService],
})
export class ReportingModule {}
