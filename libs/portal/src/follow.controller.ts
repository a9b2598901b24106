import { Actor, CurrentActor, Public, Roles } from '@app/auth';
import { NotFoundError } from '@app/common';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { FollowService } from './follow.service';
import { BodyTooLargeError, ParsedForm, readPublicForm } from './multipart-form';
import { badFollowLinkPage, followPage, lostLinkPage, lostLinkSentPage, refusedPage } from './public-pages';
import { PublicRequestService } from './public-request.service';
import { cleanText, FieldProblem, PublicLanguage } from './public-request-form';
import { SatisfactionService } from './satisfaction.service';
import { pageLanguage, sendPage } from './send-page';

const language = pageLanguage;
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** The follow page's routes, outside /api (configureHttpApp excludes them from the prefix). */
export const FOLLOW_ROUTES = ['richiesta/segui', 'richiesta/segui/link', 'richiesta/segui/valuta'];

/**
 * The citizen's page of a request (issue 20.2), reached by the personal link each acknowledgement
 * and answer carries: status, expected answer, the messages exchanged, a form to add one. Plain
 * HTML, no sign-in: the link is the key.
 */
@ApiTags('public requests')
@Controller('richiesta/segui')
@Public()
export class FollowController {
  constructor(
    private readonly follow: FollowService,
    private readonly requests: PublicRequestService,
    private readonly satisfaction: SatisfactionService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Pagina della richiesta dal link personale (HTML) / The request’s page from the personal link (HTML)',
    description:
      'Con ?t= il link mandato per e-mail; senza, il modulo per riceverlo di nuovo. / With ?t= the mailed link; without, the form to get it again.',
  })
  @ApiQuery({ name: 't', required: false })
  @ApiQuery({ name: 'lang', required: false, enum: ['it', 'en'] })
  @ApiProduces('text/html')
  async page(
    @Query('t') token: unknown,
    @Query('lang') lang: unknown,
    @Query('sent') sent: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const lng = language(lang);
    if (token === undefined) return sendPage(res, 200, lostLinkPage(lng));
    await this.render(res, lng, text(token), {
      notice: sent === '1' ? 'added' : sent === 'rated' ? 'rated' : undefined,
    });
  }

  @Post('valuta')
  @ApiOperation({
    summary:
      'Risponde al questionario dalla pagina della richiesta / Answer the survey from the request’s page',
    description:
      'Modulo: score (1-5), comment. Poi torna alla pagina (303). / Form: score, comment. Then back to the page (303).',
  })
  @ApiQuery({ name: 't', required: true })
  @ApiQuery({ name: 'lang', required: false, enum: ['it', 'en'] })
  @ApiProduces('text/html')
  async rate(
    @Query('t') token: unknown,
    @Query('lang') lang: unknown,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const lng = language(lang);
    const key = text(token);
    const ticket = await this.follow.ticketFor(key);
    const survey = ticket ? await this.satisfaction.currentForTicket(ticket.id) : undefined;
    if (!survey) return sendPage(res, 404, badFollowLinkPage(lng));
    const fields = (body ?? {}) as Record<string, unknown>;
    const outcome = await this.satisfaction.answer(survey, fields.score, fields.comment);
    if (outcome === 'invalid')
      return this.render(res, lng, key, {
        status: 400,
        surveyMissingScore: true,
        surveyComment: typeof fields.comment === 'string' ? fields.comment : '',
      });
    res.redirect(
      303,
      `/richiesta/segui?t=${encodeURIComponent(key)}${lng === 'en' ? '&lang=en' : ''}&sent=rated`,
    );
  }

  @Post()
  @ApiOperation({
    summary:
      'Aggiunge un messaggio (e allegati) dalla pagina della richiesta / Add a message (and files) from the request’s page',
    description:
      'multipart/form-data: description, files. Poi torna alla pagina (303). / Then back to the page (303).',
  })
  @ApiQuery({ name: 't', required: true })
  @ApiQuery({ name: 'lang', required: false, enum: ['it', 'en'] })
  @ApiProduces('text/html')
  async add(
    @Req() req: Request,
    @Query('t') token: unknown,
    @Query('lang') lang: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const lng = language(lang);
    const key = text(token);
    // The link is checked before a byte of the body is read.
    const ticket = await this.follow.ticketFor(key);
    if (!ticket) {
      req.resume();
      return sendPage(res, 404, badFollowLinkPage(lng));
    }
    let form: ParsedForm;
    try {
      form = await readPublicForm(req, this.requests.limits);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      res.setHeader('Connection', 'close');
      return sendPage(res, 413, refusedPage(lng, 'tooLarge'));
    }
    const outcome = await this.follow.addMessage(ticket, form.fields.description, form.files, form.problems);
    switch (outcome.kind) {
      case 'added':
        // Post/redirect/get: a reload does not send the message twice.
        res.redirect(
          303,
          `/richiesta/segui?t=${encodeURIComponent(key)}${lng === 'en' ? '&lang=en' : ''}&sent=1`,
        );
        return;
      case 'closed':
        return sendPage(res, 404, badFollowLinkPage(lng));
      case 'refused':
        return this.render(res, lng, key, {
          status: 429,
          notice: 'refused',
          message: form.fields.description,
        });
      case 'problems':
        return this.render(res, lng, key, {
          status: 400,
          problems: outcome.problems,
          message: form.fields.description,
        });
    }
  }

  @Post('link')
  @ApiOperation({
    summary:
      'Manda di nuovo il link della richiesta all’indirizzo registrato / Mail the request’s link again to the address on file',
    description:
      'Modulo: number, email. La risposta è la stessa che i dati corrispondano o no. / Form: number, email. The answer is the same whether they match or not.',
  })
  @ApiQuery({ name: 'lang', required: false, enum: ['it', 'en'] })
  @ApiProduces('text/html')
  async resend(
    @Req() req: Request,
    @Body() body: unknown,
    @Query('lang') lang: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const lng = language(lang);
    const fields = (body ?? {}) as Record<string, unknown>;
    const number = cleanText(text(fields.number));
    const email = cleanText(text(fields.email));
    const problems: FieldProblem[] = [];
    if (!number) problems.push({ field: 'subject', code: 'required' });
    if (!email) problems.push({ field: 'email', code: 'required' });
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      problems.push({ field: 'email', code: 'invalidEmail' });
    if (problems.length) return sendPage(res, 400, lostLinkPage(lng, problems, { number, email }));
    const outcome = await this.follow.resend(number, email, req.ip ?? '', lng);
    if (outcome === 'refused') return sendPage(res, 429, refusedPage(lng, 'perAddress'));
    sendPage(res, 200, lostLinkSentPage(lng));
  }

  private async render(
    res: Response,
    lang: PublicLanguage,
    token: string,
    extra: {
      status?: number;
      notice?: 'added' | 'refused' | 'rated';
      problems?: FieldProblem[];
      message?: string;
      surveyMissingScore?: boolean;
      surveyComment?: string;
    },
  ): Promise<void> {
    const now = new Date();
    const view = await this.follow.view(token, now);
    if (!view) return sendPage(res, 404, badFollowLinkPage(lang));
    const limits = this.requests.limits;
    const survey = await this.satisfaction.currentForTicket(view.ticketId);
    sendPage(
      res,
      extra.status ?? 200,
      followPage({
        lang,
        token,
        view,
        now,
        problems: extra.problems,
        notice: extra.notice,
        message: extra.message,
        maxFiles: limits.maxFiles,
        maxFileMb: limits.maxFileMb,
        survey: survey ? (survey.answeredAt ? 'answered' : 'open') : undefined,
        surveyMissingScore: extra.surveyMissingScore,
        surveyComment: extra.surveyComment,
      }),
    );
  }
}

class FollowRevocationResponse {
  @ApiProperty({
    description:
      'i link emessi prima di questo istante non valgono più / links issued before this instant no longer work',
  })
  revokedBefore!: Date;
}

/** Staff revoke a ticket's follow links (a link forwarded to the wrong person, a shared mailbox). */
@ApiTags('tickets')
@Controller('tickets/:id/follow-links')
export class FollowLinksController {
  constructor(private readonly follow: FollowService) {}

  @Post('revoke')
  @HttpCode(200)
  @Roles('agent', 'supervisor', 'admin')
  @ApiOperation({
    summary: 'Revoca i link personali del ticket / Revoke the ticket’s personal follow links',
    description:
      'Ogni link mandato finora smette di funzionare; le prossime e-mail ne portano uno nuovo. / Every link mailed so far stops working; the next mails carry a new one.',
  })
  @ApiOkResponse({ type: FollowRevocationResponse })
  async revoke(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<FollowRevocationResponse> {
    const done = await this.follow.revoke(id, actor.id);
    if (!done) throw new NotFoundError('Ticket', id);
    return done;
  }
}
