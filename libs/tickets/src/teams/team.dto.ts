import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class CreateTeamDto {
  @ApiProperty({ example: 'ced', description: 'Short code: lower-case letters, digits, - and _' })
  @Matches(/^[a-z0-9][a-z0-9_-]{0,39}$/)
  code: string;

  @ApiProperty({ example: 'Supporto CED (secondo livello)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({
    nullable: true,
    example: 'cst',
    description: 'The team’s default business calendar',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(40)
  calendarCode?: string | null;
}

export class UpdateTeamDto {
  @ApiPropertyOptional({ example: 'Supporto CED' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ nullable: true, example: 'cst' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(40)
  calendarCode?: string | null;

  @ApiPropertyOptional({ description: 'An inactive team is offered nowhere; its tickets keep it' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class TeamMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId: string;

  @ApiPropertyOptional({ default: false, description: 'A team lead manages the team’s macros' })
  @IsOptional()
  @IsBoolean()
  lead?: boolean;
}

export class SetTeamMembersDto {
  @ApiProperty({ type: [TeamMemberDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => TeamMemberDto)
  members: TeamMemberDto[];
}

export class AvailabilityDto {
  @ApiProperty({ description: 'false: absent (holidays, leave): round-robin routing skips them' })
  @IsBoolean()
  available: boolean;
}

export class MoveTeamDto {
  @ApiProperty({ format: 'uuid', nullable: true, description: 'The receiving team (null: no team)' })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  teamId: string | null;

  @ApiPropertyOptional({
    example: 'Serve un intervento sul server del Comune',
    description: 'Why (on the timeline)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Keep the assignee (otherwise the receiving team picks)',
  })
  @IsOptional()
  @IsBoolean()
  keepAssignee?: boolean;

  @ApiPropertyOptional({ description: 'The version the caller read (409 if it changed)' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class TeamMemberResponse {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['admin', 'supervisor', 'agent'] }) role: string;
  @ApiProperty() lead: boolean;
  @ApiProperty({ description: 'false while absent' }) available: boolean;
}

export class TeamResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) calendarCode: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: () => [TeamMemberResponse] }) members: TeamMemberResponse[];
}
