import { commaList } from '@app/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

import { TICKET_CHANNELS, TICKET_STATUSES, TicketChannel, TicketStatus } from '../entities';
import { TICKET_SORTS, TicketSort } from '../ticket.repository';

export class ListTicketsDto {
  @ApiPropertyOptional({ description: 'Comma-separated statuses', example: 'new,open' })
  @IsOptional()
  @Transform(commaList)
  @IsIn(TICKET_STATUSES, { each: true })
  status?: TicketStatus[];

  @ApiPropertyOptional({ description: 'Comma-separated channels', example: 'phone' })
  @IsOptional()
  @Transform(commaList)
  @IsIn(TICKET_CHANNELS, { each: true })
  channel?: TicketChannel[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  enteId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @ApiPropertyOptional({ description: "The requester's tickets (the ticket page lists the others)" })
  @IsOptional()
  @IsUUID()
  requesterId?: string;

  @ApiPropertyOptional({ description: "One team's tickets (staff only; referents never see teams)" })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ description: 'The tickets of every team the caller is a member of ("Il mio team")' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  myTeams?: boolean;

  @ApiPropertyOptional({
    description: 'Solo i ticket con questa etichetta (staff) / Only tickets carrying this tag (staff only)',
    example: 'pec',
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  tag?: string;

  @ApiPropertyOptional({ description: 'Only tickets nobody is assigned to' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unassigned?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ description: 'Received at or after (ISO 8601)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  receivedFrom?: Date;

  @ApiPropertyOptional({ description: 'Received before (ISO 8601)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  receivedTo?: Date;

  @ApiPropertyOptional({
    description:
      'A ticket number (whole, or its sequence: 308, 000308, 2026-308), words of the subject and messages ' +
      "(Italian stemming), a piece of the subject, the requester's name, e-mail or phone, the ente's name",
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    enum: ['at_risk', 'breached'],
    description: 'Only tickets with a running clock past its warning (at_risk) or past due (breached)',
  })
  @IsOptional()
  @IsIn(['at_risk', 'breached'])
  sla?: 'at_risk' | 'breached';

  @ApiPropertyOptional({
    enum: TICKET_SORTS,
    default: '-received',
    description: "A column, '-' first for descending: tickets without a running clock sort last by due",
  })
  @IsOptional()
  @IsIn(TICKET_SORTS)
  sort?: TicketSort;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}
