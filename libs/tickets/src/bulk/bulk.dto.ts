import { NotBlank } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';

export const BULK_MAX = 500;
export const BULK_ACTIONS = [
  'assign',
  'take_charge',
  'move_team',
  'tag',
  'untag',
  'resolve',
  'macro',
] as const;
export type BulkActionType = (typeof BULK_ACTIONS)[number];
export const BULK_RESULTS = ['ok', 'conflict', 'notFound', 'invalid'] as const;
export type BulkResultKind = (typeof BULK_RESULTS)[number];

export class BulkActionDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: `I ticket selezionati, al massimo ${BULK_MAX} / The selected tickets, at most ${BULK_MAX}`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_MAX)
  @IsUUID('all', { each: true })
  ids: string[];

  @ApiProperty({ enum: BULK_ACTIONS })
  @IsIn(BULK_ACTIONS)
  action: BulkActionType;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'assign: l’operatore (null toglie l’assegnatario) / the agent (null unassigns)',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'move_team: il team / the team' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ description: 'move_team: la nota / the note' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;

  @ApiPropertyOptional({ type: [String], description: 'tag, untag: le etichette / the tags' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[];

  @ApiPropertyOptional({
    description: 'resolve: un testo di risoluzione per tutti / one resolution text for all',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  @NotBlank()
  resolution?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'macro: la macro / the macro' })
  @IsOptional()
  @IsUUID()
  macroId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { '6f1c2d3e-0000-4000-8000-000000000001': 3 },
    description:
      'La versione letta di ciascun ticket (409 se cambiata) / The version read of each ticket (409 if it changed)',
  })
  @IsOptional()
  @IsObject()
  versions?: Record<string, number>;
}

export class BulkResultResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-000042' }) number: string | null;
  @ApiProperty({
    enum: BULK_RESULTS,
    description:
      'ok: fatto; conflict: rifiutato (409) e nulla cambiato; notFound: inesistente; invalid: dati non validi per questo ticket / ok: done; conflict: refused (409), nothing changed; notFound: no such ticket; invalid: input not valid for this ticket',
  })
  result: BulkResultKind;
  @ApiPropertyOptional({ description: 'Perché (italiano / inglese) / Why (Italian / English)' })
  reason?: string;
  @ApiPropertyOptional({ example: 'VERSION_CONFLICT' }) code?: string;
  @ApiPropertyOptional({ description: 'The ticket version after the change' }) version?: number;
}

export class BulkSummaryResponse {
  @ApiProperty() ok: number;
  @ApiProperty() conflict: number;
  @ApiProperty() notFound: number;
  @ApiProperty() invalid: number;
}

export class BulkResponse {
  @ApiProperty({ type: () => [BulkResultResponse] }) results: BulkResultResponse[];
  @ApiProperty({ type: () => BulkSummaryResponse }) summary: BulkSummaryResponse;
}
