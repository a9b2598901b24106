import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const NAGIOS_STATES = ['UP', 'DOWN', 'UNREACHABLE', 'OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;

/** What a Nagios notification command can send (see the README for the `define command`). */
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
  @IsString()
  @MaxLength(255)
  service?: string;

  @ApiProperty({ example: 'CRITICAL', description: '$SERVICESTATE$ or $HOSTSTATE$' })
  @IsIn(NAGIOS_STATES)
  state: (typeof NAGIOS_STATES)[number];

  @ApiPropertyOptional({ example: 'HARD', default: 'HARD' })
  @IsOptional()
  @IsIn(['SOFT', 'HARD'])
  stateType?: 'SOFT' | 'HARD';

  @ApiPropertyOptional({ example: 3 })
  @IsOptional()
  @Type(() => Number)
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

  @ApiProperty({ example: 1483228800, description: '$TIMET$ (epoch seconds)' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  // 9999-12-31T23:59:59Z: beyond it the instant is no date at all (it was a 500).
  @Max(253_402_300_799)
  timestamp: number;
}
