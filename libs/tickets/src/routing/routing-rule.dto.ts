import { NotBlank } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { TICKET_CHANNELS, TICKET_DIFFICULTIES } from '../entities';

export const ROUTING_RULE_NAME_MAX = 120;

/** The conditions' shape, for the document; the service checks each value (`conditions.channel[0]`). */
export class RoutingConditionsDto {
  @ApiPropertyOptional({
    description:
      'Regola "tutti i ticket": nessuna condizione, vale per ogni ticket / Catch-all: no condition, matches every ticket',
  })
  catchAll?: boolean;

  @ApiPropertyOptional({
    enum: TICKET_CHANNELS,
    isArray: true,
    description: 'Canale (uno tra) / Channel (any of)',
  })
  channel?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Casella e-mail / Mailbox (any of)' })
  mailboxId?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Ente (uno tra) / Ente (any of)' })
  enteId?: string[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Categoria con cui il ticket si apre / Category the ticket opens with (any of)',
  })
  categoryId?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['comune.pontassieve.fi.it'],
    description:
      'Dominio del mittente o un suo dominio padre / Sender domain or a parent of it (uffici.comune.x.it matches comune.x.it)',
  })
  senderDomain?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['stampante', 'protocollo informatico'],
    description:
      'Parole o frasi intere, senza distinguere maiuscole e accenti / Whole words or phrases, case and accents aside (any of)',
  })
  keywords?: string[];

  @ApiPropertyOptional({
    enum: ['subject', 'subject_body'],
    default: 'subject_body',
    description: 'Dove cercare le parole / Where keywords are looked for',
  })
  keywordsIn?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['srv-db*'],
    description: 'Host del monitoraggio (`*` qualsiasi) / Monitoring host (`*` wildcard)',
  })
  monitoringHost?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Servizio del monitoraggio (`*` qualsiasi) / Monitoring service (`*` wildcard)',
  })
  monitoringService?: string[];

  @ApiPropertyOptional({ description: 'Segnalazione di malfunzionamento / Malfunction flag' })
  malfunction?: boolean;
}

export class RoutingActionsDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Team del ticket / The ticket’s team' })
  teamId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Categoria / Category' })
  categoryId?: string;

  @ApiPropertyOptional({ enum: TICKET_DIFFICULTIES, description: 'Difficoltà / Difficulty' })
  difficulty?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Operatore fisso / A fixed assignee' })
  assigneeId?: string;

  @ApiPropertyOptional({
    description:
      'Assegna a turno tra i membri disponibili del team (richiede teamId) / Round-robin among the team’s available members (needs teamId)',
  })
  roundRobin?: boolean;
}

export class CreateRoutingRuleDto {
  @ApiProperty({ example: 'Stampanti al supporto CED', maxLength: ROUTING_RULE_NAME_MAX })
  @IsString()
  @NotBlank()
  @MaxLength(ROUTING_RULE_NAME_MAX)
  name: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiProperty({ type: RoutingConditionsDto })
  @IsObject()
  conditions: Record<string, unknown>;

  @ApiProperty({ type: RoutingActionsDto })
  @IsObject()
  actions: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'Posizione (1 = prima); in fondo se assente / Position (1 = first); last if absent',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  position?: number;
}

export class UpdateRoutingRuleDto {
  @ApiProperty({ description: 'La versione letta (409 se cambiata) / The version read (409 if it changed)' })
  @IsInt()
  version: number;

  @ApiPropertyOptional({ maxLength: ROUTING_RULE_NAME_MAX })
  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxLength(ROUTING_RULE_NAME_MAX)
  name?: string;

  @ApiPropertyOptional({ description: 'Attiva o disattiva / Enable or disable' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ type: RoutingConditionsDto })
  @IsOptional()
  @IsObject()
  conditions?: Record<string, unknown>;

  @ApiPropertyOptional({ type: RoutingActionsDto })
  @IsOptional()
  @IsObject()
  actions?: Record<string, unknown>;
}

export class RuleVersionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;

  @ApiProperty()
  @IsInt()
  version: number;
}

export class ReorderRoutingRulesDto {
  @ApiProperty({
    type: [RuleVersionDto],
    description:
      'Tutte le regole nel nuovo ordine, con la versione letta / Every rule in the new order, with the version read',
  })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => RuleVersionDto)
  rules: RuleVersionDto[];
}

export class PreviewRoutingRuleDto {
  @ApiProperty({ type: RoutingConditionsDto })
  @IsObject()
  conditions: Record<string, unknown>;

  @ApiPropertyOptional({
    type: RoutingActionsDto,
    description: 'Controllate se presenti / Checked when given',
  })
  @IsOptional()
  @IsObject()
  actions?: Record<string, unknown>;
}

export class RouteTicketDto {
  @ApiPropertyOptional({
    description: 'La versione letta (409 se cambiata) / The version read (409 if it changed)',
  })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class RoutingRuleResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() position: number;
  @ApiProperty() name: string;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: RoutingConditionsDto }) conditions: RoutingConditionsDto;
  @ApiProperty({ type: RoutingActionsDto }) actions: RoutingActionsDto;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class PreviewSampleResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() number: string;
  @ApiProperty() subject: string;
}

export class RoutingPreviewResponse {
  @ApiProperty({ description: 'Ticket esaminati (gli ultimi 1.000) / Tickets looked at (the last 1,000)' })
  scanned: number;

  @ApiProperty({ description: 'Quanti la regola avrebbe preso / How many the rule would have matched' })
  matched: number;

  @ApiProperty({
    type: [PreviewSampleResponse],
    description: 'I più recenti (al massimo 20) / The latest (at most 20)',
  })
  sample: PreviewSampleResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['noMatch'],
    description:
      'noMatch: la regola non avrebbe preso nessun ticket (ammessa, ma da controllare) / the rule would have matched no ticket (allowed, but check it)',
  })
  warning: 'noMatch' | null;
}

export class RouteTicketResponse {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'La regola applicata / The rule applied',
  })
  ruleId: string | null;

  @ApiProperty({ type: String, nullable: true }) ruleName: string | null;

  @ApiProperty({
    type: [String],
    description: 'Campi cambiati (teamId, categoryId, difficulty, assigneeId) / Fields changed',
  })
  changed: string[];

  @ApiProperty({ description: 'La versione del ticket dopo / The ticket’s version after' })
  version: number;
}
