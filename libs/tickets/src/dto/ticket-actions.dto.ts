import { NotBlank } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

import { TICKET_DIFFICULTIES, TicketDifficulty } from '../entities';

/** Every action may carry the version the agent saw: a stale one gets 409 and changes nothing. */
export class VersionedDto {
  @ApiPropertyOptional({ description: 'The ticket version the client last read' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class TakeChargeDto extends VersionedDto {
  @ApiPropertyOptional({ description: 'Take charge on behalf of another agent' })
  @IsOptional()
  @IsUUID()
  agentId?: string;
}

export class AssignDto extends VersionedDto {
  @ApiProperty({ nullable: true, description: 'null removes the assignee' })
  @ValidateIf((o: AssignDto) => o.assigneeId !== null)
  @IsUUID()
  assigneeId: string | null;
}

export class ReplyDto extends VersionedDto {
  @ApiProperty({ enum: ['phone', 'email'] })
  @IsIn(['phone', 'email'])
  via: 'phone' | 'email';

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100_000)
  @NotBlank()
  body: string;

  @ApiPropertyOptional({
    description: 'When the phone answer was given, if registered afterwards (phone only)',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  answeredAt?: Date;

  @ApiPropertyOptional({ description: 'E-mail only: copies to these addresses', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true })
  cc?: string[];

  @ApiPropertyOptional({
    description: 'E-mail only: files uploaded with POST /api/tickets/:id/attachments',
    type: [String],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

export class NoteDto extends VersionedDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100_000)
  @NotBlank()
  body: string;
}

export class WaitDto extends VersionedDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  reason?: string;
}

export class StartInterventionDto extends VersionedDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  startedAt?: Date;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  note?: string;
}

export class ResolveDto extends VersionedDto {
  @ApiProperty({ description: 'What was done (required)' })
  @IsString()
  @MinLength(3)
  @MaxLength(20_000)
  @NotBlank()
  resolution: string;

  @ApiPropertyOptional({ description: 'Risolto - non di competenza' })
  @IsOptional()
  @IsBoolean()
  notCompetent?: boolean;

  @ApiPropertyOptional({
    description: 'Where a not-competent ticket was redirected (required with notCompetent)',
  })
  @ValidateIf((o: ResolveDto) => o.notCompetent === true || o.redirectedTo !== undefined)
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  @NotBlank()
  redirectedTo?: string;
}

export class ReopenDto extends VersionedDto {
  @ApiProperty()
  @IsString()
  @MinLength(3)
  @MaxLength(5_000)
  @NotBlank()
  reason: string;
}

export class UpdateTicketDto {
  @ApiProperty({ description: 'The ticket version the client last read (required)' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  enteId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ enum: TICKET_DIFFICULTIES })
  @IsOptional()
  @IsIn(TICKET_DIFFICULTIES)
  difficulty?: TicketDifficulty;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  subject?: string;
}

export class ChangeSlaPolicyDto {
  @ApiProperty({ description: 'The SLA policy version the ticket moves to' })
  @IsUUID()
  policyId: string;

  @ApiPropertyOptional({ description: 'The ticket version the client last read' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
