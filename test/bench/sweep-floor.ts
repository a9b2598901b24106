/*
 * What a sweep benchmark sets up and compares with: one running clock per ticket, 1% of them past
 * due (bench:sweeper, bench:scale), and the sweep's writes for the same rows as one statement.
 */
import { DataSource } from 'typeorm';

/** The share of the running clocks past due when the sweep runs. */
export const DUE_SHARE = 0.01;

/** One running SLA.7 clock per ticket, DUE_SHARE of them past due at `now`; every other clock stopped. */
export async function runningClocks(ds: DataSource, now: Date): Promise<number> {
  await ds.transaction(async (em) => {
    await em.query('SET LOCAL statement_timeout = 0');
    await em.query(`UPDATE sla_clock SET state = 'met' WHERE state = 'running' AND code <> 'SLA.7'`);
    await em.query(
      `UPDATE sla_clock SET state = 'running', stopped_at = NULL, elapsed_minutes = NULL, breached_at = NULL,
              at_risk_at = NULL, due_at = d.due_at, warn_at = d.due_at - interval '72 minutes'
         FROM (SELECT id, CASE WHEN random() < ${DUE_SHARE}
                               THEN $1::timestamptz - random() * interval '2 hours'
                               ELSE $1::timestamptz + interval '2 hours' + random() * interval '30 days' END AS due_at
                 FROM sla_clock WHERE code = 'SLA.7') d
        WHERE sla_clock.id = d.id`,
      [now],
    );
  });
  await ds.query(`VACUUM ANALYZE sla_clock`);
  const [{ due }] = await ds.query(
    `SELECT count(*)::int AS due FROM sla_clock WHERE state = 'running' AND due_at <= $1`,
    [now],
  );
  return due;
}

/** The floor: the sweep's writes for the same rows as one statement, rolled back. */
export async function sweepFloor(
  ds: DataSource,
  now: Date,
  explain = false,
): Promise<{ ms: number; clocks: number; events: number; notifications: number }> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    const t0 = performance.now();
    const rows = await runner.query(
      `${explain ? 'EXPLAIN (ANALYZE, BUFFERS) ' : ''}WITH due AS (
         UPDATE sla_clock c SET state = 'breached', breached_at = c.due_at, updated_at = now(),
                history = c.history || jsonb_build_array(jsonb_build_object('at', to_jsonb(c.due_at), 'kind', 'breached', 'reason', 'scaduto / overdue'))
          WHERE c.state = 'running' AND c.due_at <= $1
         RETURNING c.ticket_id, c.code, c.cycle, c.due_at),
       ev AS (
         INSERT INTO ticket_event (ticket_id, type, occurred_at, payload)
         SELECT ticket_id, 'sla_breached', due_at, jsonb_build_object('code', code, 'cycle', cycle, 'at', due_at) FROM due
         RETURNING 1),
       nt AS (
         INSERT INTO notification (user_id, ticket_id, kind, payload, dedup_key, email_after)
         SELECT u.id, due.ticket_id, 'sla_breached', jsonb_build_object('code', due.code, 'dueAt', due.due_at),
                'breach:' || due.ticket_id || ':' || due.code || ':' || due.cycle, $1
           FROM due JOIN ticket t ON t.id = due.ticket_id
           JOIN app_user u ON u.active AND (u.role = 'supervisor' OR u.id = t.assignee_id)
         ON CONFLICT (user_id, dedup_key) DO NOTHING
         RETURNING 1)
       SELECT (SELECT count(*)::int FROM due) AS clocks, (SELECT count(*)::int FROM ev) AS events,
              (SELECT count(*)::int FROM nt) AS notifications`,
      [now],
    );
    const ms = performance.now() - t0;
    await runner.rollbackTransaction();
    if (explain) console.log(rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
    return { ms, ...rows[0] };
  } finally {
    await runner.release();
  }
}
