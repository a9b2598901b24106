import { Actor, CurrentActor } from '@app/auth';
import { uuidParam } from '@app/common';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { TicketDetailResponse } from '../dto/ticket.response';
import {
  LinkTicketDto,
  MergeCandidateResponse,
  MergeTicketDto,
  SplitTicketDto,
  TicketLinkResponse,
} from './merge.dto';
import { TicketMergeService } from './ticket-merge.service';

const uuid = uuidParam();

/** Merge, split and link (issue 19.7): staff only (referents never reach these routes). */
@ApiTags('tickets')
@Controller('tickets')
export class TicketMergeController {
  constructor(private readonly merges: TicketMergeService) {}

  @Post(':id/merge')
  @HttpCode(200)
  @ApiOkResponse({ type: TicketDetailResponse })
  @ApiOperation({
    summary:
      'Unisce questo duplicato a un altro ticket dello stesso richiedente / Merge this duplicate into another ticket of the same requester',
    description:
      'I messaggi del duplicato sono copiati in coda al ticket di destinazione (la cronologia non si riscrive) con il riferimento all’originale; il duplicato si chiude come risolto con merged_into_id e non è più contato nei report. Stesso ticket, altro richiedente: 400 su targetId; destinazione risolta o unita, duplicato già unito o risolto, versione cambiata: 409. Risponde con il ticket di destinazione. / ' +
      'The duplicate’s messages are copied onto the end of the target’s timeline (the timeline is never rewritten), each naming its original; the duplicate closes as resolved with merged_into_id and is no longer counted in the reports. The same ticket, another requester: 400 on targetId; a resolved or merged target, an already merged or resolved duplicate, a changed version: 409. Answers with the target.',
  })
  merge(
    @Param('id', uuid) id: string,
    @Body() dto: MergeTicketDto,
    @CurrentActor() actor: Actor,
  ): Promise<TicketDetailResponse> {
    return this.merges.merge(id, dto.targetId, actor, dto.version);
  }

  @Get(':id/merge-candidates')
  @ApiOkResponse({ type: [MergeCandidateResponse] })
  @ApiOperation({
    summary:
      'I ticket aperti dello stesso richiedente in cui unire questo / The same requester’s open tickets this one can be merged into',
  })
  candidates(@Param('id', uuid) id: string): Promise<MergeCandidateResponse[]> {
    return this.merges.mergeCandidates(id);
  }

  @Post(':id/split')
  @ApiCreatedResponse({ type: TicketDetailResponse })
  @ApiOperation({
    summary:
      'Un messaggio ricevuto diventa un nuovo ticket collegato / A received message becomes a new linked ticket',
    description:
      'Stesso richiedente ed ente, collegato come correlato; i tempi SLA partono dall’istante del messaggio. Risponde con il nuovo ticket. / Same requester and ente, linked as related; its SLA clocks start at the message’s instant. Answers with the new ticket.',
  })
  split(
    @Param('id', uuid) id: string,
    @Body() dto: SplitTicketDto,
    @CurrentActor() actor: Actor,
  ): Promise<TicketDetailResponse> {
    return this.merges.split(id, dto, actor);
  }

  @Get(':id/links')
  @ApiOkResponse({ type: [TicketLinkResponse] })
  @ApiOperation({
    summary:
      'I collegamenti del ticket in entrambe le direzioni, unioni comprese / The ticket’s links both ways, merges included',
  })
  links(@Param('id', uuid) id: string): Promise<TicketLinkResponse[]> {
    return this.merges.list(id);
  }

  @Post(':id/links')
  @HttpCode(200)
  @ApiOkResponse({ type: [TicketLinkResponse] })
  @ApiOperation({
    summary:
      'Collega un altro ticket (correlato, padre o figlio) / Link another ticket (related, parent or child)',
    description:
      'Già collegati (in qualunque verso): 409; sé stesso o ticket inesistente: 400 su otherId. / Already linked (either way): 409; itself or no such ticket: 400 on otherId.',
  })
  link(
    @Param('id', uuid) id: string,
    @Body() dto: LinkTicketDto,
    @CurrentActor() actor: Actor,
  ): Promise<TicketLinkResponse[]> {
    return this.merges.link(id, dto.otherId, dto.kind, actor);
  }

  @Delete(':id/links/:otherId')
  @ApiOkResponse({ type: [TicketLinkResponse] })
  @ApiOperation({
    summary: 'Rimuove il collegamento con un altro ticket / Remove the link to another ticket',
    description: 'Non collegati: 409. / Not linked: 409.',
  })
  unlink(
    @Param('id', uuid) id: string,
    @Param('otherId', uuid) otherId: string,
    @CurrentActor() actor: Actor,
  ): Promise<TicketLinkResponse[]> {
    return this.merges.unlink(id, otherId, actor);
  }
}
