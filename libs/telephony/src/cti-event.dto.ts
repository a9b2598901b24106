import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

import { CTI_EVENTS, CtiEventName } from './call-fold';

/** A field the PBX script left empty (`from=` of a withheld caller, `cause=` of a newCall) is absent. */
const emptyIsAbsent = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * One event of the generic help-desk CTI format that PBX scripts already send to other help desks,
 * as JSON or form-encoded (`curl --data-urlencode`). Field names are that format's, unchanged.
 */
export class CtiEventDto {
  @ApiProperty({ enum: CTI_EVENTS, example: 'newCall' })
  @IsIn(CTI_EVENTS, { message: 'deve essere newCall, answer o hangup / must be newCall, answer or hangup' })
  event: CtiEventName;

  @ApiProperty({ example: '1764840000.42', description: "The PBX's id of the call (Asterisk: ${UNIQUEID})" })
  @IsString()
  @Matches(/^[\x21-\x7e]{1,200}$/, {
    message: 'da 1 a 200 caratteri ASCII stampabili / 1 to 200 printable ASCII characters',
  })
  callId: string;

  @ApiPropertyOptional({ example: '055 2345678', description: 'Caller number (required on newCall)' })
  @IsOptional()
  @Transform(emptyIsAbsent)
  @IsString()
  @MaxLength(64)
  from?: string;

  @ApiPropertyOptional({ example: '0550001000', description: 'Called number (required on newCall)' })
  @IsOptional()
  @Transform(emptyIsAbsent)
  @IsString()
  @MaxLength(64)
  to?: string;

  @ApiPropertyOptional({
    enum: ['in', 'out'],
    description: 'in: a caller rings the help desk (required on newCall)',
  })
  @IsOptional()
  @Transform(emptyIsAbsent)
  @IsIn(['in', 'out'], { message: 'deve essere in o out / must be in or out' })
  direction?: 'in' | 'out';

  @ApiPropertyOptional({ example: '201', description: 'The extension (or agent) that answered or called' })
  @IsOptional()
  @Transform(emptyIsAbsent)
  @IsString()
  @MaxLength(100)
  user?: string;

  @ApiPropertyOptional({
    example: 'normalClearing',
    description: 'Why a call ended (hangup): normalClearing, busy, cancel, noAnswer, congestion, notFound...',
  })
  @IsOptional()
  @Transform(emptyIsAbsent)
  @Matches(/^[A-Za-z][A-Za-z0-9_-]{0,49}$/, {
    message: 'una parola fino a 50 caratteri / one word up to 50 characters',
  })
  cause?: string;

  @ApiPropertyOptional({ example: '201', description: 'The number or extension that answered (informative)' })
  @IsOptional()
  @Transform(emptyIsAbsent)
  @IsString()
  @MaxLength(64)
  answeringNumber?: string;

  @ApiPropertyOptional({
    example: 1764840000,
    description: 'When it happened, Unix seconds (Asterisk: ${EPOCH}); the time of receipt if absent',
  })
  @IsOptional()
  @Transform(emptyIsAbsent)
  @Type(() => Number)
  @IsInt({ message: 'secondi Unix interi / whole Unix seconds' })
  @Min(1_000_000_000)
  @Max(9_999_999_999)
  timestamp?: number;
}
