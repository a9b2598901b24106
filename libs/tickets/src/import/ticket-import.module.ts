import { SlaCoreModule } from '@app/sla';
import { Module } from '@nestjs/common';
import { TicketWriterModule } from '../writer/ticket-writer.module';
import { TicketImportService } from './ticket-import.service';

/** The history import of a previous system's tickets (the admin upload and the CLI). */
@Module({
  imports: [SlaCoreModule, TicketWriterModule],
  providers: [TicketImportService],
  exports: [TicketImportService],
})
export class TicketImportModule {}
