import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDate,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { TICKET_DIFFICULTIES, TicketDifficulty } from '../entities';

export class RequesterDto {
  @ApiProperty({ example: 'Mario Rossi' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '+39 055 1234567' })
  @IsString()
  @Matches(/^\+?[0-9 ./()-]{5,30}$/, {
    message: 'phone must be a telephone number (digits, spaces, + . / ( ) -)',
    context: { code: 'phone' },
  })
  phone: string;

  @ApiPropertyOptional({ example: 'mario.rossi@example.it' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;
}

/** Phone intake (and tickets an agent registers from a web form). */
export class CreateTicketDto {
  @ApiProperty({ enum: ['phone', 'web'] })
  @IsIn(['phone', 'web'], {
    message: 'channel must be phone or web (e-mail and monitoring arrive by ingestion)',
  })
  channel: 'phone' | 'web';

  @ApiPropertyOptional({ description: 'An existing contact; otherwise give requester' })
  @IsOptional()
  @IsUUID()
  requesterId?: string;

  @ApiPropertyOptional({ type: RequesterDto })
  @ValidateIf((o: CreateTicketDto) => !o.requesterId)
  @IsObject({ message: 'requester (name and phone) or requesterId is required' })
  @ValidateNested()
  @Type(() => RequesterDto)
  requester?: RequesterDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  enteId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiProperty({ example: 'Impossibile accedere al portale dei servizi' })
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  subject: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  description?: string;

  @ApiPropertyOptional({ description: 'A malfunction reported by phone starts the SLA.8 intervention clock' })
  @IsOptional()
  @IsBoolean()
  malfunction?: boolean;

  @ApiPropertyOptional({ enum: TICKET_DIFFICULTIES })
  @IsOptional()
  @IsIn(TICKET_DIFFICULTIES)
  difficulty?: TicketDifficulty;

  @ApiPropertyOptional({ description: 'When the call came in; defaults to now, never in the future' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  receivedAt?: Date;

  @ApiPropertyOptional({ description: 'The agent registering the call takes charge of it at once' })
  @IsOptional()
  @IsBoolean()
  takeCharge?: boolean;
}
