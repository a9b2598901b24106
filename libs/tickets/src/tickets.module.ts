import { AuditModule, AuthModule } from '@app/auth';
import { IdempotencyStoreModule } from '@app/common';
import { SlaCoreModule } from '@app/sla';
import { Module } from '@nestjs/common';

import { AttachmentController } from './attachments/attachment.controller';
import { AttachmentsModule } from './attachments/attachments.module';
import { AgentToolsModule } from './bulk/agent-tools.module';
import { DirectoryController } from './directory.controller';
import { DirectoryRepository } from './directory.repository';
import { ImportAdminController } from './import/import-admin.controller';
import { TicketImportModule } from './import/ticket-import.module';
import { IntakeSettingsController } from './intake-settings.controller';
import { LiveController } from './live/live.controller';
import { LiveSources } from './live/live-sources';
import { TicketChangeFeed } from './live/ticket-change-feed.service';
import { TicketPresenceRepository } from './live/ticket-presence.repository';
import { TicketLinkRepository } from './merge/ticket-link.repository';
import { TicketMergeController } from './merge/ticket-merge.controller';
import { TicketMergeService } from './merge/ticket-merge.service';
import { ReferenceRepository } from './reference.repository';
import { RoutingRuleService } from './routing/routing-rule.service';
import { RoutingRulesController } from './routing/routing-rules.controller';
import { TeamRepository } from './teams/team.repository';
import { TeamService } from './teams/team.service';
import { TeamsController } from './teams/teams.controller';
import { TicketController } from './ticket.controller';
import { TicketRepository } from './ticket.repository';
import { TicketService } from './ticket.service';
import { TicketAccessPolicy } from './ticket-access.policy';
import { TicketWriterModule } from './writer/ticket-writer.module';

/**
 * Tickets without HTTP: the services and repositories other libraries build on (mail ingestion,
 * monitoring, the worker). Loading it never instantiates a controller.
 */
@Module({
  imports: [SlaCoreModule, TicketWriterModule, AuditModule, IdempotencyStoreModule, AttachmentsModule],
  providers: [
    TicketService,
    TicketRepository,
    ReferenceRepository,
    DirectoryRepository,
    TicketAccessPolicy,
    TicketChangeFeed,
    TicketPresenceRepository,
    LiveSources,
    TeamRepository,
    TeamService,
    TicketLinkRepository,
    TicketMergeService,
  ],
  exports: [
    TicketWriterModule,
    TicketService,
    TicketRepository,
    TicketAccessPolicy,
    TicketChangeFeed,
    DirectoryRepository,
    TicketPresenceRepository,
    LiveSources,
    TeamRepository,
    TeamService,
    TicketMergeService,
  ],
})
export class TicketsCoreModule {}

/**
 * The api side: tickets, directory lists and the live feed. The referents' reads are audited
 * (AuditReferentReads); sessions are checked by the auth module the api loads.
 */
@Module({
  imports: [
    TicketsCoreModule,
    TicketImportModule,
    AuditModule,
    AuthModule,
    AttachmentsModule,
    AgentToolsModule,
  ],
  controllers: [
    TicketController,
    DirectoryController,
    LiveController,
    ImportAdminController,
    AttachmentController,
    IntakeSettingsController,
    TeamsController,
    RoutingRulesController,
    TicketMergeController,
  ],
  providers: [RoutingRuleService],
  exports: [TicketsCoreModule],
})
export class TicketsModule {}
