import { Actor, AuthService, CurrentActor, Roles, stillSignedIn } from '@app/auth';
import { NotIdempotent, uuidParam } from '@app/common';
import { Body, Controller, Delete, HttpCode, MessageEvent, Param, Post, Req, Sse } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import type { Request } from 'express';
import { concatMap, filter, interval, map, merge, Observable, takeWhile } from 'rxjs';

import type { TicketChange } from './change-window.util';
import { LiveSources } from './live-sources';
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
    private readonly auth: AuthService,
    private readonly sources: LiveSources,
  ) {}

  /**
   * The stream outlives no session: before every heartbeat and every batch the credential it was
   * opened with is checked again, and after sign-out, deactivation, a role change or a revoked
   * token the stream says `session_ended` and closes. A referent gets only their entes' tickets.
   */
  @Sse('events')
  @Roles('admin', 'supervisor', 'agent', 'ente_referent')
  @ApiOperation({
    summary:
      "Server-sent events: batches of changed tickets (a referent: their entes' only), ringing calls to staff; closes at sign-out",
  })
  events(@CurrentActor() actor: Actor, @Req() request: Request): Observable<MessageEvent> {
    const visible = (changes: TicketChange[]) =>
      actor.role === 'ente_referent'
        ? changes.filter((c) => c.enteId !== null && actor.enteIds.includes(c.enteId))
        : changes;
    return merge(
      this.feed.stream().pipe(
        map(visible),
        filter((changes) => changes.length > 0),
        map((changes): MessageEvent => ({ type: 'tickets', data: { changes } })),
      ),
      interval(PING_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} }))),
      ...this.sources.streams(actor),
    ).pipe(
      concatMap(async (event) => ((await stillSignedIn(this.auth, request, actor)) ? event : null)),
      takeWhile((event): event is MessageEvent => event !== null, true),
      map((event) => event ?? { type: 'session_ended', data: {} }),
    );
  }

  @Post('tickets/:id/presence')
  @NotIdempotent() // a heartbeat every 10 s, no write worth a key
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
