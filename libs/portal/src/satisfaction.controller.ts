import { Public, Roles } from '@app/auth';
import { CsvDialect, csvDocument } from '@app/reporting/export/csv.util';
import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import {
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';

import { badLinkPage, surveyAlreadyPage, surveyPage, surveyThanksPage } from './public-pages';
import { SatisfactionGrouping } from './satisfaction.repository';
import { SatisfactionReport, SatisfactionService } from './satisfaction.service';
import { pageLanguage, sendPage } from './send-page';

const language = pageLanguage;

/** The survey page's route, outside /api (configureHttpApp excludes it from the prefix). */
export const SURVEY_ROUTES = ['richiesta/valuta'];

/** The satisfaction survey from its mailed link (issue 20.3): plain HTML, no sign-in. */
@ApiTags('public requests')
@Controller('richiesta/valuta')
@Public()
export class SurveyController {
  constructor(private readonly satisfaction: SatisfactionService) {}

  @Get()
  @ApiOperation({ summary: 'Questionario di soddisfazione (HTML) / Satisfaction survey (HTML)' })
  @ApiQuery({ name: 't', required: true })
  @ApiQuery({ name: 'lang', required: false, enum: ['it', 'en'] })
  @ApiProduces('text/html')
  async page(@Query('t') token: unknown, @Query('lang') lang: unknown, @Res() res: Response): Promise<void> {
    const lng = language(lang);
    const survey = typeof token === 'string' ? await this.satisfaction.byToken(token) : undefined;
    if (!survey) return sendPage(res, 404, badLinkPage(lng));
    if (survey.answeredAt) return sendPage(res, 200, surveyAlreadyPage(lng));
    sendPage(res, 200, surveyPage(lng, token as string, survey.number, survey.subject));
  }

  @Post()
  @ApiOperation({
    summary: 'Risponde al questionario, una volta / Answer the survey, once',
    description: 'Modulo: score (1-5), comment (facoltativo). / Form: score (1-5), comment (optional).',
  })
  @ApiQuery({ name: 't', required: true })
  @ApiQuery({ name: 'lang', required: false, enum: ['it', 'en'] })
  @ApiProduces('text/html')
  async answer(
    @Query('t') token: unknown,
    @Query('lang') lang: unknown,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const lng = language(lang);
    const survey = typeof token === 'string' ? await this.satisfaction.byToken(token) : undefined;
    if (!survey) return sendPage(res, 404, badLinkPage(lng));
    const fields = (body ?? {}) as Record<string, unknown>;
    const outcome = await this.satisfaction.answer(survey, fields.score, fields.comment);
    if (outcome === 'invalid')
      return sendPage(
        res,
        400,
        surveyPage(
          lng,
          token as string,
          survey.number,
          survey.subject,
          true,
          typeof fields.comment === 'string' ? fields.comment : '',
        ),
      );
    if (outcome === 'already') return sendPage(res, 409, surveyAlreadyPage(lng));
    sendPage(res, 200, surveyThanksPage(lng));
  }
}

const GROUPINGS: SatisfactionGrouping[] = ['month', 'channel', 'ente', 'team', 'agent'];

export class SatisfactionReportQueryDto {
  @ApiProperty({ example: '2026-01-01', description: 'primo giorno (data locale) / first day (local date)' })
  @IsDateString({ strict: true }, { message: 'data AAAA-MM-GG / a YYYY-MM-DD date' })
  from!: string;

  @ApiProperty({ example: '2026-12-31', description: 'ultimo giorno incluso / last day, included' })
  @IsDateString({ strict: true }, { message: 'data AAAA-MM-GG / a YYYY-MM-DD date' })
  to!: string;

  @ApiPropertyOptional({ enum: GROUPINGS, default: 'month' })
  @IsOptional()
  @IsIn(GROUPINGS, { message: `uno tra / one of ${GROUPINGS.join(', ')}` })
  by?: SatisfactionGrouping;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'json o / or csv' })
  format?: 'json' | 'csv';

  @ApiPropertyOptional({
    enum: ['it', 'en'],
    description: 'CSV per Excel in questa lingua / CSV for Excel in this language',
  })
  @IsOptional()
  @IsIn(['it', 'en'], { message: 'it o / or en' })
  lang?: 'it' | 'en';
}

const CSV_HEADERS = {
  plain: [
    'key',
    'name',
    'sent',
    'answered',
    'responseRate',
    'average',
    'score1',
    'score2',
    'score3',
    'score4',
    'score5',
  ],
  it: [
    'Chiave',
    'Nome',
    'Inviati',
    'Risposte',
    '% risposte',
    'Media',
    'Voto 1',
    'Voto 2',
    'Voto 3',
    'Voto 4',
    'Voto 5',
  ],
  en: [
    'Key',
    'Name',
    'Sent',
    'Answered',
    '% answered',
    'Average',
    'Score 1',
    'Score 2',
    'Score 3',
    'Score 4',
    'Score 5',
  ],
};

/** Supervisors' satisfaction figures (issue 20.3). */
@ApiTags('reports')
@Controller('reports/satisfaction')
export class SatisfactionReportController {
  constructor(private readonly satisfaction: SatisfactionService) {}

  @Get()
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary:
      'Soddisfazione dei cittadini per mese, canale, ente, team o operatore, con i commenti / Citizens’ satisfaction per month, channel, ente, team or agent, with the comments',
    description:
      'Questionari delle risoluzioni nel periodo: inviati, risposte, % risposte, media, voti 1-5; format=csv per il foglio. / Surveys of the resolutions in the period: sent, answered, response rate, average, 1-5 counts; format=csv for a spreadsheet.',
  })
  @ApiProduces('application/json', 'text/csv')
  async report(
    @Query() query: SatisfactionReportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SatisfactionReport | string> {
    const report = await this.satisfaction.report(query.from, query.to, query.by ?? 'month');
    if (query.format !== 'csv') return report;
    const dialect: CsvDialect = query.lang ?? 'plain';
    const line = (r: SatisfactionReport['total'], key: string | null, name: string | null) => [
      key ?? '',
      name ?? '',
      r.sent,
      r.answered,
      r.responseRate ?? '',
      r.average ?? '',
      ...r.scores,
    ];
    const totalName = dialect === 'en' ? 'Total' : dialect === 'it' ? 'Totale' : 'total';
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="satisfaction-${query.from}-${query.to}.csv"`);
    return csvDocument(
      [
        CSV_HEADERS[dialect],
        ...report.rows.map((r) => line(r, r.key, r.name)),
        line(report.total, '', totalName),
      ],
      dialect,
    );
  }
}
