import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import type { PublicLanguage } from './public-request-form';

export interface SurveyCandidate {
  ticketId: string;
  number: string;
  subject: string;
  channel: string;
  enteId: string | null;
  teamId: string | null;
  agentId: string | null;
  resolvedAt: Date;
  email: string;
  name: string;
  language: PublicLanguage;
}

export interface SurveyRow {
  id: string;
  ticketId: string;
  number: string;
  subject: string;
  answeredAt: Date | null;
  score: number | null;
  language: PublicLanguage;
}

export type SatisfactionGrouping = 'month' | 'channel' | 'ente' | 'team' | 'agent';

export interface SatisfactionGroupRow {
  key: string | null;
  name: string | null;
  sent: number;
  answered: number;
  average: number | null;
  scores: number[];
}

export interface SatisfactionCommentRow {
  answeredAt: Date;
  score: number;
  comment: string;
  /** The ticket, for the staff's link to its page. */
  ticketId: string;
  number: string;
  channel: string;
  ente: string | null;
  team: string | null;
  agent: string | null;
}

const GROUP_KEY: Record<SatisfactionGrouping, { key: string; name: string; join: string }> = {
  month: {
    key: `to_char(s.resolved_at AT TIME ZONE $3, 'YYYY-MM')`,
    name: `to_char(s.resolved_at AT TIME ZONE $3, 'YYYY-MM')`,
    join: '',
  },
  channel: { key: 's.channel', name: 's.channel', join: '' },
  ente: { key: 's.ente_id::text', name: 'g.name', join: 'LEFT JOIN ente g ON g.id = s.ente_id' },
  team: { key: 's.team_id::text', name: 'g.name', join: 'LEFT JOIN team g ON g.id = s.team_id' },
  agent: { key: 's.agent_id::text', name: 'g.name', join: 'LEFT JOIN app_user g ON g.id = s.agent_id' },
};

/** The satisfaction surveys (satisfaction_survey): sent after each resolution, answered once. */
@Injectable()
export class SatisfactionRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Resolutions since `since` with no survey yet: tickets resolved (not closed as not competent, not
   * merged away, not monitoring's) whose requester has an e-mail address.
   */
  candidates(since: Date, limit: number): Promise<SurveyCandidate[]> {
    return this.dataSource.query<SurveyCandidate[]>(
      `SELECT t.id AS "ticketId", t.number, t.subject, t.channel::text AS channel, t.ente_id AS "enteId",
              t.team_id AS "teamId", t.assignee_id AS "agentId", t.resolved_at AS "resolvedAt",
              c.email, c.name,
              coalesce((SELECT r.language FROM public_request r WHERE r.ticket_id = t.id LIMIT 1), 'it') AS language
         FROM ticket t JOIN contact c ON c.id = t.requester_id
        WHERE t.status = 'resolved' AND t.resolved_at >= $1 AND t.merged_into_id IS NULL
          AND t.channel <> 'monitoring' AND c.email IS NOT NULL AND c.email <> ''
          AND NOT EXISTS (SELECT 1 FROM satisfaction_survey s WHERE s.ticket_id = t.id AND s.resolved_at = t.resolved_at)
        ORDER BY t.resolved_at LIMIT $2`,
      [since, limit],
    );
  }

  /** The survey of this resolution, once: false when another worker stored it first. */
  async insert(em: EntityManager, c: SurveyCandidate, tokenHash: string, sentAt: Date): Promise<boolean> {
    const rows = await em.query<{ id: string }[]>(
      `INSERT INTO satisfaction_survey (ticket_id, resolved_at, token_hash, channel, ente_id, team_id, agent_id, language, sent_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (ticket_id, resolved_at) DO NOTHING RETURNING id`,
      [c.ticketId, c.resolvedAt, tokenHash, c.channel, c.enteId, c.teamId, c.agentId, c.language, sentAt],
    );
    return rows.length > 0;
  }

  async byTokenHash(tokenHash: string): Promise<SurveyRow | undefined> {
    const rows = await this.dataSource.query<SurveyRow[]>(
      `SELECT s.id, s.ticket_id AS "ticketId", t.number, t.subject, s.answered_at AS "answeredAt", s.score, s.language
         FROM satisfaction_survey s JOIN ticket t ON t.id = s.ticket_id WHERE s.token_hash = $1`,
      [tokenHash],
    );
    return rows[0];
  }

  /** The survey of the ticket's latest resolution, if it is still the ticket's state. */
  async currentForTicket(ticketId: string): Promise<SurveyRow | undefined> {
    const rows = await this.dataSource.query<SurveyRow[]>(
      `SELECT s.id, s.ticket_id AS "ticketId", t.number, t.subject, s.answered_at AS "answeredAt", s.score, s.language
         FROM satisfaction_survey s JOIN ticket t ON t.id = s.ticket_id
        WHERE s.ticket_id = $1 AND t.status = 'resolved' AND s.resolved_at = t.resolved_at`,
      [ticketId],
    );
    return rows[0];
  }

  /** Records the answer once: false when it was answered already. */
  async answer(id: string, score: number, comment: string | null, at: Date): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH done AS (UPDATE satisfaction_survey SET score = $2, comment = $3, answered_at = $4
                      WHERE id = $1 AND answered_at IS NULL RETURNING id)
       SELECT id FROM done`,
      [id, score, comment, at],
    );
    return rows.length > 0;
  }

  /** Surveys of the resolutions in [from, to) grouped: sent, answered, average, the 1-5 counts. */
  async grouped(
    by: SatisfactionGrouping,
    from: Date,
    to: Date,
    zone: string,
  ): Promise<SatisfactionGroupRow[]> {
    const g = GROUP_KEY[by];
    const rows = await this.dataSource.query<
      (Omit<SatisfactionGroupRow, 'scores' | 'average'> & {
        average: string | null;
        s1: number;
        s2: number;
        s3: number;
        s4: number;
        s5: number;
      })[]
    >(
      `SELECT ${g.key} AS key, ${g.name} AS name, count(*)::int AS sent, count(s.score)::int AS answered,
              round(avg(s.score)::numeric, 2)::text AS average,
              count(*) FILTER (WHERE s.score = 1)::int AS s1, count(*) FILTER (WHERE s.score = 2)::int AS s2,
              count(*) FILTER (WHERE s.score = 3)::int AS s3, count(*) FILTER (WHERE s.score = 4)::int AS s4,
              count(*) FILTER (WHERE s.score = 5)::int AS s5
         FROM satisfaction_survey s ${g.join}
        WHERE s.resolved_at >= $1 AND s.resolved_at < $2 AND ($3::text IS NOT NULL)
        GROUP BY 1, 2 ORDER BY 1 NULLS LAST`,
      [from, to, zone],
    );
    return rows.map((r) => ({
      key: r.key,
      name: r.name,
      sent: r.sent,
      answered: r.answered,
      average: r.average === null ? null : Number(r.average),
      scores: [r.s1, r.s2, r.s3, r.s4, r.s5],
    }));
  }

  /** The comments of the period, newest first. */
  comments(from: Date, to: Date, limit: number): Promise<SatisfactionCommentRow[]> {
    return this.dataSource.query<SatisfactionCommentRow[]>(
      `SELECT s.answered_at AS "answeredAt", s.score, s.comment, t.id AS "ticketId", t.number, s.channel,
              e.name AS ente, tm.name AS team, u.name AS agent
         FROM satisfaction_survey s JOIN ticket t ON t.id = s.ticket_id
         LEFT JOIN ente e ON e.id = s.ente_id LEFT JOIN team tm ON tm.id = s.team_id LEFT JOIN app_user u ON u.id = s.agent_id
        WHERE s.resolved_at >= $1 AND s.resolved_at < $2 AND s.comment IS NOT NULL AND s.comment <> ''
        ORDER BY s.answered_at DESC LIMIT $3`,
      [from, to, limit],
    );
  }
}
