import { AuditModule } from '@app/auth';
import { forwardRef, Module } from '@nestjs/common';

import { MacroRepository } from '../macros/macro.repository';
import { MacroService } from '../macros/macro.service';
import { MacroRunner } from '../macros/macro-runner.service';
import { MacrosController } from '../macros/macros.controller';
import { TagRepository } from '../tags/tag.repository';
import { TagService } from '../tags/tag.service';
import { TagsController } from '../tags/tags.controller';
import { TicketTagger } from '../tags/ticket-tagger.service';
import { TicketsCoreModule } from '../tickets.module';
import { BulkController } from './bulk.controller';
import { BulkRepository } from './bulk.repository';
import { BulkService } from './bulk.service';

/** The agents' daily tools (issue 19.4-19.6): tags, macros and bulk actions, over the ticket workflow. */
@Module({
  // forwardRef: TicketsModule (same file as TicketsCoreModule) imports this module.
  imports: [forwardRef(() => TicketsCoreModule), AuditModule],
  controllers: [TagsController, MacrosController, BulkController],
  providers: [
    TagRepository,
    TicketTagger,
    TagService,
    MacroRepository,
    MacroRunner,
    MacroService,
    BulkRepository,
    BulkService,
  ],
  exports: [TicketTagger, TagRepository],
})
export class AgentToolsModule {}
