import { Actor, CurrentActor, Roles } from '@app/auth';
import { uuidParam } from '@app/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { TicketDetailResponse } from '../dto/ticket.response';
import {
  ApplyMacroDto,
  CreateMacroDto,
  MacroListResponse,
  MacroPreviewResponse,
  MacroResponse,
  UpdateMacroDto,
} from './macro.dto';
import { MacroService } from './macro.service';

const uuid = uuidParam();

@ApiTags('macros')
@Controller()
@Roles('admin', 'supervisor', 'agent')
export class MacrosController {
  constructor(private readonly macros: MacroService) {}

  @Get('macros')
  @ApiOperation({
    summary: 'Le macro / The macros',
    description:
      'Tutte le macro, con chi le può modificare, i segnaposto ammessi e i team guidati da chi chiede. / Every macro, whether the caller may edit it, the placeholders allowed and the teams the caller leads.',
  })
  @ApiOkResponse({ type: MacroListResponse })
  list(@CurrentActor() actor: Actor) {
    return this.macros.list(actor);
  }

  @Post('macros')
  @ApiOperation({
    summary:
      'Crea una macro (admin; responsabili per il loro team) / Create a macro (admins; leads for their team)',
    description:
      'Un segnaposto sconosciuto è un 400 che lo nomina. / An unknown placeholder is a 400 naming it.',
  })
  @ApiCreatedResponse({ type: MacroResponse })
  create(@Body() dto: CreateMacroDto, @CurrentActor() actor: Actor) {
    return this.macros.create(dto, actor);
  }

  @Patch('macros/:id')
  @ApiOperation({
    summary: 'Modifica una macro, con la versione letta / Change a macro, with the version read',
    description: 'Versione superata: 409. / Stale version: 409.',
  })
  @ApiOkResponse({ type: MacroResponse })
  update(@Param('id', uuid) id: string, @Body() dto: UpdateMacroDto, @CurrentActor() actor: Actor) {
    return this.macros.update(id, dto, actor);
  }

  @Delete('macros/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Elimina una macro / Delete a macro' })
  @ApiNoContentResponse()
  async remove(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.macros.remove(id, actor);
  }

  @Post('tickets/:id/macros/:macroId/preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Anteprima di una macro su un ticket / Preview a macro on a ticket',
    description:
      'I testi con i segnaposto compilati e le modifiche previste; non scrive nulla. / The texts with their placeholders filled and the changes planned; writes nothing.',
  })
  @ApiOkResponse({ type: MacroPreviewResponse })
  preview(
    @Param('id', uuid) id: string,
    @Param('macroId', uuid) macroId: string,
    @CurrentActor() actor: Actor,
  ) {
    return this.macros.preview(id, macroId, actor);
  }

  @Post('tickets/:id/macros/:macroId/apply')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Applica una macro a un ticket / Apply a macro to a ticket',
    description:
      'Tutte le azioni in una transazione, con la versione letta: o tutte o nessuna (409 con il motivo). / Every action in one transaction, with the version read: all or none (409 saying why).',
  })
  @ApiOkResponse({ type: TicketDetailResponse })
  apply(
    @Param('id', uuid) id: string,
    @Param('macroId', uuid) macroId: string,
    @Body() dto: ApplyMacroDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.macros.apply(id, macroId, actor, dto.version);
  }
}
