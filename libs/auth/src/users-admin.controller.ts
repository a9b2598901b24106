import { NotIdempotent, uuidParam, ValidationError } from '@app/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { Request } from 'express';

import { AuditService } from './audit.service';
import { Actor, CurrentActor, Roles } from './auth.decorators';
import { CreateTokenDto, CreateUserDto, UpdateUserDto } from './auth.dto';
import { UsersAdminService } from './users-admin.service';

const uuid = uuidParam();

export class AuditQueryDto {
  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ example: 'login_failed' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  action?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only what this user did' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00+01:00', description: 'From this instant (included)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-02T00:00:00+01:00', description: 'Up to this instant (excluded)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'The next page: entries older than the entry with this id' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'before must be an audit entry id' })
  before?: string;
}

/** Users, roles, machine tokens and the audit log: admins only. */
@ApiTags('admin')
@Controller('admin')
@Roles('admin')
export class UsersAdminController {
  constructor(
    private readonly users: UsersAdminService,
    private readonly audit: AuditService,
  ) {}

  @Get('users')
  @ApiOperation({ summary: 'List staff and referent accounts' })
  list() {
    return this.users.list();
  }

  @Post('users')
  @ApiOperation({ summary: 'Create a user with a role (and the entes of an ente_referent)' })
  create(@Body() dto: CreateUserDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.users.create(dto, actor.id, req.ip ?? null);
  }

  @Get('users/:id')
  @ApiOperation({ summary: 'Read one account' })
  get(@Param('id', uuid) id: string) {
    return this.users.get(id);
  }

  @Patch('users/:id')
  @ApiOperation({
    summary: 'Change role, entes, active flag or password; ends the sessions of a changed user',
  })
  update(
    @Param('id', uuid) id: string,
    @Body() dto: UpdateUserDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.users.update(id, dto, actor.id, req.ip ?? null);
  }

  @Post('users/:id/unlock')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Let every client address sign in to this user again (forgets the attempts counted for the e-mail address); audited',
  })
  unlock(@Param('id', uuid) id: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.users.unlock(id, actor.id, req.ip ?? null);
  }

  @Get('tokens')
  @ApiOperation({ summary: 'List API tokens (never their secret)' })
  listTokens() {
    return this.users.listTokens();
  }

  @Post('tokens')
  @NotIdempotent() // its answer holds the secret, shown once: never stored for a replay
  @ApiOperation({
    summary: 'Create a scoped API token for a machine; the token is shown only in this answer',
  })
  createToken(@Body() dto: CreateTokenDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.users.createToken(dto, actor.id, req.ip ?? null);
  }

  @Delete('tokens/:id')
  @ApiOperation({ summary: 'Revoke an API token' })
  @HttpCode(204)
  revokeToken(@Param('id', uuid) id: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.users.revokeToken(id, actor.id, req.ip ?? null);
  }

  @Get('audit')
  @ApiOperation({
    summary:
      'Sign-ins, failures, role changes, referents reading tickets: newest first, by action, user and time range, paged by `before`',
  })
  auditLog(@Query() query: AuditQueryDto) {
    if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
      throw new ValidationError([
        { field: 'to', reason: 'deve seguire from / must come after from', code: 'toBeforeFrom' },
      ]);
    }
    return this.audit.list({ ...query, limit: query.limit ?? 100 });
  }

  @Get('audit/actions')
  @ApiOperation({ summary: 'The actions the audit log holds, for its filter' })
  auditActions() {
    return this.audit.actions();
  }
}
