import { Roles } from '@app/auth';
import { CalendarSpec } from '@app/business-hours';
import { uuidParam, ValidationError } from '@app/common';
import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsString, MaxLength } from 'class-validator';

import { SlaAdminService } from './sla-admin.service';

const CALENDAR_CODE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export class SaveCalendarDto {
  @ApiProperty({ example: 'CST Firenze' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'timeZone, week, holidays, overrides (see libs/business-hours/README.md)' })
  @IsObject()
  spec: CalendarSpec;
}

export class PublishPolicyDto {
  @ApiProperty({ description: 'The whole policy: code, name, defaultCalendar, clocks' })
  @IsObject()
  definition: Record<string, unknown>;
}

const uuid = uuidParam();

@ApiTags('sla')
@Controller('sla')
export class SlaAdminController {
  constructor(private readonly admin: SlaAdminService) {}

  @Get('calendars')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({ summary: 'Business calendars' })
  listCalendars() {
    return this.admin.listCalendars();
  }

  @Get('calendars/:code')
  @ApiOperation({ summary: 'Read a business calendar' })
  @Roles('admin', 'supervisor', 'agent')
  getCalendar(@Param('code') code: string) {
    return this.admin.getCalendar(code);
  }

  @Put('calendars/:code')
  @Roles('admin')
  @ApiOperation({ summary: 'Create or replace a calendar (admin); a bad spec is 400 naming each field' })
  saveCalendar(@Param('code') code: string, @Body() dto: SaveCalendarDto) {
    if (!CALENDAR_CODE.test(code)) {
      throw new ValidationError([
        { field: 'code', reason: 'lettere minuscole, cifre, - e _ / lower-case letters, digits, - and _' },
      ]);
    }
    return this.admin.saveCalendar(code, dto.name, dto.spec);
  }

  @Get('policies')
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Every version of every SLA policy, the active one flagged' })
  listPolicies() {
    return this.admin.listPolicies();
  }

  @Get('policies/:id')
  @ApiOperation({ summary: 'Read an SLA policy version' })
  @Roles('admin', 'supervisor')
  getPolicy(@Param('id', uuid) id: string) {
    return this.admin.getPolicy(id);
  }

  @Post('policies')
  @Roles('admin')
  @ApiOperation({
    summary: 'Publish a new version of a policy (admin): active for new tickets, old tickets keep theirs',
  })
  publishPolicy(@Body() dto: PublishPolicyDto) {
    return this.admin.publishPolicy(dto.definition);
  }
}
