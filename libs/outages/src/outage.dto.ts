import { LOCAL_DATE } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

const INSTANT = { strict: true } as const;

/** What an agent states about an outage besides its title and start; instants are ISO 8601 with an offset. */
export class OutageFieldsDto {
  @ApiPropertyOptional({ example: ['Portale dei servizi', 'Pagamenti online'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  services?: string[];

  @ApiPropertyOptional({ type: [String], description: 'the affected entes' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  enteIds?: string[];

  @ApiPropertyOptional({ example: '2026-11-20T10:00:00+01:00', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601(INSTANT)
  interventionStartedAt?: string | null;

  @ApiPropertyOptional({ example: '2026-11-20T11:15:00+01:00', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601(INSTANT)
  endedAt?: string | null;

  @ApiPropertyOptional({ example: 'Disco pieno sul server del portale' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  cause?: string;

  @ApiPropertyOptional({ description: 'planned maintenance (no SLA.9 notice owed)' })
  @IsOptional()
  @IsBoolean()
  planned?: boolean;

  @ApiPropertyOptional({ description: 'shown on the public status page: no personal data' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  publicMessage?: string;

  @ApiPropertyOptional({ type: [String], description: 'tickets caused by or reporting this outage' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  ticketIds?: string[];

  @ApiPropertyOptional({ type: [Number], description: 'monitoring events (alerts) of this outage' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  alertIds?: number[];
}

export class CreateOutageDto extends OutageFieldsDto {
  @ApiProperty({ example: 'Portale dei servizi non raggiungibile' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;

  @ApiProperty({ example: '2026-11-20T09:50:00+01:00' })
  @IsISO8601(INSTANT)
  startedAt: string;
}

export class UpdateOutageDto extends OutageFieldsDto {
  @ApiPropertyOptional({ example: 'Portale dei servizi non raggiungibile' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ example: '2026-11-20T09:50:00+01:00' })
  @IsOptional()
  @IsISO8601(INSTANT)
  startedAt?: string;

  @ApiProperty({ description: 'the version read; a stale one is 409' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version: number;
}

export class OutageFromProblemDto extends OutageFieldsDto {
  @ApiPropertyOptional({ example: 'Portale dei servizi non raggiungibile' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ example: '2026-11-20T09:50:00+01:00' })
  @IsOptional()
  @IsISO8601(INSTANT)
  startedAt?: string;
}

export class NotifyOutageDto {
  @ApiProperty({ enum: ['entes', 'users'], description: 'entes: SLA.9 to the offices; users: SLA.10' })
  @IsIn(['entes', 'users'])
  kind: 'entes' | 'users';

  @ApiPropertyOptional({ description: 'what to add to the template (public if published: no personal data)' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  message?: string;

  @ApiPropertyOptional({
    description: 'when the notice was given, if earlier (by phone, before recording it); default now',
  })
  @IsOptional()
  @IsISO8601(INSTANT)
  sentAt?: string;

  @ApiPropertyOptional({
    description: 'e-mail it to the entes’ notice addresses and referents (default true)',
  })
  @IsOptional()
  @IsBoolean()
  email?: boolean;

  @ApiPropertyOptional({ description: 'show it on the public status page and feed (default true)' })
  @IsOptional()
  @IsBoolean()
  publish?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'further addresses for this notice' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsEmail({}, { each: true })
  to?: string[];
}

export class OutageRecipientsDto {
  @ApiProperty({ type: [String], example: ['protocollo@comune.example.it'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsEmail({}, { each: true })
  emails: string[];
}

export class OutageListQueryDto {
  @ApiPropertyOptional({ example: '2017-01-01', description: 'started on or after (local date)' })
  @IsOptional()
  @Matches(LOCAL_DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2017-12-31', description: 'started on or before (local date)' })
  @IsOptional()
  @Matches(LOCAL_DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ description: 'only outages not ended yet' })
  @IsOptional()
  @IsIn(['true', 'false'])
  open?: 'true' | 'false';
}
