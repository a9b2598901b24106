import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  Min,
} from 'class-validator';

export class CreateTagDto {
  @ApiProperty({
    example: 'rete-comunale',
    description:
      'Il nome (minuscolo; gli spazi diventano trattini) / The name (lower-cased; spaces become hyphens)',
  })
  @IsString()
  @MaxLength(50)
  name: string;

  @ApiPropertyOptional({
    example: 'Rete comunale',
    description: 'Come la mostra l’interfaccia / As the UI shows it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  label?: string;
}

export class UpdateTagDto {
  @ApiProperty({ example: 'Rete comunale' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  label: string;
}

export class ChangeTicketTagsDto {
  @ApiPropertyOptional({
    type: [String],
    example: ['pec'],
    description: 'Etichette da aggiungere / Tags to add',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  add?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Etichette da togliere / Tags to remove' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  remove?: string[];

  @ApiPropertyOptional({ description: 'The ticket version the client last read (409 if it changed)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class TagResponse {
  @ApiProperty({ example: 'rete-comunale' }) name: string;
  @ApiProperty({ example: 'Rete comunale' }) label: string;
  @ApiProperty({ description: 'Ticket che la portano / Tickets carrying it' }) tickets: number;
}

export class TagListResponse {
  @ApiProperty({
    description:
      'Se si possono usare etichette fuori elenco (TICKETS_FREE_TAGS) / Whether tags off the list may be used',
  })
  freeTags: boolean;

  @ApiProperty({ type: () => [TagResponse] }) items: TagResponse[];
}
