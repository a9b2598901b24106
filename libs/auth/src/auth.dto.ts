import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';

import { type Role, ROLES } from './auth.decorators';

export class LoginDto {
  @ApiProperty({ example: 'operatore1@cst.example' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  email: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ description: 'At least 12 characters' })
  @IsString()
  @MaxLength(200)
  newPassword: string;
}

export class CreateUserDto {
  @ApiProperty()
  @IsEmail()
  email: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ description: 'Initial password, at least 12 characters' })
  @IsString()
  @MaxLength(200)
  password: string;

  @ApiPropertyOptional({ description: 'For an ente_referent: the entes they may see', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  enteIds?: string[];
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  enteIds?: string[];

  @ApiPropertyOptional({ description: 'Reset the password (at least 12 characters)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  password?: string;
}

export class CreateTokenDto {
  @ApiProperty({ example: 'Nagios' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({
    example: ['monitoring'],
    type: [String],
    description:
      'monitoring: the Nagios webhook; metrics: GET /api/metrics for Prometheus; cti: POST /api/cti/events from the PBX',
  })
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(['monitoring', 'metrics', 'cti'], { each: true })
  scopes: string[];
}
