import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export class MailboxDto {
  @ApiProperty({ example: 'Assistenza servizi online' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'assistenza@cst.example' })
  @IsEmail()
  address: string;

  @ApiProperty({ example: 'imap.cst.example' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  imapHost: string;

  @ApiProperty({ example: 993 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  imapPort: number;

  @ApiProperty({ description: 'TLS from the first byte (993)' })
  @IsBoolean()
  imapTls: boolean;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  imapUser: string;

  @ApiPropertyOptional({ description: 'Write-only: stored encrypted, never returned' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  imapPassword?: string;

  @ApiPropertyOptional({ default: 'INBOX' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  folder?: string;

  @ApiPropertyOptional({ description: 'Move ingested mail here; without it ingested mail is flagged' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  processedFolder?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  defaultEnteId?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  defaultCategoryId?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    default: false,
    description:
      'Nagios notification mails: they become monitoring events, never tickets or acknowledgements',
  })
  @IsOptional()
  @IsBoolean()
  monitoring?: boolean;
}

/** A sender's domain name (comune.fiesole.fi.it). */
export const DOMAIN_RE = /^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/i;

export class EnteDomainDto {
  @ApiProperty({ example: 'comune.fiesole.fi.it' })
  @Matches(DOMAIN_RE, { message: 'domain must be a domain name' })
  domain: string;

  @ApiProperty()
  @IsUUID()
  enteId: string;
}
