import { CurrentActor } from '@app/auth';
import { uuidParam } from '@app/common';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';

import { NotificationRepository } from './notification.repository';
import { SlaReadService } from './sla-read.service';

const uuid = uuidParam();

export class NotificationListDto {
  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class MarkNotificationsReadDto {
  @ApiPropertyOptional({
    description: 'The notifications to mark as read; without it, all of them',
    type: [String],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  ids?: string[];
}

@ApiTags('sla')
@Controller()
export class SlaController {
  constructor(
    private readonly sla: SlaReadService,
    private readonly notifications: NotificationRepository,
    private readonly dataSource: DataSource,
  ) {}

  @Get('tickets/:id/sla')
  @ApiOperation({
    summary: 'Explain every SLA clock of a ticket: intervals counted, days skipped, pauses, recomputations',
  })
  explain(@Param('id', uuid) id: string) {
    return this.sla.explain(id);
  }

  @Get('notifications')
  @ApiOperation({ summary: "The acting user's in-app notifications (clocks at risk and breached)" })
  list(@Query() query: NotificationListDto, @CurrentActor() actor: { id: string }) {
    return this.notifications.listForUser(this.dataSource.manager, actor.id, query.limit ?? 50);
  }

  @Post('notifications/read')
  @HttpCode(200)
  @ApiOperation({ summary: "Mark the acting user's notifications as read (the given ones, or all)" })
  async markRead(@Body() dto: MarkNotificationsReadDto, @CurrentActor() actor: { id: string }) {
    return { read: await this.notifications.markRead(this.dataSource.manager, actor.id, dto.ids) };
  }
}
