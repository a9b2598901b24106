import { Actor, CurrentActor } from '@app/auth';
import { uuidParam } from '@app/common';
import { Body, Controller, Delete, HttpCode, MessageEvent, Param, Post, Sse } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { interval, map, merge, Observable } from 'rxjs';
import { TicketChangeFeed } from './ticket-change-feed.service';
import { TicketPresenceRepository } from './ticket-presence.repository';

const uuid = uuidParam();
/** Proxies close idle connections after a minute or so: a ping keeps the stream open. */
const PING_MS = 25_000;

export class PresenceDto {
  @ApiPropertyOptional({ description: 'The agent is writing an answer' })
  @IsOptional()
  @IsBoolean()
  composing?: boolean;
}

/** What keeps the agents' screens current: the change stream and who is on which ticket. */
@ApiTags('live')
@Controller()
export class LiveController {
  constructor(
    private readonly feed: TicketChangeFeed,
    private readonly presence: TicketPresenceRepository,
  ) {}

  @Sse('events')
  @ApiOperation({ summary: 'Server-sent events: batches of changed tickets (staff only)' })
  events(): Observable<MessageEvent> {
    return merge(
      this.feed.stream().pipe(map((changes): MessageEvent => ({ type: 'tickets', data: { changes } }))),
      interval(PING_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} }))),
    );
  }

  @Post('tickets/:id/presence')
  @HttpCode(200)
  @ApiOperation({ summary: 'Heartbeat of an open ticket page; returns the other staff on it' })
  async beat(@Param('id', uuid) id: string, @Body() dto: PresenceDto, @CurrentActor() actor: Actor) {
    return { viewers: await this.presence.beat(id, actor.id, dto.composing ?? false) };
  }

  @Delete('tickets/:id/presence')
  @ApiOperation({ summary: 'Leave a ticket (presence)' })
  @HttpCode(204)
  async leave(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.presence.leave(id, actor.id);
  }
}
