import { SlaCoreModule } from '@app/sla';
import { Module } from '@nestjs/common';
import { ActorGuard } from './actor.guard';
import { DirectoryController } from './directory.controller';
import { DirectoryRepository } from './directory.repository';
import { ReferenceRepository } from './reference.repository';
import { TicketController } from './ticket.controller';
import { TicketRepository } from './ticket.repository';
import { TicketService } from './ticket.service';

@Module({
  imports: [SlaCoreModule],
  controllers: [TicketController, DirectoryController],
  providers: [TicketService, TicketRepository, ReferenceRepository, DirectoryRepository, ActorGuard],
  exports: [TicketService, TicketRepository],
})
export class TicketsModule {}
