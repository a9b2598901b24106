import { SlaCoreModule } from '@app/sla';
import { Module } from '@nestjs/common';
import { DirectoryController } from './directory.controller';
import { DirectoryRepository } from './directory.repository';
import { ReferenceRepository } from './reference.repository';
import { TicketController } from './ticket.controller';
import { TicketRepository } from './ticket.repository';
import { TicketAccessPolicy } from './ticket-access.policy';
import { TicketService } from './ticket.service';

@Module({
  imports: [SlaCoreModule],
  controllers: [TicketController, DirectoryController],
  providers: [TicketService, TicketRepository, ReferenceRepository, DirectoryRepository, TicketAccessPolicy],
  exports: [TicketService, TicketRepository, TicketAccessPolicy],
})
export class TicketsModule {}
