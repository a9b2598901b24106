import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AlertMonthRow } from './alert-report.util';

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
    return this.dataSource.query(ALERTS_BY_MONTH, [year, zone]);
  }
}
