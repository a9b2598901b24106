import { Actor, AuditReferentReads, CurrentActor, Roles } from '@app/auth';
import { uuidParam } from '@app/common';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import { CreateTicketDto } from './dto/create-ticket.dto';
import { ListTicketsDto } from './dto/list-tickets.dto';
import { TicketDetailResponse, TicketPageResponse } from './dto/ticket.response';
import {
  AssignDto,
  ChangeSlaPolicyDto,
  NoteDto,
  ReopenDto,
  ReplyDto,
  ResolveDto,
  StartInterventionDto,
  TakeChargeDto,
  UpdateTicketDto,
  WaitDto,
} from './dto/ticket-actions.dto';
import { MoveTeamDto } from './teams/team.dto';
import { TicketService } from './ticket.service';
import { TicketAccessPolicy } from './ticket-access.policy';

const uuid = uuidParam();

@ApiTags('tickets')
@Controller('tickets')
export class TicketController {
  constructor(
    private readonly tickets: TicketService,
    private readonly access: TicketAccessPolicy,
  ) {}

  @ApiOkResponse({ type: TicketPageResponse })
  @Get()
  @Roles('admin', 'supervisor', 'agent', 'ente_referent')
  @AuditReferentReads('tickets_listed')
  @ApiOperation({ summary: 'List tickets with filters, full-text search, sorting and cursor pagination' })
  async list(@Query() query: ListTicketsDto, @CurrentActor() actor: Actor): Promise<TicketPageResponse> {
    const { myTeams, teamId, tag, ...filters } = query;
    const referent = actor.role === 'ente_referent';
    const page = await this.tickets.list(
      {
        ...filters,
        // Referents never see teams: their filters are ignored and rows carry no team.
        ...(referent ? {} : { teamId, teamOf: myTeams ? actor.id : undefined, tag: tag?.toLowerCase() }),
        sort: query.sort ?? '-received',
        limit: query.limit ?? 50,
        enteScope: this.access.listScope(actor),
      },
      referent,
    );
    // Nor tags (issue 19.5): the staff's own classification.
    return referent ? { ...page, items: page.items.map((row) => ({ ...row, tags: [] })) } : page;
  }

  @ApiOkResponse({ type: TicketDetailResponse })
  @Get(':id')
  @ApiOperation({ summary: 'Read a ticket with its timeline, clocks and requester' })
  @Roles('admin', 'supervisor', 'agent', 'ente_referent')
  async get(
    @Param('id', uuid) id: string,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ): Promise<TicketDetailResponse> {
    await this.access.assertCanRead(actor, id, req.ip);
    return this.access.visibleTo(actor, await this.tickets.get(id));
  }

  @ApiCreatedResponse({ type: TicketDetailResponse })
  @Post()
  @ApiOperation({ summary: 'Register a ticket (phone intake)' })
  create(@Body() dto: CreateTicketDto, @CurrentActor() actor: Actor): Promise<TicketDetailResponse> {
    return this.tickets.create(dto, actor);
  }

  @ApiOkResponse({ type: TicketDetailResponse })
  @Patch(':id')
  @ApiOperation({ summary: 'Change ente, category, difficulty or subject (with the version read)' })
  update(
    @Param('id', uuid) id: string,
    @Body() dto: UpdateTicketDto,
    @CurrentActor() actor: Actor,
  ): Promise<TicketDetailResponse> {
    return this.tickets.update(id, dto, actor);
  }

  @ApiOkResponse({ type: TicketDetailResponse })
  @Post(':id/sla-policy')
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary: 'Move the ticket to another SLA policy version; its clocks keep the business time elapsed',
  })
  changeSlaPolicy(
    @Param('id', uuid) id: string,
    @Body() dto: ChangeSlaPolicyDto,
    @CurrentActor() actor: Actor,
  ): Promise<TicketDetailResponse> {
    return this.tickets.changeSlaPolicy(id, dto.policyId, actor, dto.version);
  }

  @ApiOkResponse({ type: TicketDetailResponse })
  @Post(':id/team')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Sposta il ticket a un altro team (passaggio di livello) con una nota / Move the ticket to another team (escalation between levels) with a note',
    description:
      'Cronologia e tempi SLA restano; l’assegnatario passa al team che riceve salvo keepAssignee; già di quel team: 409; versione cambiata: 409. / ' +
      'Timeline and SLA clocks stay; the assignee is left to the receiving team unless keepAssignee; already that team: 409; a changed version: 409.',
  })
  moveTeam(
    @Param('id', uuid) id: string,
    @Body() dto: MoveTeamDto,
    @CurrentActor() actor: Actor,
  ): Promise<TicketDetailResponse> {
    return this.tickets.moveTeam(id, dto, actor);
  }

  @ApiOkResponse({ type: TicketDetailResponse })
  @Post(':id/take-charge')
  @ApiOperation({ summary: 'Take charge of a ticket (stops SLA.6)' })
  @HttpCode(200)
  takeCharge(
    @Param('id', uuid) id: string,
    @Body() dto: TakeChargeDto,
    @CurrentActor() actor: Actor,
  ): Promise<TicketDetailResponse> {
    return this.tickets.act(
      id,
      { type: 'take_charge', agentId: dto.agentId ?? actor.id },
      actor,
      dto.version,
    );
  }

  @ApiOkResponse({ type: TicketDetailResponse })
  @Post(':id/assign')
  @ApiOperation({ summary: 'Assign a ticket to an agent' })
  @HttpCode(200)
  assign(
    @Param('id', uuid) id: string,
    @Body() dto: AssignDto,
    @CurrentActor() actor: Actor,
  ): Promise<TicketDetailResponse> {
    return this.tickets.act(id, { type: 'assign', assigneeId: dto.assigneeId }, actor, dto.version);
  }

  @ApiOkResponse({ type: TicketDetailResponse })
  @Post(':id/reply')
  @ApiOperation({ summary: 'Answer the requester (e-mail or phone); the first answer stops SLA.7' })
  @HttpCode(200)
  reply(
    @Param('id', uuid) id: string,
    @Body() dto: ReplyDto,
    @CurrentActor() actor: Actor,
  ): Promise<TicketDetailResponse> {
    return this.tickets.reply(
      id,
      {
        via: dto.via,
        body: dto.body,
        answeredAt: dto.answeredAt,
        cc: dto.cc,
        attachmentIds: dto.attachmentIds,
      },
      actor,
      dto.version,
    );
  }

  @ApiOkResponse({ type: TicketDetailResponse })
  @Post(':id/notes')
  @ApiOperation({
    summary:
      'Add a note to the timeline: internal (staff only) from staff, visible to the ente from its referents',
  })
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'agent', 'ente_referent')
  async note(
    @Param('id', uuid) id: string,
    @Body() dto: NoteDto,
    @CurrentActor() actor: Actor,
  ): Promise<TicketDetailResponse> {
    await this.access.assertCanRead(actor, id);
    // A referent's note is visible to the ente's referents; a staff note is internal.
    const type = actor.role === 'ente_referent' ? 'referent_note' : 'note';
    return this.access.visibleTo(
      actor,
      await this.tickets.act(id, { type, body: dto.body }, actor, dto.version),
    );
  }

  @ApiOkResponse({ type: TicketDetailResponse })
  @Post(':id/wait')
  @ApiOperation({ summary: 'Put a ticket on hold with a reason (pauses the clocks that allow it)' })
  @HttpCode(200)
  wait(
    @Param('id', uuid) id: string,
    @Body() dto: WaitDto,
    @CurrentActor() actor: Actor,
  ): Promise<TicketDetailResponse> {
    return this.tickets.act(id, { type: 'wait', reason: dto.reason }, actor, dto.version);
  }

  @ApiOkResponse({ type: TicketDetailResponse })
  @Post(':id/resume')
  @ApiOperation({ summary: 'Resume a ticket on hold' })
  @HttpCode(200)
  resume(
    @Param('id', uuid) id: string,
    @Body() dto: WaitDto,
    @CurrentActor() actor: Actor,
  ): Promise<TicketDetailResponse> {
    return this.tickets.act(id, { type: 'resume' }, actor, dto.version);
  }

  @ApiOkResponse({ type: TicketDetailResponse })
  @Post(':id/start-intervention')
  @ApiOperation({ summary: 'Record the start of the intervention (stops SLA.8)' })
  @HttpCode(200)
  startIntervention(
    @Param('id', uuid) id: string,
    @Body() dto: StartInterventionDto,
    @CurrentActor() actor: Actor,
  ): Promise<TicketDetailResponse> {
    return this.tickets.act(
      id,
      { type: 'start_intervention', at: dto.startedAt, body: dto.note },
      actor,
      dto.version,
    );
  }

  @ApiOkResponse({ type: TicketDetailResponse })
  @Post(':id/resolve')
  @ApiOperation({ summary: 'Resolve a ticket (or close it as not competent)' })
  @HttpCode(200)
  resolve(
    @Param('id', uuid) id: string,
    @Body() dto: ResolveDto,
    @CurrentActor() actor: Actor,
  ): Promise<TicketDetailResponse> {
    return this.tickets.act(
      id,
      {
        type: 'resolve',
        resolution: dto.resolution,
        notCompetent: dto.notCompetent ?? false,
        redirectedTo: dto.redirectedTo,
      },
      actor,
      dto.version,
    );
  }

  @ApiOkResponse({ type: TicketDetailResponse })
  @Post(':id/reopen')
  @ApiOperation({ summary: 'Reopen a resolved ticket (a new resolution cycle)' })
  @HttpCode(200)
  reopen(
    @Param('id', uuid) id: string,
    @Body() dto: ReopenDto,
    @CurrentActor() actor: Actor,
  ): Promise<TicketDetailResponse> {
    return this.tickets.act(id, { type: 'reopen', reason: dto.reason }, actor, dto.version);
  }
}
