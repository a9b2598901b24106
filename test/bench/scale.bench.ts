/*
 * How the figures grow with the history: `npm run bench:scale` (BENCH_SCALE=100000,1000000 by
 * default; add 5000000 to go further, e.g. BENCH_SCALE=100000,1000000,5000000).
 *
 * For each size, a fresh database with that many tickets (./bench-data), then, directly through
 * the services the api and the worker call (no HTTP), the median of BENCH_SCALE_RUNS (5) runs of:
 *   - the queue listing (the web queue's default view, TicketService.list);
 *   - a ticket page (TicketService.get, a different ticket each run);
 *   - the yearly ticket report for 2017 (TicketStatisticsService.report, by month);
 * and one SLA sweep (SlaSweeperService.sweep) with one running clock per ticket, 1% of them past
 * due (./sweep-floor, as bench:sweeper). Beside each, its floor at the same size: the same SQL
 * through a pg client (./floor-sql) or, for the sweep, its writes as one statement. The table
 * shows each figure at each size and how much it grew from the smallest size. Needs a PostgreSQL
 * server (BENCH_DATABASE_URL, or TEST_DATABASE_URL, default the local one); each database is
 * dropped once measured.
 */
import 'reflect-metadata';

import { writeFileSync } from 'node:fs';

import { MailCoreModule } from '@app/mail';
import { ReportingModule, TicketStatisticsService } from '@app/reporting';
import { SlaSweeperService, SlaSweepModule, TicketsCoreModule, TicketService } from '@app/tickets';
import { Pool } from 'pg';

import { openBenchApp } from './bench-app';
import { generateTickets } from './bench-data';
import { printResult } from './bench-result';
import { medianTime, printTable } from './bench-stats';
import { LISTING, listingSql, ticketPageFloor, yearlyReportFloor } from './floor-sql';
import { runningClocks, sweepFloor } from './sweep-floor';

const SIZES = (process.env.BENCH_SCALE ?? '100000,1000000').split(',').map((s) => {
  const n = Number(s.trim().replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1000)
    throw new Error(`BENCH_SCALE sizes must be integers >= 1000, got ${s}`);
  return n;
});
const RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 5);
const PAGE_SAMPLE = 100;
const RESULTS_FILE = 'bench-results-scale.json';

const FIGURES = ['queue listing', 'ticket page', 'yearly ticket report', 'one SLA sweep'] as const;
type Figure = (typeof FIGURES)[number];

interface Measured {
  value: number;
  floor: number;
  details?: Record<string, unknown>;
}

type AtSize = { tickets: number; generatedSeconds: number } & Record<Figure, Measured>;

async function measure(tickets: number): Promise<AtSize> {
  const bench = await openBenchApp([MailCoreModule, ReportingModule, TicketsCoreModule, SlaSweepModule]);
  const pool = new Pool({ connectionString: bench.url, max: 1 });
  // pool.end() resolves before its socket closes; the DROP DATABASE ... WITH (FORCE) that follows
  // may then terminate it, whose error an unlistened pool would throw.
  pool.on('error', (error) => console.warn(`(bench pool: ${error.message})`));
  try {
    const { app, dataSource: ds } = bench;
    const generated = await generateTickets(ds, tickets);
    console.log(
      `${tickets.toLocaleString('en')} tickets, ${generated.events.toLocaleString('en')} events, ` +
        `${generated.clocks.toLocaleString('en')} clocks generated in ${generated.seconds.toFixed(0)} s (not counted).`,
    );
    const client = await pool.connect();
    try {
      const service = app.get(TicketService);
      const listing = await listingSql();
      const pages: string[] = (
        await ds.query(`SELECT id FROM ticket ORDER BY random() LIMIT ${PAGE_SAMPLE}`)
      ).map((r: { id: string }) => r.id);
      let page = 0;
      let floorPage = 0;
      const statistics = app.get(TicketStatisticsService);
      const year = { from: '2017-01-01', to: '2017-12-31', groupBy: 'month' as const };
      const result = {
        tickets,
        generatedSeconds: generated.seconds,
        'queue listing': {
          value: await medianTime(RUNS, () => service.list({ ...LISTING, status: [...LISTING.status] })),
          floor: await medianTime(RUNS, () => client.query(listing.sql, listing.params)),
        },
        'ticket page': {
          value: await medianTime(RUNS, () => service.get(pages[page++ % pages.length])),
          floor: await medianTime(RUNS, () => ticketPageFloor(client, pages[floorPage++ % pages.length])),
        },
        'yearly ticket report': {
          value: await medianTime(RUNS, () => statistics.report(year)),
          floor: await medianTime(RUNS, () => yearlyReportFloor(ds)),
        },
      };
      // The sweep changes what it sweeps: once, after its floor (rolled back) on the same rows.
      const now = new Date();
      const due = await runningClocks(ds, now);
      const floor = await sweepFloor(ds, now);
      const t0 = performance.now();
      const swept = await app.get(SlaSweeperService).sweep(now);
      const sweepMs = performance.now() - t0;
      return {
        ...result,
        'one SLA sweep': {
          value: sweepMs,
          floor: floor.ms,
          details: { running: tickets, due, breached: swept.breached, atRisk: swept.atRisk },
        },
      };
    } finally {
      client.release();
    }
  } finally {
    await bench.app.close();
    await pool.end();
    await bench.drop();
  }
}

function report(sizes: AtSize[]): void {
  const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
  const first = sizes[0];
  const header = [
    'figure',
    ...sizes.flatMap((s) => [`${s.tickets.toLocaleString('en')} ms`, 'floor ms']),
    ...sizes.slice(1).map((s) => `growth at x${Number((s.tickets / first.tickets).toFixed(1))} tickets`),
  ];
  const rows = FIGURES.map((f) => [
    f,
    ...sizes.flatMap((s) => [ms(s[f].value), ms(s[f].floor)]),
    ...sizes
      .slice(1)
      .map(
        (s) =>
          `x${(s[f].value / first[f].value).toFixed(1)} (floor x${(s[f].floor / first[f].floor).toFixed(1)})`,
      ),
  ]);
  printTable(header, rows);
}

async function main(): Promise<void> {
  console.log(
    `Scale benchmark: ${SIZES.map((n) => n.toLocaleString('en')).join(', ')} tickets; median of ${RUNS} runs ` +
      `(one run for the sweep), through the services, beside the same SQL.`,
  );
  const sizes: AtSize[] = [];
  for (const tickets of SIZES) sizes.push(await measure(tickets));
  report(sizes);
  for (const s of sizes) {
    for (const f of FIGURES) {
      printResult({
        bench: 'scale',
        figure: `${f} at ${s.tickets.toLocaleString('en')} tickets`,
        value: s[f].value,
        unit: 'ms',
        baseline: s[f].floor,
        baselineLabel:
          f === 'one SLA sweep' ? 'one UPDATE ... RETURNING + INSERTs' : 'same SQL, one pg client',
        better: 'lower',
        details: {
          tickets: s.tickets,
          runs: f === 'one SLA sweep' ? 1 : RUNS,
          growthFromSmallest: s[f].value / sizes[0][f].value,
          smallest: sizes[0].tickets,
          ...s[f].details,
        },
      });
    }
  }
  writeFileSync(RESULTS_FILE, JSON.stringify({ runs: RUNS, sizes }, null, 2));
  console.log(`Figures written to ${RESULTS_FILE}.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
