/*
 * Report benchmark: `npm run bench:reports [-- N]` (or BENCH_TICKETS=N; default 1,000,000 tickets).
 *
 * Generates N tickets received over 2016-2017 with their timelines (created, taken in charge,
 * resolved) and their SLA clocks (SLA.6, SLA.7) with ./bench-data, then times the yearly ticket report (by month
 * and channel, current statuses and "as of" a past instant) and the SLA compliance report for
 * 2017, each against a hand-written single SQL aggregate over the same rows run in the same
 * benchmark. Needs a PostgreSQL server (BENCH_DATABASE_URL, or TEST_DATABASE_URL, default the
 * local one); the database is created and dropped here.
 */
import 'reflect-metadata';

import { writeFileSync } from 'node:fs';

import { MailCoreModule } from '@app/mail';
import { ReportingModule, SlaComplianceService, TicketStatisticsService } from '@app/reporting';

import { openBenchApp } from './bench-app';
import { benchTickets, generateTickets } from './bench-data';
import { printResult } from './bench-result';
import { medianTime as time } from './bench-stats';
import { yearlyReportFloor } from './floor-sql';

const N = benchTickets();
const RUNS = 5;
const RESULTS_FILE = 'bench-results-reports.json';
const TARGET_MS = 2_000;

async function main(): Promise<void> {
  const bench = await openBenchApp([MailCoreModule, ReportingModule]);
  try {
    const { app, dataSource: ds } = bench;
    const { events, clocks, seconds } = await generateTickets(ds, N);
    console.log(
      `Report benchmark: ${N.toLocaleString('en')} tickets, ${events.toLocaleString('en')} timeline events, ${clocks.toLocaleString('en')} clocks generated in ${seconds.toFixed(0)} s (not counted). Median of ${RUNS} runs each.`,
    );

    const statistics = app.get(TicketStatisticsService);
    const sla = app.get(SlaComplianceService);
    const year = { from: '2017-01-01', to: '2017-12-31', groupBy: 'month' as const };
    const floorTickets = () => yearlyReportFloor(ds);
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
    for (const r of rows) {
      printResult({
        bench: 'reports',
        figure: r.figure.replace(' (ms)', ''),
        value: r.value,
        unit: 'ms',
        baseline: r.baseline,
        baselineLabel: 'one SQL aggregate',
        better: 'lower',
        details: { tickets: N },
      });
    }
    writeFileSync(RESULTS_FILE, JSON.stringify({ tickets: N, events, clocks, rows }, null, 2));
    console.log(`Figures written to ${RESULTS_FILE}.`);
  } finally {
    await bench.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
