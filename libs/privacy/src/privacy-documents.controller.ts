import { Public, Roles } from '@app/auth';
import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { PrivacyDocumentsService } from './privacy-documents.service';
import { PrivacyNoticeResponse, PrivacyRegisterResponse, RegisterQueryDto } from './privacy-register.dto';

/** The record of processing (GDPR art. 30) for supervisors, and the privacy notice for everyone. */
@ApiTags('privacy')
@Controller('privacy')
export class PrivacyDocumentsController {
  constructor(private readonly documents: PrivacyDocumentsService) {}

  @Get('register')
  @Roles('admin', 'supervisor')
  @ApiOperation({
    summary:
      'Registro delle attività di trattamento (art. 30 GDPR), in JSON o in PDF (?format=pdf) / Record of processing activities (GDPR art. 30), as JSON or PDF',
    description:
      'Dalla politica in vigore: titolare, RPD, finalità, interessati, categorie di dati con i tempi di conservazione, destinatari, responsabili (es. relay SMTP), trasferimenti, misure di sicurezza, versione. / ' +
      'From the policy in force: controller, DPO, purposes, data subjects, data classes with their retention, recipients, processors (e.g. the SMTP relay), transfers, security measures, version.',
  })
  @ApiProduces('application/json', 'application/pdf')
  @ApiOkResponse({ type: PrivacyRegisterResponse })
  async register(@Query() query: RegisterQueryDto, @Res({ passthrough: true }) res: Response) {
    if (query.format !== 'pdf') return this.documents.register();
    const { filename, pdf } = await this.documents.registerPdf();
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    return new StreamableFile(pdf);
  }

  @Get('notice')
  @Public()
  @ApiOperation({
    summary:
      'Informativa privacy (art. 13 GDPR) in italiano e inglese, pubblica / Privacy notice (GDPR art. 13) in Italian and English, public',
  })
  @ApiOkResponse({ type: PrivacyNoticeResponse })
  notice(): Promise<PrivacyNoticeResponse> {
    return this.documents.notice();
  }
}

/**
 * The public privacy notice page, outside /api (see PRIVACY_PAGE_ROUTES) like the status page: a
 * short address for the acknowledgement mails, no sign-in, no script.
 */
@ApiTags('privacy')
@Controller('privacy')
@Public()
export class PrivacyPageController {
  constructor(private readonly documents: PrivacyDocumentsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Pagina pubblica dell’informativa privacy (HTML), in italiano o inglese (?lang=en) / Public privacy notice page (HTML)',
  })
  @ApiQuery({ name: 'lang', required: false, enum: ['it', 'en'] })
  @ApiProduces('text/html')
  page(@Query('lang') lang: string | undefined, @Res({ passthrough: true }) res: Response) {
    res.type('html').setHeader('Cache-Control', 'public, max-age=300');
    // Anything but "en" is the Italian page: a public page never answers a 400 to a link.
    return this.documents.page(lang === 'en' ? 'en' : 'it');
  }
}

/** The routes served outside the /api prefix (configureHttpApp excludes them from it). */
export const PRIVACY_PAGE_ROUTES = ['privacy'];
