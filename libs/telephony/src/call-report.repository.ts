import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface CallMonth {
  month: number;
  incoming: number;
  answered: number;
  missed: number;
  /** Missed calls whose number nobody called back afterwards (an outbound call to it). */
  missedNotCalledBack: number;
  outbound: number;
  /** Median seconds from the first ring to the answer, answered incoming calls; null without any. */
  medianAnswerSeconds: number | null;
}

/** Calls per local month of a year, beside the ticket tables (issue 24.6). */
@Injectable()
export class CallReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async year(year: number, zone: string): Promise<CallMonth[]> {
    const rows = await this.dataSource.query<CallMonth[]>(
      `SELECT extract(month FROM pc.started_at AT TIME ZONE $2)::int AS month,
              count(*) FILTER (WHERE pc.direction = 'in')::int AS incoming,
              count(*) FILTER (WHERE pc.direction = 'in' AND pc.status IN ('answered', 'talking'))::int AS answered,
              count(*) FILTER (WHERE pc.direction = 'in' AND pc.status = 'missed')::int AS missed,
              count(*) FILTER (WHERE pc.direction = 'in' AND pc.status = 'missed' AND NOT EXISTS (
                SELECT 1 FROM phone_call back WHERE back.direction = 'out' AND back.caller_e164 = pc.caller_e164
                   AND back.started_at > pc.started_at))::int AS "missedNotCalledBack",
              count(*) FILTER (WHERE pc.direction = 'out')::int AS outbound,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM pc.answered_at - pc.started_at))
                FILTER (WHERE pc.direction = 'in' AND pc.answered_at IS NOT NULL) AS "medianAnswerSeconds"
         FROM phone_call pc
        WHERE pc.started_at >= make_timestamptz($1, 1, 1, 0, 0, 0, $2)
          AND pc.started_at < make_timestamptz($1 + 1, 1, 1, 0, 0, 0, $2)
        GROUP BY 1`,
      [year, zone],
    );
    return Array.from({ length: 12 }, (_, i) => {
      const row = rows.find((r) => r.month === i + 1);
      return {
        month: i + 1,
        incoming: row?.incoming ?? 0,
        answered: row?.answered ?? 0,
        missed: row?.missed ?? 0,
        missedNotCalledBack: row?.missedNotCalledBack ?? 0,
        outbound: row?.outbound ?? 0,
        medianAnswerSeconds:
          row?.medianAnswerSeconds === null || !row ? null : Math.round(Number(row.medianAnswerSeconds)),
      };
    });
  }
}
