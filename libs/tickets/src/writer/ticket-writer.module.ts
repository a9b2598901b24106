import { SlaCoreModule } from '@app/sla';
import { Module } from '@nestjs/common';

import { RoutingCoreModule } from '../routing/routing-core.module';
import { TicketNumberAllocator } from './ticket-number.allocator';
import { TicketWriterRepository } from './ticket-writer.repository';
import { TicketWriter } from './ticket-writer.service';

/** The one writer of the ticket aggregate, for every library that opens tickets or appends events. */
@Module({
  imports: [SlaCoreModule, RoutingCoreModule],
  providers: [TicketWriter, TicketWriterRepository, TicketNumberAllocator],
  exports: [TicketWriter, TicketNumberAllocator, RoutingCoreModule],
})
export class TicketWriterModule {}
