import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const NAGIOS_STATES = ['UP', 'DOWN', 'UNREACHABLE', 'OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;

/**
 * A form field Nagios left empty ($SERVICEDESC$ of a host, an ACK's author on other types) is absent.
 * Form-encoded bodies carry only strings; JSON ones may carry numbers.
 */
const emptyIsAbsent = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * What a Nagios notification command sends (see the README for the `define command`), as JSON or
 * form-encoded (`curl --data-urlencode`, which survives any plugin output).
 */
export class NagiosNotificationDto {
  @ApiProperty({ example: 'PROBLEM', description: '$NOTIFICATIONTYPE$' })
  @IsIn([
    'PROBLEM',
    'RECOVERY',
    'ACKNOWLEDGEMENT',
    'FLAPPINGSTART',
    'FLAPPINGSTOP',
    'FLAPPINGDISABLED',
    'DOWNTIMESTART',
    'DOWNTIMEEND',
    'DOWNTIMECANCELLED',
    'CUSTOM',
  ])
  type: string;

  @ApiProperty({ example: 'csdb1', description: '$HOSTNAME$' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  host: string;

  @ApiPropertyOptional({
    example: 'PostgreSQL',
    description: '$SERVICEDESC$ (absent for host notifications)',
  })
  @IsOptional()
  @Transform(emptyIsAbsent)
  @IsString()
  @MaxLength(255)
  service?: string;

  @ApiProperty({ example: 'CRITICAL', description: '$SERVICESTATE$ or $HOSTSTATE$' })
  @IsIn(NAGIOS_STATES)
  state: (typeof NAGIOS_STATES)[number];

  @ApiPropertyOptional({ example: 'HARD', default: 'HARD' })
  @IsOptional()
  @Transform(emptyIsAbsent)
  @IsIn(['SOFT', 'HARD'])
  stateType?: 'SOFT' | 'HARD';

  @ApiPropertyOptional({ example: 3 })
  @IsOptional()
  @Transform(({ value }) => (value === '' ? undefined : typeof value === 'string' ? Number(value) : value))
  @IsInt()
  @Min(0)
  // The largest PostgreSQL integer: a bigger one was a 500.
  @Max(2_147_483_647)
  attempt?: number;

  @ApiPropertyOptional({ example: 'connection refused' })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  output?: string;

  @ApiPropertyOptional({ example: 'time=0.007s;1;2;0' })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  perfData?: string;

  @ApiPropertyOptional({ example: 'mrossi', description: '$NOTIFICATIONAUTHOR$ (ACKNOWLEDGEMENT, CUSTOM)' })
  @IsOptional()
  @Transform(emptyIsAbsent)
  @IsString()
  @MaxLength(255)
  author?: string;

  @ApiPropertyOptional({
    example: 'ci sto lavorando',
    description: '$NOTIFICATIONCOMMENT$ (ACKNOWLEDGEMENT, CUSTOM)',
  })
  @IsOptional()
  @Transform(emptyIsAbsent)
  @IsString()
  @MaxLength(8000)
  comment?: string;

  @ApiProperty({ example: 1483228800, description: '$TIMET$ (epoch seconds)' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  // 9999-12-31T23:59:59Z: beyond it the instant is no date at all (it was a 500).
  @Max(253_402_300_799)
  timestamp: number;
}
