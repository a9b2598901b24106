import { Actor } from '@app/auth';
import { NotFoundError, ValidationError, VersionConflictError } from '@app/common';
import { MailTemplateService, OutboxService, renderTemplate } from '@app/mail';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';

import {
  CreateOutageDto,
  NotifyOutageDto,
  OutageFieldsDto,
  OutageFromProblemDto,
  UpdateOutageDto,
} from './outage.dto';
import { NoticeRow, OutageLink, OutageRepository, OutageRow } from './outage.repository';
import { durationMinutes, NoticeKind, outageClocks } from './outage-clock.util';
import { OutageSettings } from './outage-settings';

/** What an outage links to, in the order they are checked. */
const LINKS: readonly OutageLink[] = ['enteIds', 'ticketIds', 'alertIds'];

/** How far in the future an unplanned outage's instants may be (clock skew), in ms. */
const MAX_SKEW_MS = 10 * 60_000;

const localTime = (d: Date | null, zone: string) =>
  d ? DateTime.fromJSDate(d, { zone }).toFormat('dd/LL/yyyy HH:mm') : '-';

/**
 * Outages: opened by an agent or from a monitoring problem, updated as they unfold, and notified
 * (SLA.9 to the entes' offices, SLA.10 to users) through the outbox and the public status page.
 * The clocks are computed from the outage and its first notice of each kind, so changing the
 * intervention's start moves them truthfully.
 */
@Injectable()
export class OutageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outages: OutageRepository,
    private readonly settings: OutageSettings,
    private readonly outbox: OutboxService,
    private readonly templates: MailTemplateService,
  ) {}

  /** Outages started between two local dates (inclusive, either optional), or only those not ended. */
  async list(filter: { from?: string; to?: string; openOnly?: boolean }, now = new Date()) {
    const zone = await this.settings.localZone();
    const localDay = (date: string, plusDays = 0) =>
      DateTime.fromISO(date, { zone }).startOf('day').plus({ days: plusDays }).toJSDate();
    const rows = await this.outages.list({
      from: filter.from ? localDay(filter.from) : undefined,
      to: filter.to ? localDay(filter.to, 1) : undefined,
      openOnly: filter.openOnly,
    });
    const notices = await this.outages.notices(rows.map((r) => r.id));
    return rows.map((r) =>
      this.summary(
        r,
        notices.filter((n) => n.outageId === r.id),
        now,
      ),
    );
  }

  async get(id: string, now = new Date()) {
    const row = await this.outages.find(id);
    if (!row) throw new NotFoundError('Interruzione / Outage', id);
    const [notices, tickets, alerts] = await Promise.all([
      this.outages.notices([id]),
      this.outages.tickets(id),
      this.outages.alerts(id),
    ]);
    return { ...this.summary(row, notices, now), tickets, alerts, notices };
  }

  async create(dto: CreateOutageDto, actor: Actor, now = new Date()) {
    const fields = this.checked(dto, { startedAt: dto.startedAt, planned: dto.planned ?? false }, now);
    const id = await this.dataSource.transaction(async (em) => {
      const outageId = await this.outages.insert(em, {
        title: dto.title,
        services: dto.services ?? [],
        startedAt: fields.startedAt,
        interventionStartedAt: fields.interventionStartedAt ?? null,
        endedAt: fields.endedAt ?? null,
        cause: dto.cause ?? '',
        planned: dto.planned ?? false,
        publicMessage: dto.publicMessage ?? '',
        createdBy: actor.id,
      });
      await this.link(em, outageId, dto);
      return outageId;
    });
    return this.get(id, now);
  }

  /** From a monitoring problem: its object, its start, its ticket and alerts; once per problem. */
  async fromProblem(problemId: string, dto: OutageFromProblemDto, actor: Actor, now = new Date()) {
    const result = await this.dataSource.transaction(async (em) => {
      const problem = await this.outages.lockProblem(em, problemId);
      if (!problem) throw new NotFoundError('Problema di monitoraggio / Monitoring problem', problemId);
      const existing = await this.outages.idOfProblem(em, problemId);
      if (existing) return { id: existing, created: false };
      const object = problem.service ? `${problem.host}/${problem.service}` : problem.host;
      const startedAt = dto.startedAt ?? problem.opened_at.toISOString();
      const fields = this.checked(dto, { startedAt, planned: dto.planned ?? false }, now);
      const outageId = await this.outages.insert(em, {
        title: dto.title ?? `${object} non disponibile / unavailable`,
        services: dto.services ?? [object],
        startedAt: fields.startedAt,
        interventionStartedAt: fields.interventionStartedAt ?? null,
        endedAt: fields.endedAt !== undefined ? fields.endedAt : (problem.closed_at ?? null),
        cause: dto.cause ?? '',
        planned: dto.planned ?? false,
        publicMessage: dto.publicMessage ?? '',
        problemId,
        createdBy: actor.id,
      });
      const alerts = await this.outages.problemEventIds(em, problem);
      await this.link(em, outageId, {
        ...dto,
        ticketIds: [...new Set([problem.ticket_id, ...(dto.ticketIds ?? [])])],
        alertIds: [...new Set([...alerts, ...(dto.alertIds ?? [])])],
      });
      return { id: outageId, created: true };
    });
    return { created: result.created, outage: await this.get(result.id, now) };
  }

  async update(id: string, dto: UpdateOutageDto, now = new Date()) {
    await this.dataSource.transaction(async (em) => {
      const row = await this.outages.lockForUpdate(em, id);
      if (!row) throw new NotFoundError('Interruzione / Outage', id);
      if (row.version !== dto.version) throw new VersionConflictError(dto.version, row.version);
      const fields = this.checked(
        dto,
        {
          startedAt: dto.startedAt ?? row.started_at.toISOString(),
          interventionStartedAt:
            dto.interventionStartedAt === undefined
              ? (row.intervention_started_at?.toISOString() ?? null)
              : dto.interventionStartedAt,
          endedAt: dto.endedAt === undefined ? (row.ended_at?.toISOString() ?? null) : dto.endedAt,
          planned: dto.planned ?? row.planned,
        },
        now,
      );
      await this.outages.update(em, id, {
        title: dto.title ?? null,
        services: dto.services ?? null,
        startedAt: fields.startedAt,
        interventionStartedAt: fields.interventionStartedAt,
        endedAt: fields.endedAt ?? null,
        cause: dto.cause ?? null,
        planned: dto.planned ?? null,
        publicMessage: dto.publicMessage ?? null,
      });
      for (const link of LINKS) if (dto[link]) await this.outages.clearLinks(em, link, id);
      await this.link(em, id, dto);
    });
    return this.get(id, now);
  }

  /**
   * A notice: e-mailed from the templates (Italian, then English) through the outbox to the
   * entes' notice addresses and referents, and published on the status page. The first of its
   * kind stops its clock (SLA.9 for entes, SLA.10 for users).
   */
  async notify(id: string, dto: NotifyOutageDto, actor: Actor, now = new Date()) {
    const sentAt = dto.sentAt ? new Date(dto.sentAt) : now;
    if (sentAt.getTime() > now.getTime() + MAX_SKEW_MS) {
      throw new ValidationError([{ field: 'sentAt', reason: 'nel futuro / in the future' }]);
    }
    const email = dto.email ?? true;
    const publish = dto.publish ?? true;
    const ids: string[] = [];
    await this.dataSource.transaction(async (em) => {
      // The row lock orders concurrent notices, so "the first of its kind" is well defined.
      if (!(await this.outages.lock(em, id))) throw new NotFoundError('Interruzione / Outage', id);
      const outage = (await this.outages.find(id, em))!;
      const recipients = email
        ? [
            ...new Set([
              ...(await this.outages.noticeAddresses(em, id)),
              ...(dto.to ?? []).map((a) => a.toLowerCase()),
            ]),
          ]
        : [];
      if (recipients.length === 0 && !publish) {
        throw new ValidationError([
          {
            field: email ? 'to' : 'publish',
            reason: email
              ? 'nessun indirizzo per gli enti interessati: aggiungerli o pubblicare / no address for the entes: add some or publish'
              : 'un avviso va inviato o pubblicato / a notice must be sent or published',
          },
        ]);
      }
      const mail = await this.render(em, dto.kind, outage, dto.message ?? '', now);
      for (const to of recipients) {
        // One mail per address: the entes' offices do not see each other's addresses.
        const queued = await this.outbox.add(em, {
          ticketId: null,
          kind: 'notification',
          to: [to],
          subject: mail.subject,
          text: mail.body,
        });
        ids.push(queued.id);
      }
      const notices = await this.outages.notices([id], em);
      const clock = outageClocks(outage, notices, now, this.settings.get().notices).find(
        (c) => c.kind === dto.kind,
      )!;
      await this.outages.insertNotice(em, {
        outageId: id,
        kind: dto.kind,
        sentAt,
        dueAt: clock.dueAt,
        subject: mail.subject,
        body: mail.body,
        message: dto.message ?? '',
        published: publish,
        recipients: recipients.length,
        outboundIds: ids,
        sentBy: actor.id,
      });
      await this.outages.touch(em, id);
    });
    await this.outbox.dispatch(ids);
    return this.get(id, now);
  }

  /** The outage with its clocks; staff see this, the status page a smaller public shape. */
  summary(row: OutageRow, notices: NoticeRow[], now: Date) {
    return {
      ...row,
      status: row.endedAt ? 'ended' : row.startedAt > now ? 'scheduled' : 'ongoing',
      durationMinutes: durationMinutes(row.startedAt, row.endedAt),
      clocks: outageClocks(row, notices, now, this.settings.get().notices),
    };
  }

  private async render(em: EntityManager, kind: NoticeKind, outage: OutageRow, message: string, now: Date) {
    const code = kind === 'entes' ? 'outage_entes' : 'outage_users';
    const zone = await this.settings.localZone();
    const local = (d: Date | null) => localTime(d, zone);
    const state = (lang: 'it' | 'en') =>
      outage.endedAt
        ? lang === 'it'
          ? `risolta alle ${local(outage.endedAt)}`
          : `resolved at ${local(outage.endedAt)}`
        : outage.startedAt > now
          ? lang === 'it'
            ? 'programmata'
            : 'scheduled'
          : lang === 'it'
            ? 'in corso'
            : 'ongoing';
    const values = (lang: 'it' | 'en') => ({
      title: outage.title,
      services: outage.services.join(', ') || '-',
      entes: outage.entes.map((e) => e.name).join(', ') || (lang === 'it' ? 'tutti' : 'all'),
      startedAt: local(outage.startedAt),
      interventionStartedAt: local(outage.interventionStartedAt),
      endedAt: local(outage.endedAt),
      state: state(lang),
      cause: outage.cause || (lang === 'it' ? 'in corso di verifica' : 'being investigated'),
      message: message || outage.publicMessage,
      statusUrl: `${this.settings.publicUrl()}/status`,
    });
    const it = renderTemplate(await this.templates.get(code, 'it', em), values('it'));
    const en = renderTemplate(await this.templates.get(code, 'en', em), values('en'));
    return { subject: `${it.subject} / ${en.subject}`, body: `${it.body}\n\n----\n\n${en.body}` };
  }

  /** Instants in order and not (much) in the future unless planned; 400 naming the field. */
  private checked(
    dto: OutageFieldsDto,
    base: {
      startedAt: string;
      interventionStartedAt?: string | null;
      endedAt?: string | null;
      planned: boolean;
    },
    now: Date,
  ) {
    const startedAt = new Date(base.startedAt);
    const interventionStartedAt =
      dto.interventionStartedAt !== undefined ? dto.interventionStartedAt : base.interventionStartedAt;
    const endedAt = dto.endedAt !== undefined ? dto.endedAt : base.endedAt;
    const problems: { field: string; reason: string }[] = [];
    const future = (d: Date) => d.getTime() > now.getTime() + MAX_SKEW_MS;
    if (!base.planned && future(startedAt))
      problems.push({
        field: 'startedAt',
        reason: 'nel futuro per un’interruzione non programmata / in the future',
      });
    if (interventionStartedAt && new Date(interventionStartedAt) < startedAt)
      problems.push({ field: 'interventionStartedAt', reason: 'precede l’inizio / is before startedAt' });
    if (interventionStartedAt && !base.planned && future(new Date(interventionStartedAt)))
      problems.push({ field: 'interventionStartedAt', reason: 'nel futuro / in the future' });
    if (endedAt && new Date(endedAt) < startedAt)
      problems.push({ field: 'endedAt', reason: 'precede l’inizio / is before startedAt' });
    if (endedAt && future(new Date(endedAt)))
      problems.push({ field: 'endedAt', reason: 'nel futuro / in the future' });
    if (problems.length) throw new ValidationError(problems);
    return {
      startedAt,
      interventionStartedAt: interventionStartedAt ? new Date(interventionStartedAt) : null,
      endedAt: endedAt === undefined ? undefined : endedAt ? new Date(endedAt) : null,
    };
  }

  /** Links to entes, tickets and alerts; unknown ids are a 400 naming the field, not a 500. */
  private async link(em: EntityManager, id: string, dto: OutageFieldsDto) {
    for (const field of LINKS) {
      const values: readonly unknown[] | undefined = dto[field];
      if (!values?.length) continue;
      const unique = [...new Set(values.map(String))];
      if ((await this.outages.knownCount(em, field, unique)) !== unique.length)
        throw new ValidationError([{ field, reason: 'id sconosciuto / unknown id' }]);
      await this.outages.addLinks(em, field, id, unique);
    }
  }
}
