import { REPORTING_DATA_SOURCE } from '@app/database';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Who a row of the report is about: the ticket's team, or its assignee. */
export type ReportKey = 'team' | 'agent';

export interface PerformanceQuery {
  key: ReportKey;
  fromInstant: Date;
  toInstant: Date;
  zone: string;
  /** The clock codes that stop at take-charge and at the first answer (SLA.6, SLA.7). */
  takeChargeCode: string;
  answerCode: string;
  /** Only the tickets of this team. */
  teamId?: string;
}

/** One month (null: the whole period) of one team or agent ('-': none). */
export interface PerformanceRow {
  month: string | null;
  key: string;
  handled: number;
  resolved: number;
  takeChargeCount: number;
  takeChargeMedian: number | null;
  takeChargeP95: number | null;
  answerCount: number;
  answerMedian: number | null;
  answerP95: number | null;
  breaches: number;
}

export interface EscalationRow {
  month: string;
  fromTeam: string | null;
  toTeam: string | null;
  actorId: string | null;
  n: number;
}

/**
 * Reports by team and by agent (issue 19.8), read from the replica like the other reports. Merged
 * duplicates are left out: their request is counted once, in the ticket they were merged into.
 */
@Injectable()
export class TeamReportsRepository {
  constructor(@Inject(REPORTING_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * Tickets received in [from, to) per local month and team (or assignee), with the period's total
   * per key (month null). Take-charge and answer times are the first cycle's business minutes,
   * fixed on the clock when it stopped, as in the SLA table; breaches count every breached clock.
   */
  performance(q: PerformanceQuery): Promise<PerformanceRow[]> {
    const column = q.key === 'team' ? 't.team_id' : 't.assignee_id';
    return this.dataSource.query<PerformanceRow[]>(
      `SELECT x.month, x.key,
              count(*)::int AS handled,
              (count(*) FILTER (WHERE x.resolved))::int AS resolved,
              count(x.tc)::int AS "takeChargeCount",
              percentile_disc(0.5) WITHIN GROUP (ORDER BY x.tc) AS "takeChargeMedian",
              percentile_disc(0.95) WITHIN GROUP (ORDER BY x.tc) AS "takeChargeP95",
              count(x.ans)::int AS "answerCount",
              percentile_disc(0.5) WITHIN GROUP (ORDER BY x.ans) AS "answerMedian",
              percentile_disc(0.95) WITHIN GROUP (ORDER BY x.ans) AS "answerP95",
              COALESCE(sum(x.breaches), 0)::int AS breaches
         FROM (SELECT to_char(date_trunc('month', t.received_at AT TIME ZONE $3), 'YYYY-MM') AS month,
                      COALESCE(${column}::text, '-') AS key,
                      t.status IN ('resolved', 'resolved_not_competent') AS resolved,
                      tc.elapsed_minutes AS tc, ans.elapsed_minutes AS ans,
                      (SELECT count(*) FROM sla_clock b WHERE b.ticket_id = t.id AND b.state = 'breached') AS breaches
                 FROM ticket t
                 LEFT JOIN sla_clock tc ON tc.ticket_id = t.id AND tc.code = $4 AND tc.cycle = 1
                                       AND tc.stopped_at IS NOT NULL AND tc.state <> 'cancelled'
                 LEFT JOIN sla_clock ans ON ans.ticket_id = t.id AND ans.code = $5 AND ans.cycle = 1
                                        AND ans.stopped_at IS NOT NULL AND ans.state <> 'cancelled'
                WHERE t.received_at >= $1 AND t.received_at < $2 AND t.merged_into_id IS NULL
                  AND ($6::uuid IS NULL OR t.team_id = $6::uuid)) x
        GROUP BY GROUPING SETS ((x.month, x.key), (x.key))
        ORDER BY x.key, x.month NULLS LAST`,
      [q.fromInstant, q.toInstant, q.zone, q.takeChargeCode, q.answerCode, q.teamId ?? null],
    );
  }

  /** Team changes (escalations between levels) made in [from, to), per local month. */
  escalations(fromInstant: Date, toInstant: Date, zone: string): Promise<EscalationRow[]> {
    return this.dataSource.query<EscalationRow[]>(
      `SELECT to_char(date_trunc('month', e.occurred_at AT TIME ZONE $3), 'YYYY-MM') AS month,
              e.payload->>'from' AS "fromTeam", e.payload->>'to' AS "toTeam", e.actor_id::text AS "actorId",
              count(*)::int AS n
         FROM ticket_event e
        WHERE e.type = 'team_changed' AND e.occurred_at >= $1 AND e.occurred_at < $2
        GROUP BY 1, 2, 3, 4`,
      [fromInstant, toInstant, zone],
    );
  }

  /** Merged duplicates received in [from, to): left out of the figures, named in the notes. */
  async mergedCount(fromInstant: Date, toInstant: Date, enteIds?: string[]): Promise<number> {
    const [{ n }] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ticket t
        WHERE t.received_at >= $1 AND t.received_at < $2 AND t.merged_into_id IS NOT NULL
          AND ($3::uuid[] IS NULL OR t.ente_id = ANY($3::uuid[]))`,
      [fromInstant, toInstant, enteIds ?? null],
    );
    return n;
  }

  /** Names of teams and staff, for the rows. */
  async names(key: ReportKey): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<{ id: string; name: string }[]>(
      key === 'team' ? `SELECT id::text, name FROM team` : `SELECT id::text, name FROM app_user`,
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
