/*
 * Report benchmark: `npm run bench:reports [-- N]` (default 1,000,000 tickets).
 *
 * Generates N tickets received over 2016-2017 with their timelines (created, taken in charge,
 * resolved) and their SLA clocks (SLA.6, SLA.7), then times the yearly ticket report (by month
 * and channel, current statuses and "as of" a past instant) and the SLA compliance report for
 * 2017, each against a hand-written single SQL aggregate over the same rows run in the same
 * benchmark. Needs a PostgreSQL server (BENCH_DATABASE_URL, or TEST_DATABASE_URL, default the
 * local one); the database is created and dropped here.
 */
import 'reflect-metadata';
import { admin, benchServerUrl, withDatabase } from './bench-database';
import { loadConfig } from '@app/config';
import { ReportingModule, SlaComplianceService, TicketStatisticsService } from '@app/reporting';
import { CoreModule } from '@app/runtime';
import { SlaRegistry } from '@app/sla';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { DataSource } from 'typeorm';

const N = Number(process.argv[2] ?? 1_000_000);
const RUNS = 5;
const RESULTS_FILE = 'bench-results-reports.json';
const TARGET_MS = 2_000;

/** Median wall time of `runs` calls, after one warm-up. */
async function time(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await work();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/** Set-based generation: a few statements, not a million round trips (and no statement timeout). */
async function generate(dataSource: DataSource, n: number): Promise<void> {
  await dataSource.transaction(async (em) => {
    await em.query('SET LOCAL statement_timeout = 0');
    await generateIn(em, n);
  });
}

async function generateIn(ds: { query: DataSource['query'] }, n: number): Promise<void> {
  await ds.query(
    `INSERT INTO ente (code, name, kind) SELECT 'E' || g, 'Comune ' || g, 'comune' FROM generate_series(1, 30) g`,
  );
  const [policy] = await ds.query(`SELECT id FROM sla_policy WHERE active`);
  await ds.query(`CREATE TEMP TABLE gen AS
    SELECT g AS i, gen_random_uuid() AS id,
           timestamptz '2016-01-01 07:00+01' + (random() * interval '730 days') AS received_at,
           (ARRAY['email','email','email','phone','phone','web'])[1 + (g % 6)]::ticket_channel AS channel,
           random() AS r, (array(SELECT id FROM ente ORDER BY code))[1 + g % 30] AS ente_id
      FROM generate_series(1, ${n}) g`);
  await ds.query(`INSERT INTO ticket (id, number, channel, status, subject, ente_id, received_at, taken_in_charge_at,
                                      first_answered_at, resolved_at, redirected_to, sla_policy_id, created_at, updated_at)
    SELECT id, extract(year FROM received_at)::int || '-' || lpad(i::text, 7, '0'), channel,
           (CASE WHEN r < 0.002 THEN 'new' WHEN r < 0.006 THEN 'open' WHEN r < 0.026 THEN 'resolved_not_competent' ELSE 'resolved' END)::ticket_status,
           'Segnalazione ' || i, ente_id, received_at,
           CASE WHEN r >= 0.002 THEN received_at + interval '25 minutes' END,
           CASE WHEN r >= 0.002 THEN received_at + interval '3 hours' END,
           CASE WHEN r >= 0.006 THEN received_at + interval '2 days' END,
           CASE WHEN r >= 0.006 AND r < 0.026 THEN 'Altro ente' END,
           '${policy.id}', received_at, received_at
      FROM gen`);
  await ds.query(`INSERT INTO ticket_event (ticket_id, type, occurred_at, recorded_at, payload)
    SELECT id, 'created', received_at, received_at, jsonb_build_object('channel', channel) FROM gen
    UNION ALL
    SELECT id, 'status_changed', received_at + interval '25 minutes', received_at, '{"from":"new","to":"open"}' FROM gen WHERE r >= 0.002
    UNION ALL
    SELECT id, 'status_changed', received_at + interval '2 days', received_at,
           jsonb_build_object('from', 'open', 'to', CASE WHEN r < 0.026 THEN 'resolved_not_competent' ELSE 'resolved' END)
      FROM gen WHERE r >= 0.006`);
  await ds.query(`INSERT INTO sla_clock (ticket_id, code, cycle, policy_id, calendar_code, target_minutes, target_kind, started_at,
                                         due_at, stopped_at, elapsed_minutes, breached_at, state)
    SELECT id, code, 1, '${policy.id}', 'cst', target, 'minutes', received_at, received_at + target * interval '1 minute',
           CASE WHEN r >= 0.002 THEN received_at + took * interval '1 minute' END,
           CASE WHEN r >= 0.002 THEN took END,
           CASE WHEN took > target THEN received_at + target * interval '1 minute' END,
           (CASE WHEN r < 0.002 THEN 'running' WHEN took > target THEN 'breached' ELSE 'met' END)::sla_clock_state
      FROM gen, LATERAL (VALUES ('SLA.6', 60, 5 + (r * 1000)::int % 70), ('SLA.7', 360, 30 + (r * 7000)::int % 380)) v(code, target, took)`);
  await ds.query(`ANALYZE ticket; ANALYZE ticket_event; ANALYZE sla_clock`);
}

@Module({})
class BenchModule {}

async function main(): Promise<void> {
  const name = `helpdesk_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  try {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: withDatabase(benchServerUrl, name),
      LOG_LEVEL: 'error',
    });
    const app = await NestFactory.createApplicationContext(
      {
        module: BenchModule,
        imports: [CoreModule.forRoot({ config, runMigrations: true }), ReportingModule],
      },
      { logger: ['error'] },
    );
    const ds = app.get(DataSource);
    await app.get(SlaRegistry).seedFromConfig();
    const t0 = performance.now();
    await generate(ds, N);
    const [{ events }] = await ds.query(`SELECT count(*)::int AS events FROM ticket_event`);
    const [{ clocks }] = await ds.query(`SELECT count(*)::int AS clocks FROM sla_clock`);
    console.log(
      `Report benchmark: ${N.toLocaleString('en')} tickets, ${events.toLocaleString('en')} timeline events, ${clocks.toLocaleString('en')} clocks generated in ${((performance.now() - t0) / 1000).toFixed(0)} s (not counted). Median of ${RUNS} runs each.`,
    );

    const statistics = app.get(TicketStatisticsService);
    const sla = app.get(SlaComplianceService);
    const year = { from: '2017-01-01', to: '2017-12-31', groupBy: 'month' as const };
    const floorTickets = () =>
      ds.query(`SELECT date_trunc('month', received_at AT TIME ZONE 'Europe/Rome'), channel, status, count(*)
                  FROM ticket WHERE received_at >= '2017-01-01 00:00+01' AND received_at < '2018-01-01 00:00+01' GROUP BY 1, 2, 3`);
    const floorSla = () =>
      ds.query(`SELECT c.code, count(*), count(*) FILTER (WHERE c.state = 'met'), max(c.elapsed_minutes)
                  FROM sla_clock c JOIN ticket t ON t.id = c.ticket_id
                 WHERE t.received_at >= '2017-01-01 00:00+01' AND t.received_at < '2018-01-01 00:00+01' GROUP BY 1`);
    const rows = [
      {
        figure: 'yearly ticket report (ms)',
        value: await time(RUNS, () => statistics.report(year)),
        baseline: await time(RUNS, floorTickets),
      },
      {
        figure: 'yearly ticket report as of a past instant (ms)',
        value: await time(RUNS, () => statistics.report({ ...year, asOf: new Date('2017-12-31T12:00:00Z') })),
        baseline: await time(RUNS, floorTickets),
      },
      {
        figure: 'yearly SLA compliance report (ms)',
        value: await time(RUNS, () => sla.report('2017-01-01', '2017-12-31')),
        baseline: await time(RUNS, floorSla),
      },
    ];
    const check = await statistics.report({ ...year, groupBy: 'year' });
    await app.close();

    console.log('| figure                                          |   value | SQL floor | ratio |');
    console.log('|-------------------------------------------------|--------:|----------:|------:|');
    for (const r of rows) {
      console.log(
        `| ${r.figure.padEnd(47)} | ${r.value.toFixed(0).padStart(7)} | ${r.baseline.toFixed(0).padStart(9)} | ${(r.value / r.baseline).toFixed(2).padStart(5)} |`,
      );
    }
    console.log(
      `2017 handled: ${check.totals.overall.handled.toLocaleString('en')} tickets, ${check.totals.overall.resolvedPct}% resolved.`,
    );
    const yearly = rows[0];
    console.log(
      `Target: yearly report under ${TARGET_MS} ms and within 3x of the floor: ${yearly.value < TARGET_MS && yearly.value / yearly.baseline <= 3 ? 'MET' : 'NOT MET'} (informational).`,
    );
    writeFileSync(RESULTS_FILE, JSON.stringify({ tickets: N, events, clocks, rows }, null, 2));
    console.log(`Figures written to ${RESULTS_FILE}.`);
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
