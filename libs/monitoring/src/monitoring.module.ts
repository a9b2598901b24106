import { TicketsModule } from '@app/tickets';
import { Module } from '@nestjs/common';
import { AvailabilityService } from './availability.service';
import { MonitoringController } from './monitoring.controller';
import { MonitoringService } from './monitoring.service';

@Module({
  imports: [TicketsModule],
  controllers: [MonitoringController],
  providers: [MonitoringService, AvailabilityService],
  exports: [MonitoringService, AvailabilityService],
})
export class MonitoringModule {}
