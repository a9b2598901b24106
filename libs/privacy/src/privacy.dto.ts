import { NotBlank } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';

export class PublishPrivacyPolicyDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The whole policy: controller, retention, runAt, purposes, recipients, processors, notice',
  })
  @IsObject()
  definition: Record<string, unknown>;

  @ApiProperty({
    description: 'Why the policy changes (kept in the audit log)',
    example: 'Delibera n. 12/2026',
  })
  @IsString()
  @IsNotEmpty()
  @NotBlank()
  @MaxLength(500)
  reason: string;
}

export class RetentionPreviewDto {
  @ApiPropertyOptional({
    description: 'Act as if this local date were today (YYYY-MM-DD); today when absent',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  asOf?: string;
}

export class ReasonDto {
  @ApiProperty({
    description: 'Why (kept in the audit log with who did it)',
    example: 'Richiesta via PEC del 3/12/2026',
  })
  @IsString()
  @IsNotEmpty()
  @NotBlank()
  @MaxLength(500)
  reason: string;
}

export class RectifyContactDto extends ReasonDto {
  @ApiPropertyOptional({ example: 'Mario Rossi' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'mario.rossi@example.it' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null && v !== '')
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+39 055 123456' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null && v !== '')
  @Matches(/^\+?[0-9 ().\-/]{3,30}$/)
  phone?: string | null;
}

export class RetentionRunResponse {
  @ApiProperty() id: string;
  @ApiProperty() asOf: Date;
  @ApiProperty() dryRun: boolean;
  @ApiProperty() policyVersion: number;
  @ApiProperty({ enum: ['schedule', 'cli', 'api'] }) trigger: string;
  @ApiProperty() startedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } },
    description: 'Per data class, what was (or would be) done, counted',
  })
  summary: Record<string, Record<string, number>>;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
}

export class PrivacyPolicyResponse {
  @ApiProperty() id: string;
  @ApiProperty() version: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'controller, retention (days and legal minimum per data class), runAt, purposes, recipients, processors, notice',
  })
  definition: Record<string, unknown>;
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  @ApiProperty() createdAt: Date;
}

export class ErasureResponse {
  @ApiProperty({ description: 'How many of the person’s tickets were anonymised' }) tickets: number;
}

export class ContactResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) enteId: string | null;
  @ApiProperty({ nullable: true, type: String }) legalHold: string | null;
  @ApiProperty({ nullable: true, type: Date }) anonymisedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}
