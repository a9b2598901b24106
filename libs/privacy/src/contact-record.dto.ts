import { TICKET_CHANNELS, TICKET_STATUSES, TicketChannel, TicketStatus } from '@app/tickets';
import { ApiProperty } from '@nestjs/swagger';

/** One of the person's tickets, as the contact's privacy page lists them. */
export class ContactTicketResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '2026-000123' }) number: string;
  @ApiProperty({ description: 'Oggetto (anonimizzato dopo la conservazione) / Subject' }) subject: string;
  @ApiProperty({ enum: TICKET_STATUSES }) status: TicketStatus;
  @ApiProperty({ enum: TICKET_CHANNELS }) channel: TicketChannel;
  @ApiProperty({ type: String, format: 'date-time' }) receivedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt: Date | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Motivo del blocco legale / Reason of the legal hold',
  })
  legalHold: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) anonymisedAt: Date | null;
}

/** A person (requester) with their tickets, newest first (issue 18). */
export class ContactRecordResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Mario Rossi' }) name: string;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) enteId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Comune di Pontassieve' }) enteName: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Motivo del blocco legale / Reason of the legal hold',
  })
  legalHold: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) anonymisedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: [ContactTicketResponse] }) tickets: ContactTicketResponse[];
}
