import { SlaCoreModule } from '@app/sla';
import { Module } from '@nestjs/common';
import { TicketWriterModule } from '../writer/ticket-writer.module';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [SlaCoreModule, TicketWriterModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
