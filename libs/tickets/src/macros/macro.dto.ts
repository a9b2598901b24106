import { NotBlank } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmptyObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { TICKET_DIFFICULTIES, TicketDifficulty } from '../entities';
import { MACRO_PLACEHOLDERS } from './macro-template.util';

const PLACEHOLDER_LIST = MACRO_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ');

export const MACRO_STATUSES = ['open', 'waiting', 'resolved'] as const;
export type MacroStatus = (typeof MACRO_STATUSES)[number];

export class MacroAnswerDto {
  @ApiProperty({
    enum: ['email', 'note'],
    description:
      'email: risposta al richiedente; note: nota interna / email: an answer to the requester; note: an internal note',
  })
  @IsIn(['email', 'note'])
  via: 'email' | 'note';

  @ApiProperty({
    example: 'Gentile {{requester.name}}, la richiesta {{ticket.number}} è stata presa in carico.',
    description: `Testo con segnaposto / Text with placeholders: ${PLACEHOLDER_LIST}`,
  })
  @IsString()
  @MaxLength(20_000)
  @NotBlank()
  body: string;
}

export class MacroActionsDto {
  @ApiPropertyOptional({ type: () => MacroAnswerDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MacroAnswerDto)
  answer?: MacroAnswerDto;

  @ApiPropertyOptional({
    enum: MACRO_STATUSES,
    description:
      'open: presa in carico o ripresa; waiting: in attesa; resolved: risolto con la risoluzione / open: take charge or resume; waiting: wait; resolved: resolve with the resolution',
  })
  @IsOptional()
  @IsIn(MACRO_STATUSES)
  status?: MacroStatus;

  @ApiPropertyOptional({
    description: `Testo della risoluzione, obbligatorio con status resolved / Resolution text, required with status resolved (${PLACEHOLDER_LIST})`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  @NotBlank()
  resolution?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ enum: TICKET_DIFFICULTIES })
  @IsOptional()
  @IsIn(TICKET_DIFFICULTIES)
  difficulty?: TicketDifficulty;

  @ApiPropertyOptional({ format: 'uuid', description: 'Sposta al team / Move to the team' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ type: [String], example: ['pec'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  addTags?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  removeTags?: string[];
}

export class CreateMacroDto {
  @ApiProperty({ example: 'Password PEC reimpostata' })
  @IsString()
  @MaxLength(120)
  @NotBlank()
  name: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description:
      'Il team della macro (i suoi responsabili la gestiscono); null: di tutti, solo gli admin / The macro’s team (its leads manage it); null: everyone’s, admins only',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  teamId?: string | null;

  @ApiProperty({ type: () => MacroActionsDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => MacroActionsDto)
  actions: MacroActionsDto;
}

export class UpdateMacroDto extends CreateMacroDto {
  @ApiProperty({ description: 'The macro version the client read (409 if it changed)' })
  @IsInt()
  @Min(1)
  version: number;
}

export class ApplyMacroDto {
  @ApiPropertyOptional({ description: 'The ticket version the client last read (409 if it changed)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class MacroAnswerResponse {
  @ApiProperty({ enum: ['email', 'note'] }) via: 'email' | 'note';
  @ApiProperty() body: string;
}

export class MacroActionsResponse {
  @ApiPropertyOptional({ type: () => MacroAnswerResponse }) answer?: MacroAnswerResponse;
  @ApiPropertyOptional({ enum: MACRO_STATUSES }) status?: MacroStatus;
  @ApiPropertyOptional() resolution?: string;
  @ApiPropertyOptional({ format: 'uuid' }) categoryId?: string;
  @ApiPropertyOptional({ enum: TICKET_DIFFICULTIES }) difficulty?: TicketDifficulty;
  @ApiPropertyOptional({ format: 'uuid' }) teamId?: string;
  @ApiPropertyOptional({ type: [String] }) addTags?: string[];
  @ApiPropertyOptional({ type: [String] }) removeTags?: string[];
}

export class MacroResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) teamId: string | null;
  @ApiProperty({ type: String, nullable: true }) teamName: string | null;
  @ApiProperty({ type: () => MacroActionsResponse }) actions: MacroActionsResponse;
  @ApiProperty() version: number;
  @ApiProperty({
    description:
      'Se chi chiede può modificarla (admin, o responsabile del team) / Whether the caller may edit it (admin, or the team’s lead)',
  })
  editable: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class MacroListResponse {
  @ApiProperty({ type: () => [MacroResponse] }) items: MacroResponse[];
  @ApiProperty({ type: [String], description: 'I segnaposto ammessi / The placeholders allowed' })
  placeholders: string[];
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'I team di cui chi chiede è responsabile (può crearne le macro) / The teams the caller leads (may create their macros)',
  })
  leadOf: string[];
}

export class MacroPreviewResponse {
  @ApiProperty({ format: 'uuid' }) macroId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: () => MacroAnswerResponse, nullable: true }) answer: MacroAnswerResponse | null;
  @ApiProperty({ type: String, nullable: true }) resolution: string | null;
  @ApiProperty({ type: String, enum: MACRO_STATUSES, nullable: true }) status: MacroStatus | null;
  @ApiProperty({ type: String, nullable: true }) category: string | null;
  @ApiProperty({ type: String, enum: TICKET_DIFFICULTIES, nullable: true }) difficulty: string | null;
  @ApiProperty({ type: String, nullable: true }) team: string | null;
  @ApiProperty({ type: [String] }) addTags: string[];
  @ApiProperty({ type: [String] }) removeTags: string[];
  @ApiProperty({ description: 'The ticket version the preview was made on' }) ticketVersion: number;
}
