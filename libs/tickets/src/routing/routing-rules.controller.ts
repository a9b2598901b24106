import { Actor, CurrentActor, Roles } from '@app/auth';
import { uuidParam } from '@app/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt } from 'class-validator';

import {
  CreateRoutingRuleDto,
  PreviewRoutingRuleDto,
  ReorderRoutingRulesDto,
  RouteTicketDto,
  RouteTicketResponse,
  RoutingPreviewResponse,
  RoutingRuleResponse,
  UpdateRoutingRuleDto,
} from './routing-rule.dto';
import { RoutingRuleService } from './routing-rule.service';

const uuid = uuidParam();

class DeleteRuleQuery {
  @ApiProperty({ description: 'La versione letta (409 se cambiata) / The version read (409 if it changed)' })
  @Type(() => Number)
  @IsInt()
  version: number;
}

@ApiTags('routing')
@Controller()
export class RoutingRulesController {
  constructor(private readonly rules: RoutingRuleService) {}

  @Get('routing-rules')
  @Roles('admin', 'supervisor')
  @ApiOperation({
    summary: 'Regole di instradamento in ordine / Routing rules in order',
    description: 'La prima regola attiva che corrisponde vince / The first enabled rule that matches wins',
  })
  @ApiOkResponse({ type: [RoutingRuleResponse] })
  list() {
    return this.rules.list();
  }

  @Post('routing-rules/preview')
  @HttpCode(200)
  @Roles('admin', 'supervisor')
  @ApiOperation({
    summary: 'Anteprima di una regola sugli ultimi 1.000 ticket / Preview a rule on the last 1,000 tickets',
    description:
      'Quanti ticket la bozza avrebbe preso e alcuni esempi; nessuno: avviso noMatch / How many tickets the draft would have matched and a sample; none: warning noMatch',
  })
  @ApiOkResponse({ type: RoutingPreviewResponse })
  preview(@Body() dto: PreviewRoutingRuleDto) {
    return this.rules.preview(dto);
  }

  @Put('routing-rules/order')
  @Roles('admin')
  @ApiOperation({
    summary: 'Riordina le regole (admin) / Reorder the rules (admin)',
    description:
      'Tutte le regole nel nuovo ordine con la versione letta / Every rule in the new order with the version read',
  })
  @ApiOkResponse({ type: [RoutingRuleResponse] })
  reorder(@Body() dto: ReorderRoutingRulesDto, @CurrentActor() actor: Actor) {
    return this.rules.reorder(dto.rules, actor.id);
  }

  @Get('routing-rules/:id')
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Una regola di instradamento / One routing rule' })
  @ApiOkResponse({ type: RoutingRuleResponse })
  get(@Param('id', uuid) id: string) {
    return this.rules.get(id);
  }

  @Post('routing-rules')
  @Roles('admin')
  @ApiOperation({
    summary: 'Nuova regola di instradamento (admin) / Create a routing rule (admin)',
    description: 'In fondo, o alla posizione data / Last, or at the position given',
  })
  @ApiCreatedResponse({ type: RoutingRuleResponse })
  create(@Body() dto: CreateRoutingRuleDto, @CurrentActor() actor: Actor) {
    return this.rules.create(dto, actor.id);
  }

  @Patch('routing-rules/:id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Modifica, attiva o disattiva una regola (admin) / Edit, enable or disable a rule (admin)',
  })
  @ApiOkResponse({ type: RoutingRuleResponse })
  update(@Param('id', uuid) id: string, @Body() dto: UpdateRoutingRuleDto, @CurrentActor() actor: Actor) {
    return this.rules.update(id, dto, actor.id);
  }

  @Delete('routing-rules/:id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Elimina una regola (admin) / Delete a rule (admin)' })
  @ApiNoContentResponse()
  async remove(@Param('id', uuid) id: string, @Query() query: DeleteRuleQuery, @CurrentActor() actor: Actor) {
    await this.rules.remove(id, query.version, actor.id);
  }

  @Post('tickets/:id/route')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({
    summary: 'Instrada di nuovo il ticket con le regole / Route the ticket again by the rules',
    description:
      'La prima regola che corrisponde cambia team, categoria, difficoltà, operatore; tutto sulla cronologia / The first matching rule sets team, category, difficulty, assignee; all on the timeline',
  })
  @ApiOkResponse({ type: RouteTicketResponse })
  route(@Param('id', uuid) id: string, @Body() dto: RouteTicketDto, @CurrentActor() actor: Actor) {
    return this.rules.routeTicket(id, dto.version, actor.id);
  }
}
