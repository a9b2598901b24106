import { AuditModule } from '@app/auth';
import { SlaCoreModule } from '@app/sla';
import { Module } from '@nestjs/common';
import { DirectoryController } from './directory.controller';
import { DirectoryRepository } from './directory.repository';
import { LiveController } from './live/live.controller';
import { TicketChangeFeed } from './live/ticket-change-feed.service';
import { TicketPresenceRepository } from './live/ticket-presence.repository';
import { ReferenceRepository } from './reference.repository';
import { TicketController } from './ticket.controller';
import { TicketRepository } from './ticket.repository';
import { TicketAccessPolicy } from './ticket-access.policy';
import { TicketService } from './ticket.service';

@Module({
  // The referents' reads are audited (AuditReferentReads), in whichever process loads the controllers.
  imports: [SlaCoreModule, AuditModule],
  controllers: [TicketController, DirectoryController, LiveController],
  providers: [
    TicketService,
    TicketRepository,
    ReferenceRepository,
    DirectoryRepository,
    TicketAccessPolicy,
    TicketChangeFeed,
    TicketPresenceRepository,
  ],
  exports: [TicketService, TicketRepository, TicketAccessPolicy, TicketChangeFeed],
})
export class TicketsModule {}
