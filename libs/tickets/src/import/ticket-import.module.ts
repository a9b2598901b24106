import { SlaCoreModule } from '@app/sla';
import { Module } from '@nestjs/common';

import { TicketWriterModule } from '../writer/ticket-writer.module';
import { TicketImportRepository } from './ticket-import.repository';
import { TicketImportService } from './ticket-import.service';

/** The history import of a previous system's tickets (the admin upload and the CLI). */
@Module({
  imports: [SlaCoreModule, TicketWriterModule],
  providers: [TicketImportService, TicketImportRepository],
  exports: [TicketImportService],
})
export class TicketImportModule {}
