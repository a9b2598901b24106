import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';

import { TICKET_STATUSES, TicketStatus } from '../entities';

export class MergeTicketDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'Il ticket in cui unire questo duplicato (stesso richiedente, non risolto) / The ticket to merge this duplicate into (same requester, not resolved)',
  })
  @IsUUID()
  targetId: string;

  @ApiPropertyOptional({ description: 'La versione letta del duplicato / The duplicate’s version read' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

export class SplitTicketDto {
  @ApiProperty({
    example: '1234',
    description:
      'Il messaggio ricevuto che diventa un nuovo ticket / The received message that becomes a new ticket',
  })
  @Matches(/^[1-9][0-9]{0,18}$/, { message: 'eventId must be a timeline event id' })
  eventId: string;

  @ApiPropertyOptional({
    maxLength: 300,
    description:
      'Oggetto del nuovo ticket (predefinito: quello del ticket d’origine) / The new ticket’s subject (default: the source’s)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  subject?: string;

  @ApiPropertyOptional({ description: 'La versione letta / The version read' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

export class LinkTicketDto {
  @ApiProperty({ format: 'uuid', description: 'Il ticket da collegare / The ticket to link' })
  @IsUUID()
  otherId: string;

  @ApiProperty({
    enum: ['related', 'parent', 'child'],
    description:
      'related: correlati; parent: l’altro è il padre di questo (es. il disservizio); child: l’altro è un figlio / related; parent: the other is this one’s parent (e.g. the outage); child: the other is a child',
  })
  @IsIn(['related', 'parent', 'child'])
  kind: 'related' | 'parent' | 'child';
}

export class TicketLinkResponse {
  @ApiProperty({ format: 'uuid' })
  ticketId: string;

  @ApiProperty({ example: '2026-000123' })
  number: string;

  @ApiProperty()
  subject: string;

  @ApiProperty({ enum: TICKET_STATUSES })
  status: TicketStatus;

  @ApiProperty({
    enum: ['related', 'parent', 'child', 'merged_into', 'merged_from'],
    description:
      'Visto da questo ticket: parent = l’altro è il padre; merged_into = questo è stato unito all’altro; merged_from = l’altro è stato unito a questo / As seen from this ticket: parent = the other is the parent; merged_into = this one was merged into the other; merged_from = the other was merged into this one',
  })
  kind: 'related' | 'parent' | 'child' | 'merged_into' | 'merged_from';

  @ApiProperty()
  createdAt: Date;
}

export class MergeCandidateResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '2026-000123' })
  number: string;

  @ApiProperty()
  subject: string;

  @ApiProperty({ enum: TICKET_STATUSES })
  status: TicketStatus;

  @ApiProperty()
  receivedAt: Date;
}
