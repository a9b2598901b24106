import { Public } from '@app/auth';
import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { BodyTooLargeError, ParsedForm, readPublicForm } from './multipart-form';
import {
  badLinkPage,
  confirmedPage,
  confirmPromptPage,
  expiredFormNotice,
  formPage,
  refusedPage,
  sentPage,
} from './public-pages';
import { PublicRequestService } from './public-request.service';
import { EMPTY_FIELDS, FieldProblem, PublicLanguage, PublicRequestFields } from './public-request-form';
import { pageLanguage, sendPage } from './send-page';

const language = pageLanguage;

/** The routes served outside the /api prefix (configureHttpApp excludes them from it). */
export const PUBLIC_REQUEST_ROUTES = ['richiesta', 'richiesta/conferma'];

/**
 * The citizens' public request form (issue 20.1), outside /api like the status page: plain HTML
 * without scripts, no sign-in. Every answer is a page in the visitor's language, never JSON.
 */
@ApiTags('public requests')
@Controller('richiesta')
@Public()
export class PublicRequestController {
  constructor(private readonly requests: PublicRequestService) {}

  @Get()
  @ApiOperation({
    summary: 'Modulo pubblico di richiesta (HTML) / Public request form (HTML)',
    description:
      'Senza accesso; ?ente=CODICE preseleziona il comune (per i siti dei comuni), ?lang=en in inglese. / No sign-in; ?ente=CODE preselects the municipality (for the municipalities’ sites), ?lang=en in English.',
  })
  @ApiQuery({ name: 'lang', required: false, enum: ['it', 'en'] })
  @ApiQuery({ name: 'ente', required: false, description: 'codice o id dell’ente / the ente’s code or id' })
  @ApiProduces('text/html')
  async form(
    @Query('lang') lang: unknown,
    @Query('ente') ente: unknown,
    @Res() res: Response,
  ): Promise<void> {
    await this.sendForm(
      res,
      200,
      language(lang),
      { ...EMPTY_FIELDS },
      [],
      typeof ente === 'string' ? ente : undefined,
    );
  }

  @Post()
  @ApiOperation({
    summary: 'Invia il modulo pubblico (multipart) / Send the public form (multipart)',
    description:
      'Risponde con una pagina: 200 e-mail di conferma inviata, 400 modulo con gli errori, 413 troppo grande, 429 limiti superati. / Answers with a page: 200 confirmation mail sent, 400 the form with its errors, 413 too large, 429 limits reached.',
  })
  @ApiQuery({ name: 'lang', required: false, enum: ['it', 'en'] })
  @ApiProduces('text/html')
  async submit(
    @Req() req: Request,
    @Query('lang') lang: unknown,
    @Query('ente') ente: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const lng = language(lang);
    const preselected = typeof ente === 'string' ? ente : undefined;
    let form: ParsedForm;
    try {
      form = await this.read(req);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      res.setHeader('Connection', 'close');
      sendPage(res, 413, refusedPage(lng, 'tooLarge'));
      return;
    }
    const outcome = await this.requests.submit(form.fields, form.files, form.problems, req.ip ?? '', lng);
    switch (outcome.kind) {
      case 'sent':
        sendPage(res, 200, sentPage(lng, outcome.email, outcome.hours));
        return;
      case 'refused':
        if (outcome.retryAfterSeconds) res.setHeader('Retry-After', String(outcome.retryAfterSeconds));
        sendPage(
          res,
          outcome.reason === 'robot' ? 400 : 429,
          refusedPage(lng, outcome.reason, outcome.retryAfterSeconds),
        );
        return;
      case 'form':
        await this.sendForm(res, 400, lng, form.fields, outcome.problems, preselected, outcome.expired);
        return;
    }
  }

  @Get('conferma')
  @ApiOperation({
    summary:
      'Pagina di conferma del link mandato per e-mail (HTML) / Confirmation page of the mailed link (HTML)',
    description:
      'Mostra un pulsante: un programma che apre i link delle e-mail (antivirus) non conferma nulla. / Shows a button: a program opening mailed links (a scanner) confirms nothing.',
  })
  @ApiQuery({ name: 't', required: true })
  @ApiQuery({ name: 'lang', required: false, enum: ['it', 'en'] })
  @ApiProduces('text/html')
  async confirmPrompt(
    @Query('t') token: unknown,
    @Query('lang') lang: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const lng = language(lang);
    const pending = typeof token === 'string' ? await this.requests.pending(token) : null;
    if (!pending) return sendPage(res, 404, badLinkPage(lng));
    if (pending.ticketNumber) return sendPage(res, 200, confirmedPage(lng, pending.ticketNumber));
    sendPage(res, 200, confirmPromptPage(lng, token as string, pending.subject));
  }

  @Post('conferma')
  @ApiOperation({
    summary: 'Conferma la richiesta: apre il ticket (HTML) / Confirm the request: opens the ticket (HTML)',
  })
  @ApiQuery({ name: 'lang', required: false, enum: ['it', 'en'] })
  @ApiProduces('text/html')
  async confirm(@Body() body: unknown, @Query('lang') lang: unknown, @Res() res: Response): Promise<void> {
    const lng = language(lang);
    const token = (body as { t?: unknown } | undefined)?.t;
    const done = typeof token === 'string' ? await this.requests.confirm(token) : null;
    if (!done) return sendPage(res, 404, badLinkPage(lng));
    sendPage(res, 200, confirmedPage(lng, done.number));
  }

  /** The multipart body, or an urlencoded one a body parser has already read (no files then). */
  private async read(req: Request): Promise<ParsedForm> {
    if (req.readableEnded || (req as Request & { _body?: boolean })._body) {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const fields: PublicRequestFields = { ...EMPTY_FIELDS };
      for (const key of Object.keys(fields) as (keyof PublicRequestFields)[])
        if (typeof body[key] === 'string') fields[key] = body[key];
      return { fields, files: [], problems: [] };
    }
    return readPublicForm(req, this.requests.limits);
  }

  private async sendForm(
    res: Response,
    status: number,
    lang: PublicLanguage,
    fields: PublicRequestFields,
    problems: FieldProblem[],
    preselectedEnte?: string,
    expired = false,
  ): Promise<void> {
    const { entes, categories } = await this.requests.choices();
    const limits = this.requests.limits;
    const html = formPage({
      lang,
      fields,
      problems,
      notice: expired ? expiredFormNotice(lang) : undefined,
      entes,
      categories,
      formToken: this.requests.formToken(),
      maxFiles: limits.maxFiles,
      maxFileMb: limits.maxFileMb,
      preselectedEnte,
    });
    sendPage(res, status, html);
  }
}
