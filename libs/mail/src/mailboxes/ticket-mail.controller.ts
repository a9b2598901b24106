import { Roles } from '@app/auth';
import { uuidParam } from '@app/common';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { OutboundMailView, OutboxService } from '../outbox/outbox.service';

const uuid = uuidParam;

/** What the ticket page shows of its outbound mail and their delivery (its files: libs/tickets/attachments). */
@ApiTags('mail')
@Controller('tickets/:id')
@Roles('admin', 'supervisor', 'agent')
export class TicketMailController {
  constructor(private readonly outbox: OutboxService) {}

  @Get('mails')
  @ApiOperation({
    summary: 'Outbound mails of the ticket with their status, attempts, last error and receipts',
  })
  mails(@Param('id', uuid('id')) id: string): Promise<OutboundMailView[]> {
    return this.outbox.listForTicket(id);
  }
}
