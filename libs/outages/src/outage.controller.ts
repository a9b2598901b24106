import { Actor, CurrentActor, Public, Roles } from '@app/auth';
import { uuidParam } from '@app/common';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import {
  CreateOutageDto,
  NotifyOutageDto,
  OutageFromProblemDto,
  OutageListQueryDto,
  OutageRecipientsDto,
  UpdateOutageDto,
} from './outage.dto';
import { OutageRepository } from './outage.repository';
import { OutageService } from './outage.service';
import { OutageSettings } from './outage-settings';
import { StatusPageService } from './status-page.service';
import { STATUS_CSS } from './status-page.util';

/** Outages for staff: open, update, link, notify (SLA.9/SLA.10); the addresses notices go to. */
@ApiTags('outages')
@Controller()
export class OutageController {
  constructor(
    private readonly outages: OutageService,
    private readonly repository: OutageRepository,
    private readonly settings: OutageSettings,
  ) {}

  @Get('outages')
  @Roles('agent', 'supervisor', 'admin')
  @ApiOperation({
    summary: 'Outages (started in from..to, or only those not ended) with their notice clocks',
  })
  list(@Query() query: OutageListQueryDto) {
    return this.outages.list({ from: query.from, to: query.to, openOnly: query.open === 'true' });
  }

  @Post('outages')
  @Roles('agent', 'supervisor', 'admin')
  @ApiOperation({
    summary: 'Open an outage: services, entes, start, intervention start, end, cause, planned, links',
  })
  create(@Body() dto: CreateOutageDto, @CurrentActor() actor: Actor) {
    return this.outages.create(dto, actor);
  }

  @Get('outages/recipients')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Per ente, the addresses outage notices go to (besides its referents)' })
  recipients() {
    return this.repository.recipients();
  }

  @Put('outages/recipients/:enteId')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace an ente’s outage notice addresses' })
  async setRecipients(
    @Param('enteId', uuidParam('enteId')) enteId: string,
    @Body() dto: OutageRecipientsDto,
  ) {
    await this.repository.replaceRecipients(enteId, [...new Set(dto.emails.map((e) => e.toLowerCase()))]);
    return (await this.repository.recipients()).find((r) => r.enteId === enteId) ?? { enteId, emails: [] };
  }

  @Get('outages/report-recipients')
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary: 'Who receives the quarterly outage report (SLA.11): configured, added by admins, supervisors',
  })
  reportRecipients() {
    return this.describeReportRecipients();
  }

  @Put('outages/report-recipients')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the addresses admins add to the outage report (SLA.11)' })
  async setReportRecipients(@Body() dto: OutageRecipientsDto) {
    await this.repository.replaceReportRecipients([...new Set(dto.emails.map((e) => e.toLowerCase()))]);
    return this.describeReportRecipients();
  }

  private async describeReportRecipients() {
    const report = this.settings.get().report;
    return {
      configured: report.recipients,
      added: await this.repository.reportRecipients(),
      includeSupervisors: report.includeSupervisors,
    };
  }

  @Post('outages/from-problem/:problemId')
  @Roles('agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Open the outage of a monitoring problem (once; again returns the same one)' })
  async fromProblem(
    @Param('problemId', uuidParam('problemId')) problemId: string,
    @Body() dto: OutageFromProblemDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.outages.fromProblem(problemId, dto, actor);
    res.status(result.created ? 201 : 200);
    return result.outage;
  }

  @Get('outages/:id')
  @Roles('agent', 'supervisor', 'admin')
  @ApiOperation({ summary: 'An outage with its entes, tickets, alerts, notices and clocks (SLA.9, SLA.10)' })
  get(@Param('id', uuidParam()) id: string) {
    return this.outages.get(id);
  }

  @Patch('outages/:id')
  @Roles('agent', 'supervisor', 'admin')
  @ApiOperation({
    summary: 'Update an outage (intervention start, end, cause, links...) with the version read',
  })
  update(@Param('id', uuidParam()) id: string, @Body() dto: UpdateOutageDto) {
    return this.outages.update(id, dto);
  }

  @Post('outages/:id/notices')
  @HttpCode(201)
  @Roles('agent', 'supervisor', 'admin')
  @ApiOperation({
    summary:
      'Send a notice (entes: SLA.9, users: SLA.10) by e-mail from the templates and on the status page',
  })
  notify(@Param('id', uuidParam()) id: string, @Body() dto: NotifyOutageDto, @CurrentActor() actor: Actor) {
    return this.outages.notify(id, dto, actor);
  }

  @Get('monitoring/problems')
  @Roles('agent', 'supervisor', 'admin')
  @ApiOperation({
    summary:
      'Monitoring problems (open ones by default), whether Nagios acknowledged them, and the outage opened from each',
  })
  problems(@Query('all') all?: string) {
    return this.repository.problems(all !== 'true');
  }
}

/**
 * The public status page, outside /api (see STATUS_PAGE_ROUTES): no sign-in, no personal data,
 * no script; its stylesheet is a route of its own so the CSP needs no inline styles.
 */
@ApiTags('status')
@Controller('status')
@Public()
export class StatusPageController {
  constructor(private readonly status: StatusPageService) {}

  @Get()
  @ApiOperation({
    summary: 'Public status page (HTML): current and recent outages, in Italian or English (?lang=en)',
  })
  @ApiQuery({ name: 'lang', required: false, enum: ['it', 'en'] })
  async page(@Query('lang') lang: string | undefined, @Res({ passthrough: true }) res: Response) {
    res.type('html').setHeader('Cache-Control', 'public, max-age=30');
    // Anything but "en" is the Italian page: a public page never answers a 400 to a link.
    return this.status.html(lang === 'en' ? 'en' : 'it');
  }

  @Get('feed.atom')
  @ApiOperation({ summary: 'The status page as an Atom feed' })
  async atom(@Res({ passthrough: true }) res: Response) {
    res.type('application/atom+xml; charset=utf-8').setHeader('Cache-Control', 'public, max-age=30');
    return this.status.feed('atom');
  }

  @Get('feed.rss')
  @ApiOperation({ summary: 'The status page as an RSS 2.0 feed' })
  async rss(@Res({ passthrough: true }) res: Response) {
    res.type('application/rss+xml; charset=utf-8').setHeader('Cache-Control', 'public, max-age=30');
    return this.status.feed('rss');
  }

  @Get('status.css')
  @ApiOperation({ summary: 'The status page’s stylesheet' })
  css(@Res({ passthrough: true }) res: Response) {
    res.type('text/css; charset=utf-8').setHeader('Cache-Control', 'public, max-age=3600');
    return STATUS_CSS;
  }
}

/** The routes served outside the /api prefix (configureHttpApp excludes them from it). */
export const STATUS_PAGE_ROUTES = ['status', 'status/feed.atom', 'status/feed.rss', 'status/status.css'];
