import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { TicketStatisticsRepository } from './statistics/ticket-statistics.repository';
import { TicketStatisticsService } from './statistics/ticket-statistics.service';

@Module({
  controllers: [ReportsController],
  providers: [TicketStatisticsService, TicketStatisticsRepository],
  exports: [TicketStatisticsService],
})
export class ReportingModule {}
