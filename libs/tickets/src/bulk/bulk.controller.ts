import { Actor, CurrentActor, Roles } from '@app/auth';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { BULK_MAX, BulkActionDto, BulkResponse } from './bulk.dto';
import { BulkService } from './bulk.service';

@ApiTags('tickets')
@Controller('tickets')
export class BulkController {
  constructor(private readonly bulk: BulkService) {}

  @Post('bulk')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({
    summary: 'Azioni multiple su una selezione della coda / Bulk actions on a queue selection',
    description: `Assegna, prendi in carico, sposta di team, etichetta, togli etichetta, risolvi (un testo), applica una macro a al massimo ${BULK_MAX} ticket; ciascuno nella sua transazione con la sua versione: l'esito per ticket dice cosa è riuscito, cosa è in conflitto (409) e perché. / Assign, take charge, move team, tag, untag, resolve (one text), apply a macro to at most ${BULK_MAX} tickets; each in its own transaction with its own version: the per-ticket result says what succeeded, what conflicted (409) and why.`,
  })
  @ApiOkResponse({ type: BulkResponse })
  run(@Body() dto: BulkActionDto, @CurrentActor() actor: Actor): Promise<BulkResponse> {
    return this.bulk.run(dto, actor);
  }
}
