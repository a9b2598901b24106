import { NotFoundError, uuidParam } from '@app/common';
import { Body, Controller, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { PhoneCallRepository } from './phone-call.repository';

export class LinkTicketDto {
  @ApiProperty({ description: 'The ticket the call became, or the open ticket it was logged on' })
  @IsUUID('all', { message: 'deve essere un UUID / must be a UUID' })
  ticketId: string;
}

/** The agents' side of the phone line. */
@ApiTags('telephony')
@Controller('calls')
export class CallsController {
  constructor(private readonly calls: PhoneCallRepository) {}

  @Put(':id/ticket')
  @HttpCode(204)
  @ApiOperation({ summary: 'Record the ticket a call became (phone intake from a ringing call)' })
  async link(@Param('id', uuidParam()) id: string, @Body() dto: LinkTicketDto): Promise<void> {
    const outcome = await this.calls.linkTicket(id, dto.ticketId);
    if (outcome === 'no_ticket') throw new NotFoundError('Ticket', dto.ticketId);
    if (outcome === 'no_call') throw new NotFoundError('Chiamata / Call', id);
  }
}
