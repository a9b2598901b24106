import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

import { DirectoryRepository } from './directory.repository';
import {
  CategoryResponse,
  ContactMatchResponse,
  EnteResponse,
  StaffResponse,
} from './dto/directory.response';
import { USER_ROLES, UserRole } from './entities';

export class ContactSearchDto {
  @ApiPropertyOptional({ description: 'Name, e-mail or phone digits' })
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q: string;

  @ApiPropertyOptional({ default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class UserListDto {
  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;
}

@ApiTags('directory')
@Controller()
export class DirectoryController {
  constructor(private readonly directory: DirectoryRepository) {}

  @Get('entes')
  @ApiOperation({ summary: 'List the entes (municipalities)' })
  @ApiOkResponse({ type: [EnteResponse] })
  entes(): Promise<EnteResponse[]> {
    return this.directory.entes();
  }

  @Get('categories')
  @ApiOperation({ summary: 'List the ticket categories' })
  @ApiOkResponse({ type: [CategoryResponse] })
  categories(): Promise<CategoryResponse[]> {
    return this.directory.categories();
  }

  @Get('users')
  @ApiOperation({ summary: 'List the staff an agent can assign to' })
  @ApiOkResponse({ type: [StaffResponse] })
  users(@Query() query: UserListDto): Promise<StaffResponse[]> {
    return this.directory.users(query.role);
  }

  @Get('contacts')
  @ApiOperation({ summary: 'Find requesters by name, e-mail or phone (intake autocomplete)' })
  @ApiOkResponse({ type: [ContactMatchResponse] })
  contacts(@Query() query: ContactSearchDto): Promise<ContactMatchResponse[]> {
    return this.directory.searchContacts(query.q, query.limit ?? 10);
  }
}
