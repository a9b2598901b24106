import { LOCAL_DATE, NotFoundError, uuidParam } from '@app/common';
import { SlaRegistry } from '@app/sla';
import { Body, Controller, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID, Matches } from 'class-validator';

import { CallLogRepository, callTotals } from './call-log.repository';
import { CtiService } from './cti.service';

export class LinkTicketDto {
  @ApiProperty({ description: 'The ticket the call became, or the open ticket it was logged on' })
  @IsUUID('all', { message: 'deve essere un UUID / must be a UUID' })
  ticketId: string;
}

export class CallLogQueryDto {
  @ApiProperty({ example: '2026-12-04', description: "A local day (the service centre calendar's zone)" })
  @Matches(LOCAL_DATE, { message: 'deve essere una data AAAA-MM-GG / must be a date YYYY-MM-DD' })
  date: string;
}

/** The agents' side of the phone line. */
@ApiTags('telephony')
@Controller('calls')
export class CallsController {
  constructor(
    private readonly cti: CtiService,
    private readonly log: CallLogRepository,
    private readonly sla: SlaRegistry,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Call log of a local day: ringing, answered, missed and outbound calls, ring and talk times, who answered, the ticket, missed calls called back',
  })
  async day(@Query() query: CallLogQueryDto) {
    const calls = await this.log.day(query.date, await this.sla.localZone());
    return { date: query.date, totals: callTotals(calls), calls };
  }

  @Put(':id/ticket')
  @HttpCode(204)
  @ApiOperation({ summary: 'Record the ticket a call became (phone intake from a ringing call)' })
  async link(@Param('id', uuidParam()) id: string, @Body() dto: LinkTicketDto): Promise<void> {
    const outcome = await this.cti.linkTicket(id, dto.ticketId);
    if (outcome === 'no_ticket') throw new NotFoundError('Ticket', dto.ticketId);
    if (outcome === 'no_call') throw new NotFoundError('Chiamata / Call', id);
  }
}
