import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import type { AlertMonthRow } from './alert-report.util';
import type { MonitoringEventInput } from './monitoring-event.types';

/** The latest state of an object in the history. */
export interface LatestStateRow {
  state: string;
  state_type: string;
  occurred_at: Date;
}

/** An event as the availability report reads it. */
export interface AvailabilityEventRow {
  occurred_at: Date;
  kind: 'state' | 'downtime';
  host: string;
  service: string | null;
  state: string | null;
  state_type: string | null;
  phase: string | null;
  output: string;
  perf_data: string | null;
  source: string;
}

/**
 * An alert or warning is a problem state change (host DOWN/UNREACHABLE, service WARNING, CRITICAL,
 * UNKNOWN; SOFT or HARD) in the state history: every ALERT line of an imported Nagios log (Nagios
 * logs each retry), and otherwise each change from the object's previous state, whichever
 * notification or reconciliation revealed it. A repeated notification of the same state (an
 * ACKNOWLEDGEMENT, CUSTOM or FLAPPING notification of a known problem, a re-notification) and a
 * log's CURRENT/INITIAL lines are not alerts. `basis` says where each count comes from.
 */
const ALERTS_BY_MONTH = `
  WITH history AS (
    SELECT occurred_at, origin, source, service, state, state_type,
           lag(state) OVER object_time AS previous_state, lag(state_type) OVER object_time AS previous_type
      FROM monitoring_event
     WHERE kind = 'state'
       AND occurred_at >= make_timestamptz($1 - 2, 1, 1, 0, 0, 0, $2)
       AND occurred_at < make_timestamptz($1 + 1, 1, 1, 0, 0, 0, $2)
    WINDOW object_time AS (PARTITION BY lower(host), lower(coalesce(service, '')) ORDER BY occurred_at, id))
  SELECT extract(year FROM occurred_at AT TIME ZONE $2)::int AS year,
         extract(month FROM occurred_at AT TIME ZONE $2)::int AS month,
         CASE WHEN origin = 'log' THEN 'log' WHEN source = 'reconcile' THEN 'reconciliation' ELSE 'notifications' END AS basis,
         count(*)::int AS n
    FROM history
   WHERE (source IN ('alert', 'reconcile', 'notification'))
     AND ((service IS NULL AND state IN ('DOWN', 'UNREACHABLE')) OR (service IS NOT NULL AND state IN ('WARNING', 'CRITICAL', 'UNKNOWN')))
     AND occurred_at >= make_timestamptz($1 - 1, 1, 1, 0, 0, 0, $2)
     AND ((origin = 'log' AND source = 'alert') OR (origin <> 'log' AND (previous_state IS DISTINCT FROM state OR previous_type IS DISTINCT FROM state_type)))
   GROUP BY 1, 2, 3`;

/** The Nagios state history (monitoring_event) as the reports read it. */
@Injectable()
export class MonitoringEventRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Alerts and warnings per local month (of `zone`) of `year` and the year before, by basis. */
  alertsByMonth(year: number, zone: string): Promise<AlertMonthRow[]> {
    return this.dataSource.query<AlertMonthRow[]>(ALERTS_BY_MONTH, [year, zone]);
  }

  /** Stores the event once (its dedup key); false when it was known already. */
  async insert(em: EntityManager, dedupKey: string, e: MonitoringEventInput): Promise<boolean> {
    const rows = await em.query<{ id: string }[]>(
      `INSERT INTO monitoring_event (dedup_key, occurred_at, kind, origin, host, service, state, state_type, attempt,
                                     phase, output, perf_data, notification_type, source, author)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
      [
        dedupKey,
        e.at,
        e.kind,
        e.origin,
        e.host,
        e.service,
        e.state,
        e.stateType,
        e.attempt,
        e.phase,
        e.output.replaceAll('\u0000', ''),
        e.perfData,
        e.notificationType,
        e.source,
        e.author?.replaceAll('\u0000', '') ?? null,
      ],
    );
    return rows.length > 0;
  }

  /** The object's latest state (HARD only, or any), if the history has one. */
  async latestState(
    em: EntityManager,
    host: string,
    service: string | null,
    hardOnly: boolean,
  ): Promise<LatestStateRow | undefined> {
    const rows = await em.query<LatestStateRow[]>(
      `SELECT state, state_type, occurred_at FROM monitoring_event
        WHERE kind = 'state' AND host = $1 AND ${service === null ? 'service IS NULL' : 'service = $2'}
          ${hardOnly ? `AND state_type = 'HARD'` : ''}
        ORDER BY occurred_at DESC, id DESC LIMIT 1`,
      service === null ? [host] : [host, service],
    );
    return rows[0];
  }

  /**
   * Whether the help desk already knows what a line of Nagios's log says: the same state (or
   * downtime phase) stored from a notification stamped a second before to two after the line (a
   * notification carries $TIMET$ of its sending), or, for a state, the object already in that state
   * then (a CURRENT STATE line at a rotation, a repeated recovery).
   */
  async knownFromLog(em: EntityManager, e: MonitoringEventInput): Promise<boolean> {
    const object = e.service === null ? 'service IS NULL' : 'service = $5';
    const params: unknown[] = [e.host, e.at, e.kind === 'state' ? e.state : e.phase, e.kind];
    if (e.service !== null) params.push(e.service);
    const sameField = e.kind === 'state' ? 'state' : 'phase';
    const rows = await em.query<unknown[]>(
      `SELECT 1 FROM monitoring_event
        WHERE kind = $4 AND host = $1 AND ${object} AND ${sameField} = $3
          AND occurred_at BETWEEN $2::timestamptz - interval '1 second' AND $2::timestamptz + interval '2 seconds'
       UNION ALL
       SELECT 1 FROM (SELECT state FROM monitoring_event
                       WHERE $4 = 'state' AND kind = 'state' AND host = $1 AND ${object}
                         AND (state_type = 'HARD' OR state IN ('UP', 'OK')) AND occurred_at <= $2
                       ORDER BY occurred_at DESC, id DESC LIMIT 1) latest
        WHERE latest.state = $3
       LIMIT 1`,
      params,
    );
    return rows.length > 0;
  }

  /** One object's events, one transaction at a time (an advisory lock until the transaction ends). */
  async lockObject(em: EntityManager, host: string, service: string | null): Promise<void> {
    await em.query<unknown>(`SELECT pg_advisory_xact_lock(25, hashtext(lower($1) || '/' || lower($2)))`, [
      host,
      service ?? '',
    ]);
  }

  /** The events of these hosts (lower case) in [since, until), in order. */
  async forHosts(hosts: string[], until: Date, since: Date): Promise<AvailabilityEventRow[]> {
    return this.dataSource.query<AvailabilityEventRow[]>(
      `SELECT occurred_at, kind, host, service, state, state_type, phase, output, perf_data, source
         FROM monitoring_event
        WHERE lower(host) = ANY($1) AND occurred_at < $2 AND occurred_at >= $3
        ORDER BY occurred_at, id`,
      [hosts, until, since],
    );
  }
}
