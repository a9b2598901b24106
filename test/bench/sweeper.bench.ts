/*
 * SLA sweeper benchmark: `npm run bench:sweeper` (BENCH_TICKETS=N to shrink; default 1,000,000).
 *
 * Generates N tickets with ./bench-data, then sets one clock per ticket (SLA.7) running: 1% of them
 * past due, the rest due within the next month and not yet at their warning. Times one sweep of the
 * real code path (SlaSweeperService.sweep, as the worker's sla.sweep job runs it: breaches dated at
 * the due instant, a timeline event per breach, notifications to the assignee and the supervisors)
 * and, as the floor, one hand-written statement doing the same writes over the same rows (UPDATE ...
 * RETURNING feeding the two INSERTs), run first inside a transaction rolled back. Needs a PostgreSQL
 * server (BENCH_DATABASE_URL, or TEST_DATABASE_URL, default the local one); the database is created
 * and dropped here.
 */
import 'reflect-metadata';

import { writeFileSync } from 'node:fs';

import { SLA_SWEEP_EVERY_MS, SlaSweeperService, SlaSweepModule } from '@app/tickets';

import { openBenchApp } from './bench-app';
import { benchTickets, generateTickets } from './bench-data';
import { printResult } from './bench-result';
import { runningClocks, sweepFloor as floor } from './sweep-floor';

const N = benchTickets();
const TARGET_MS = 1_000;
const RESULTS_FILE = 'bench-results-sweeper.json';
/** BENCH_EXPLAIN=1: print the floor's plan (the figures are then not comparable). */
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';

async function main(): Promise<void> {
  const bench = await openBenchApp([SlaSweepModule]);
  try {
    const { app, dataSource: ds } = bench;
    const generated = await generateTickets(ds, N);
    const now = new Date();
    const due = await runningClocks(ds, now);
    const [{ running }] = await ds.query(
      `SELECT count(*)::int AS running FROM sla_clock WHERE state = 'running'`,
    );
    console.log(
      `SLA sweeper benchmark: ${N.toLocaleString('en')} tickets generated in ${generated.seconds.toFixed(0)} s (not counted); ` +
        `${running.toLocaleString('en')} running clocks, ${due.toLocaleString('en')} of them past due.`,
    );

    if (EXPLAIN) await floor(ds, now, true);
    const base = await floor(ds, now);
    await ds.query(`VACUUM ANALYZE sla_clock, ticket_event, notification`);

    const [{ before }] = await ds.query(`SELECT max(id)::bigint AS before FROM ticket_event`);
    const sweeper = app.get(SlaSweeperService);
    const t0 = performance.now();
    const swept = await sweeper.sweep(now);
    const sweepMs = performance.now() - t0;
    const [{ events }] = await ds.query(
      `SELECT count(*)::int AS events FROM ticket_event WHERE id > $1 AND type = 'sla_breached'`,
      [before],
    );
    const [{ notifications }] = await ds.query(`SELECT count(*)::int AS notifications FROM notification`);
    // The sweep as it runs in service: the next one, 30 s later (SLA_SWEEP_EVERY_MS), finds only
    // what fell due meanwhile among the same 1,000,000 running clocks.
    const later = new Date(now.getTime() + SLA_SWEEP_EVERY_MS);
    const nextBase = await floor(ds, later);
    const t1 = performance.now();
    const next = await sweeper.sweep(later);
    const nextMs = performance.now() - t1;
    await app.close();

    const rowsTouched = swept.breached + swept.atRisk + events + notifications;
    const baseRows = base.clocks + base.events + base.notifications;
    console.log('| figure                        |   value | one-statement floor | ratio |');
    console.log('|-------------------------------|--------:|--------------------:|------:|');
    console.log(
      `| one sweep (ms)                | ${sweepMs.toFixed(0).padStart(7)} | ${base.ms.toFixed(0).padStart(19)} | ${(sweepMs / base.ms).toFixed(2).padStart(5)} |`,
    );
    console.log(
      `| rows written                  | ${String(rowsTouched).padStart(7)} | ${String(baseRows).padStart(19)} |       |`,
    );
    console.log(
      `Sweep: ${swept.breached} clocks breached, ${swept.atRisk} at risk, ${events} timeline events, ${notifications} notifications; ` +
        `floor: ${base.clocks} clocks, ${base.events} events, ${base.notifications} notifications.`,
    );
    const same =
      swept.breached === base.clocks && events === base.events && notifications === base.notifications;
    console.log(
      same ? 'Same rows written as the floor.' : 'DIFFERENT rows from the floor: see the counts above.',
    );
    console.log(
      `The next sweep, ${SLA_SWEEP_EVERY_MS / 1000} s later: ${nextMs.toFixed(0)} ms for ${next.breached} breached and ${next.atRisk} at risk ` +
        `(floor ${nextBase.ms.toFixed(0)} ms for ${nextBase.clocks} clocks).`,
    );
    console.log(
      `Target: one sweep under ${TARGET_MS} ms: ${sweepMs < TARGET_MS ? 'MET' : 'NOT MET'} (${sweepMs.toFixed(0)} ms, informational).`,
    );
    printResult({
      bench: 'sweeper',
      figure: `SLA sweep, ${running.toLocaleString('en')} running clocks, ${due.toLocaleString('en')} due`,
      value: sweepMs,
      unit: 'ms',
      baseline: base.ms,
      baselineLabel: 'one UPDATE ... RETURNING + INSERTs',
      better: 'lower',
      details: {
        tickets: N,
        running,
        due,
        breached: swept.breached,
        atRisk: swept.atRisk,
        events,
        notifications,
        targetMs: TARGET_MS,
      },
    });
    printResult({
      bench: 'sweeper',
      figure: `next SLA sweep ${SLA_SWEEP_EVERY_MS / 1000} s later, ${next.breached} due`,
      value: nextMs,
      unit: 'ms',
      baseline: nextBase.ms,
      baselineLabel: 'one UPDATE ... RETURNING + INSERTs',
      better: 'lower',
      details: { breached: next.breached, atRisk: next.atRisk, floorClocks: nextBase.clocks },
    });
    writeFileSync(
      RESULTS_FILE,
      JSON.stringify(
        {
          tickets: N,
          running,
          due,
          sweepMs,
          swept,
          events,
          notifications,
          floor: base,
          next: { ms: nextMs, swept: next, floor: nextBase },
        },
        null,
        2,
      ),
    );
    console.log(`Figures written to ${RESULTS_FILE}.`);
    if (!same) process.exitCode = 1;
  } finally {
    await bench.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
