import { Actor, AuditService, CurrentActor, Roles } from '@app/auth';
import type { LogLevel } from '@nestjs/common';
import { Body, Controller, Get, Ip, Logger, Put } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

import { AppLogger } from './app-logger';
import { LOG_LEVEL_ORDER } from './module-log-levels';

export class SetLogLevelDto {
  @ApiProperty({ example: 'MailIngest', description: "A logger's context name, or * for the default level" })
  @Matches(/^(\*|[\w.-]{1,100})$/, { message: 'context must be a module name (letters, digits, . _ -) or *' })
  context: string;

  @ApiPropertyOptional({
    enum: LOG_LEVEL_ORDER,
    nullable: true,
    description: 'null removes the module level',
  })
  @IsOptional()
  @IsIn(LOG_LEVEL_ORDER)
  level?: LogLevel | null;
}

/** Log levels of the api process that answers (each process has its own; LOG_LEVELS sets them at start). */
@ApiTags('operations')
@Controller('admin/log-levels')
@Roles('admin')
export class LogLevelsController {
  private readonly log = new Logger('LogLevels');

  constructor(
    private readonly logger: AppLogger,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The default log level and the per-module levels of this api process' })
  levels() {
    return this.logger.levels();
  }

  @Put()
  @ApiOperation({ summary: "Change one module's log level (or the default, context *) in this api process" })
  async set(@Body() dto: SetLogLevelDto, @CurrentActor() actor: Actor, @Ip() ip: string) {
    this.logger.setLevel(dto.context, dto.level ?? null);
    this.log.log(`Log level of ${dto.context} set to ${dto.level ?? 'the default'} by user ${actor.id}`);
    await this.audit.record({ actorId: actor.id, action: 'log_level_changed', ip, details: { ...dto } });
    return this.logger.levels();
  }
}
