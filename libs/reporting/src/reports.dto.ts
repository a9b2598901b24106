import { commaList, LOCAL_DATE } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export class TicketReportQueryDto {
  @ApiProperty({
    example: '2017-01-01',
    description: "First local date (in the zone of the active SLA policy's default calendar), inclusive",
  })
  @Matches(LOCAL_DATE, { message: 'from must be a date YYYY-MM-DD' })
  from: string;

  @ApiProperty({ example: '2017-12-31', description: 'Last local date, inclusive' })
  @Matches(LOCAL_DATE, { message: 'to must be a date YYYY-MM-DD' })
  to: string;

  @ApiPropertyOptional({ enum: ['month', 'quarter', 'year'], default: 'month' })
  @IsOptional()
  @IsIn(['month', 'quarter', 'year'])
  groupBy?: 'month' | 'quarter' | 'year';

  @ApiPropertyOptional({ description: 'Comma-separated channels', example: 'email,phone' })
  @IsOptional()
  @Transform(commaList)
  @IsIn(['email', 'phone', 'web', 'monitoring'], { each: true })
  channel?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  enteId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ description: 'Statuses as they were at this instant (default now)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  asOf?: Date;

  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';
  @ApiPropertyOptional({
    enum: ['it', 'en'],
    description:
      'The download in this language: CSV for Excel (it = semicolons, decimal commas, UTF-8 BOM; en = commas, dots, BOM), XLSX and PDF words and numbers. Without it: plain CSV (commas, dots, no BOM), Italian XLSX and PDF',
  })
  @IsOptional()
  @IsIn(['it', 'en'])
  lang?: 'it' | 'en';
}

/** A period of local dates, both inclusive: the report routes' common query. */
export class LocalPeriodQueryDto {
  @ApiProperty({ example: '2017-01-01' })
  @Matches(LOCAL_DATE, { message: 'from must be a date YYYY-MM-DD' })
  from: string;

  @ApiProperty({ example: '2017-12-31' })
  @Matches(LOCAL_DATE, { message: 'to must be a date YYYY-MM-DD' })
  to: string;
}

export class SlaReportQueryDto extends LocalPeriodQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';
  @ApiPropertyOptional({
    enum: ['it', 'en'],
    description:
      'The download in this language: CSV for Excel (it = semicolons, decimal commas, UTF-8 BOM; en = commas, dots, BOM), XLSX and PDF words and numbers. Without it: plain CSV (commas, dots, no BOM), Italian XLSX and PDF',
  })
  @IsOptional()
  @IsIn(['it', 'en'])
  lang?: 'it' | 'en';
}

export class SlaBreachesQueryDto extends SlaReportQueryDto {
  @ApiPropertyOptional({ example: 'SLA.6' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  code?: string;
}

/** SLA.1-SLA.5 of a period (monitoring). */
export class AvailabilityQueryDto extends LocalPeriodQueryDto {}

/** The Nagios alerts of a year against the year before. */
export class AlertReportQueryDto {
  @ApiProperty({ example: 2017 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

/** SLA.11: the outage report of a period. */
export class OutageReportQueryDto extends LocalPeriodQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'pdf', 'xlsx'] })
  @IsOptional()
  @IsIn(['json', 'pdf', 'xlsx'])
  format?: 'json' | 'pdf' | 'xlsx';
}

/** The phone line's calls of a year. */
export class CallReportQueryDto {
  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

/** The phone line's calls of a year, as JSON or as a download. */
export class CallReportExportQueryDto extends CallReportQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';
  @ApiPropertyOptional({
    enum: ['it', 'en'],
    description:
      'CSV for Excel in this language: it = semicolons, decimal commas, UTF-8 BOM; en = commas, dots, BOM. Without it: plain CSV (commas, dots, no BOM)',
  })
  @IsOptional()
  @IsIn(['it', 'en'])
  lang?: 'it' | 'en';
}
