import { pipeline } from 'node:stream';

import { Actor, CurrentActor, Roles } from '@app/auth';
import { uuidParam } from '@app/common';
import { Controller, Get, Ip, Logger, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { ContactExportService } from './contact-export.service';
import { ContactRecordResponse } from './contact-record.dto';
import { ContactRecordService } from './contact-record.service';

const uuid = uuidParam();

/** A person's record (issue 18): what supervisors look at before answering a data subject's request. */
@ApiTags('privacy')
@Controller('contacts')
@Roles('admin', 'supervisor')
export class ContactRecordController {
  private readonly logger = new Logger('ContactExport');

  constructor(
    private readonly records: ContactRecordService,
    private readonly exports: ContactExportService,
  ) {}

  @Get(':id')
  @ApiOperation({
    summary:
      'Un contatto e i suoi ticket, dal più recente / A contact (requester) and their tickets, newest first',
  })
  @ApiOkResponse({ type: ContactRecordResponse })
  get(@Param('id', uuid) id: string): Promise<ContactRecordResponse> {
    return this.records.get(id);
  }

  @Get(':id/export')
  @ApiOperation({
    summary:
      'Richiesta di accesso (art. 15 GDPR): ZIP con tutti i dati della persona / Access request (GDPR art. 15): a ZIP of everything held about the person',
    description:
      'riepilogo.pdf (italiano), dati.json (contatto, ticket con cronologia, messaggi e note, e-mail ricevute e inviate, telefonate) e allegati/. Registrato nel log di audit (privacy.contact_exported), senza i dati. / ' +
      'riepilogo.pdf (Italian), dati.json (contact, tickets with their timeline, messages and notes, mails received and sent, calls) and allegati/. Audited (privacy.contact_exported), without the data.',
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'ZIP', schema: { type: 'string', format: 'binary' } })
  async export(
    @Param('id', uuid) id: string,
    @CurrentActor() actor: Actor,
    @Ip() ip: string,
    @Res() res: Response,
  ): Promise<void> {
    const { filename, stream } = await this.exports.export(id, actor.id, ip ?? null);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    // Personal data: no proxy or browser cache keeps a copy.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    pipeline(stream, res, (error) => {
      if (error) this.logger.error(`export of contact ${id} cut short: ${error.message}`);
    });
  }
}
