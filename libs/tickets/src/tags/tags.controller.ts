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
import { ChangeTicketTagsDto, CreateTagDto, TagListResponse, TagResponse, UpdateTagDto } from './tag.dto';
import { TagService } from './tag.service';

const uuid = uuidParam();

@ApiTags('tags')
@Controller()
export class TagsController {
  constructor(private readonly tags: TagService) {}

  @Get('tags')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({
    summary: 'Elenco delle etichette / The tag list',
    description:
      'Le etichette dell’elenco con quanti ticket le portano, e se sono ammesse etichette libere. / The listed tags, how many tickets carry each, and whether free tags are allowed.',
  })
  @ApiOkResponse({ type: TagListResponse })
  list() {
    return this.tags.list();
  }

  @Post('tags')
  @Roles('admin')
  @ApiOperation({
    summary: 'Aggiunge un’etichetta all’elenco (admin) / Add a tag to the list (admin)',
    description: 'Un nome già in elenco è un 400. / A name already listed is a 400.',
  })
  @ApiCreatedResponse({ type: TagResponse })
  create(@Body() dto: CreateTagDto, @CurrentActor() actor: Actor) {
    return this.tags.create(dto, actor.id);
  }

  @Patch('tags/:name')
  @Roles('admin')
  @ApiOperation({ summary: 'Cambia l’etichetta mostrata (admin) / Change a tag’s label (admin)' })
  @ApiOkResponse({ type: TagResponse })
  relabel(@Param('name') name: string, @Body() dto: UpdateTagDto, @CurrentActor() actor: Actor) {
    return this.tags.relabel(name, dto.label, actor.id);
  }

  @Delete('tags/:name')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Toglie un’etichetta dall’elenco (admin) / Remove a tag from the list (admin)',
    description: 'I ticket che la portano la conservano. / Tickets that carry it keep it.',
  })
  @ApiNoContentResponse()
  async remove(@Param('name') name: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.tags.remove(name, actor.id);
  }

  @Post('tickets/:id/tags')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({
    summary: 'Aggiunge o toglie etichette a un ticket / Add or remove a ticket’s tags',
    description:
      'Con la versione letta (409 se cambiata); registrato nella cronologia (tags_changed). / With the version read (409 if changed); recorded on the timeline (tags_changed).',
  })
  @ApiOkResponse({ type: TicketDetailResponse })
  change(@Param('id', uuid) id: string, @Body() dto: ChangeTicketTagsDto, @CurrentActor() actor: Actor) {
    return this.tags.changeTicketTags(id, dto, actor.id);
  }
}
