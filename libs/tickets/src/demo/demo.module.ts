import { SlaCoreModule } from '@app/sla';
import { Module } from '@nestjs/common';

import { TicketWriterModule } from '../writer/ticket-writer.module';
import { DemoSeedRepository } from './demo-seed.repository';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [SlaCoreModule, TicketWriterModule],
  providers: [DemoSeedService, DemoSeedRepository],
  exports: [DemoSeedService],
})
export class DemoModule {}
