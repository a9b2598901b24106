import { createHash, randomBytes } from 'node:crypto';

import { APP_CONFIG, AppConfig } from '@app/config';
import { MailTemplateService, OutboxService, publicBaseUrl, renderTemplate, subjectWithTag } from '@app/mail';
import { SlaRegistry } from '@app/sla';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';

import { cleanText } from './public-request-form';
import {
  SatisfactionCommentRow,
  SatisfactionGrouping,
  SatisfactionGroupRow,
  SatisfactionRepository,
  SurveyRow,
} from './satisfaction.repository';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** Resolutions older than this get no survey (history imports, a worker long stopped). */
const SURVEY_WINDOW_MS = 2 * 86_400_000;
export const COMMENT_MAX = 2_000;

export interface SatisfactionReport {
  from: string;
  to: string;
  by: SatisfactionGrouping;
  rows: (SatisfactionGroupRow & { responseRate: number | null })[];
  total: SatisfactionGroupRow & { responseRate: number | null };
  comments: SatisfactionCommentRow[];
}

export type AnswerOutcome = 'answered' | 'already' | 'invalid';

/**
 * Satisfaction after resolution (issue 20.3): one short survey per resolution, mailed to the
 * requester and offered on the follow page; answered once (1-5, an optional comment); reported per
 * month, channel, ente, team and agent with the comments.
 */
@Injectable()
export class SatisfactionService {
  private readonly log = new Logger('Satisfaction');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: SatisfactionRepository,
    private readonly outbox: OutboxService,
    private readonly templates: MailTemplateService,
    private readonly registry: SlaRegistry,
  ) {}

  /** The surveys of recent resolutions not yet asked: stored and mailed, each once. */
  async sendDue(now = new Date()): Promise<number> {
    const candidates = await this.repo.candidates(new Date(now.getTime() - SURVEY_WINDOW_MS), 200);
    const mailIds: string[] = [];
    for (const c of candidates) {
      const token = randomBytes(32).toString('base64url');
      const id = await this.repo.transaction(async (em) => {
        if (!(await this.repo.insert(em, c, sha256(token), now))) return null;
        const text = renderTemplate(await this.templates.get('satisfaction', c.language, em), {
          name: c.name,
          number: c.number,
          subject: c.subject,
          surveyUrl: `${publicBaseUrl(this.config)}/richiesta/valuta?t=${token}${c.language === 'en' ? '&lang=en' : ''}`,
        });
        const mail = await this.outbox.add(em, {
          ticketId: c.ticketId,
          kind: 'satisfaction',
          to: [c.email],
          subject: subjectWithTag(this.config.MAIL_SUBJECT_TAG, c.number, text.subject),
          text: text.body,
        });
        return mail.id;
      });
      if (id) mailIds.push(id);
    }
    await this.outbox.dispatch(mailIds);
    if (mailIds.length) this.log.log(`${mailIds.length} satisfaction surveys sent`);
    return mailIds.length;
  }

  /** The survey behind a mailed link, or null. */
  byToken(token: string): Promise<SurveyRow | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return Promise.resolve(undefined);
    return this.repo.byTokenHash(sha256(token));
  }

  /** The survey of a ticket's current resolution (the follow page offers it). */
  currentForTicket(ticketId: string): Promise<SurveyRow | undefined> {
    return this.repo.currentForTicket(ticketId);
  }

  /** An answer: once per survey; a score outside 1-5 is invalid. */
  async answer(
    survey: SurveyRow,
    score: unknown,
    comment: unknown,
    now = new Date(),
  ): Promise<AnswerOutcome> {
    const n = typeof score === 'string' ? Number(score) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 5) return 'invalid';
    const text = typeof comment === 'string' ? cleanText(comment, true).slice(0, COMMENT_MAX) : '';
    if (survey.answeredAt) return 'already';
    return (await this.repo.answer(survey.id, n, text || null, now)) ? 'answered' : 'already';
  }

  /** The report of the resolutions in [from, to] (local dates of the default calendar). */
  async report(from: string, to: string, by: SatisfactionGrouping): Promise<SatisfactionReport> {
    const zone = (await this.registry.defaultCalendar()).timeZone;
    const start = DateTime.fromISO(from, { zone }).startOf('day').toJSDate();
    const end = DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day').toJSDate();
    const [rows, comments] = await Promise.all([
      this.repo.grouped(by, start, end, zone),
      this.repo.comments(start, end, 500),
    ]);
    const rate = (r: SatisfactionGroupRow) => (r.sent ? Math.round((r.answered / r.sent) * 1000) / 10 : null);
    // Every survey is in exactly one group (those without an ente, team or agent form one): the
    // period's total is the sum of the groups.
    const sum = rows.reduce(
      (t, r) => ({
        sent: t.sent + r.sent,
        answered: t.answered + r.answered,
        scores: t.scores.map((v, i) => v + r.scores[i]!),
      }),
      { sent: 0, answered: 0, scores: [0, 0, 0, 0, 0] },
    );
    const weighted = sum.scores.reduce((acc, count, i) => acc + count * (i + 1), 0);
    const total = {
      key: null,
      name: null,
      ...sum,
      average: sum.answered ? Math.round((weighted / sum.answered) * 100) / 100 : null,
    };
    return {
      from,
      to,
      by,
      rows: rows.map((r) => ({ ...r, responseRate: rate(r) })),
      total: { ...total, responseRate: rate(total) },
      comments,
    };
  }
}
