import { SlaCoreModule } from '@app/sla';
import { Module } from '@nestjs/common';
import { PeriodReportService } from './period-report.service';
import { ReportsController } from './reports.controller';
import { SlaComplianceService } from './sla/sla-compliance.service';
import { ArrivalsRepository, TicketStatisticsRepository } from './statistics/ticket-statistics.repository';
import { TicketStatisticsService } from './statistics/ticket-statistics.service';

@Module({
  imports: [SlaCoreModule],
  controllers: [ReportsController],
  providers: [
    TicketStatisticsService,
    TicketStatisticsRepository,
    ArrivalsRepository,
    SlaComplianceService,
    PeriodReportService,
  ],
  exports: [TicketStatisticsService, SlaComplianceService, PeriodReportService],
})
export class ReportingModule {}
