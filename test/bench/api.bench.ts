/*
 * API under load: `npm run bench:api` (BENCH_TICKETS=N to shrink; default 1,000,000 tickets).
 *
 * Generates N tickets with ./bench-data in a fresh database, starts the real api in its own process
 * (./api-server, as `npm run start:api`, default pool of DATABASE_POOL_SIZE=10 connections) and
 * drives it with autocannon at BENCH_CONNECTIONS (100) connections for BENCH_SECONDS (10) each, one
 * signed-in agent per connection (session cookie + X-CSRF-Token, own address):
 *   - the queue listing as the web queue asks for it (default view: new, open and waiting, sorted
 *     by due, 100 rows);
 *   - a ticket page (GET /api/tickets/:id over 10,000 random tickets);
 *   - take charge then resolve, on tickets opened beforehand by phone intake through the api.
 * The floor of each, in the same run: the same SQL through a pg Pool of as many clients, as many
 * workers hammering it for the same time (the listing's exact statement, the page's three reads,
 * each action's writes in one transaction). And the HTTP floor: the same load on the public
 * liveness route (no database) and on /api/auth/me, so that each figure can be set beside what
 * the HTTP hop and its SQL cost together on the same cores. Without BENCH_DATABASE_URL the database lives on a
 * private PostgreSQL started here: 100 more connections than a shared server can spare
 * (max_connections 100 there). Everything created is dropped at the end.
 */
import 'reflect-metadata';

import { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';

import { SlaCoreModule } from '@app/sla';
import { openTestSession } from '@app/testing';
import autocannon from 'autocannon';
import { Pool, PoolClient } from 'pg';

import { resetPeakRss, residentMemory, startApi, stopProcess as stopApi } from './api-process';
import { openBenchApp } from './bench-app';
import { benchTickets, generateTickets } from './bench-data';
import { benchServerUrl, PrivateServer, startPrivatePostgres } from './bench-database';
import { printResult } from './bench-result';
import { percentile, printTable } from './bench-stats';
import { actionFloor, LISTING_PATH, listingSql, ticketPageFloor } from './floor-sql';

const N = benchTickets();
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP_SECONDS = 2;
const PAGE_SAMPLE = 10_000;
/** Tickets opened by phone intake for the take-charge / resolve mix (two requests each). */
const ACTION_TICKETS = Number(process.env.BENCH_ACTION_TICKETS ?? 2_000);
const TARGET_P99_MS = 100;
const RESULTS_FILE = 'bench-results-api.json';
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';

interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}

interface Scenario {
  name: string;
  api: Figures;
  floor: Figures;
  /** The api's peak resident memory while it served this figure (MB; NaN where /proc is missing). */
  apiPeakMb?: number;
}

/** CONNECTIONS workers, each taking a pooled client per operation, for SECONDS. */
async function hammer(pool: Pool, op: (client: PoolClient, i: number) => Promise<void>): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  let i = 0;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const client = await pool.connect();
        try {
          await op(client, i++);
          latencies.push(performance.now() - t0);
        } catch (error) {
          if (errors++ === 0) console.error(`Floor error (first of the run): ${(error as Error).message}`);
        } finally {
          client.release();
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    requests: latencies.length,
  };
}

function figuresOf(result: autocannon.Result): Figures {
  const statuses = Object.entries(result.statusCodeStats ?? {}).filter(([code]) => !code.startsWith('2'));
  if (statuses.length || result.errors || result.timeouts) {
    console.log(
      `  non-2xx: ${statuses.map(([code, s]) => `${code} x${s.count}`).join(', ') || 'none'}; ` +
        `connection errors ${result.errors}, timeouts ${result.timeouts}`,
    );
  }
  return {
    requestsPerSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}

/** The throughput of work that needs both an HTTP hop and its SQL, each measured alone. */
function combinedFloor(httpPerSecond: number, sqlPerSecond: number): number {
  return 1 / (1 / httpPerSecond + 1 / sqlPerSecond);
}

/** One agent per connection: own session, own address (the api trusts X-Forwarded-For from loopback). */
function agentHeaders(sessions: Record<string, string>[], client: number): Record<string, string> {
  return {
    ...sessions[client % sessions.length],
    'X-Forwarded-For': `10.0.${Math.floor(client / 250)}.${(client % 250) + 1}`,
    'content-type': 'application/json',
  };
}

async function load(
  url: string,
  sessions: Record<string, string>[],
  requestsFor: (headers: Record<string, string>) => autocannon.Request[],
  limits: { duration?: number; amount?: number },
): Promise<autocannon.Result> {
  let clients = 0;
  return autocannon({
    url,
    connections: CONNECTIONS,
    timeout: 30,
    ...limits,
    setupClient: (client) => client.setRequests(requestsFor(agentHeaders(sessions, clients++))),
  });
}

async function main(): Promise<void> {
  let server: PrivateServer | undefined;
  let api: ChildProcess | undefined;
  let pool: Pool | undefined;
  let answeredFloor: Figures | undefined;
  if (!process.env.BENCH_DATABASE_URL) server = await startPrivatePostgres(CONNECTIONS + 60);
  const bench = await openBenchApp([SlaCoreModule], server?.url ?? benchServerUrl);
  const databaseUrl = bench.url;
  try {
    // --- data and sessions ----------------------------------------------------------------------
    const { app: context, dataSource: ds } = bench;
    const generated = await generateTickets(ds, N);
    const sessions: Record<string, string>[] = [];
    for (let i = 0; i < CONNECTIONS; i++) {
      sessions.push(await openTestSession(ds, generated.agentIds[i % generated.agentIds.length]));
    }
    const pageIds: string[] = (
      await ds.query(`SELECT id FROM ticket ORDER BY random() LIMIT ${PAGE_SAMPLE}`)
    ).map((r: { id: string }) => r.id);
    const requesters: string[] = (await ds.query(`SELECT id FROM contact ORDER BY email LIMIT 500`)).map(
      (r: { id: string }) => r.id,
    );
    const [{ queue }] = await ds.query(
      `SELECT count(*)::int AS queue FROM ticket WHERE status IN ('new', 'open', 'waiting')`,
    );
    await context.close();
    console.log(
      `API benchmark: ${N.toLocaleString('en')} tickets (${queue.toLocaleString('en')} in the queue), ` +
        `${generated.events.toLocaleString('en')} events, ${generated.clocks.toLocaleString('en')} clocks generated in ` +
        `${generated.seconds.toFixed(0)} s (not counted); ${CONNECTIONS} connections, ${SECONDS} s per figure` +
        `${server ? ', private PostgreSQL 15' : ''}.`,
    );

    pool = new Pool({ connectionString: databaseUrl, max: CONNECTIONS });
    // pool.end() resolves before its sockets close; the DROP DATABASE ... WITH (FORCE) that follows
    // may then terminate a closing client, whose error an unlistened pool would throw.
    pool.on('error', (error) => console.warn(`(bench pool: ${error.message})`));
    const listing = await listingSql();
    const [plan] = await pool
      .query(`EXPLAIN (ANALYZE, BUFFERS) ${listing.sql}`, listing.params)
      .then((r) => [r.rows.map((row: Record<string, string>) => row['QUERY PLAN'])]);
    console.log(`Queue listing, one query alone: ${plan[plan.length - 1]}`);
    if (EXPLAIN) console.log(plan.join('\n'));

    const started = await startApi(databaseUrl);
    api = started.process;
    const url = started.url;
    const scenarios: Scenario[] = [];
    // The api's memory: at rest after its start, then the peak of each figure (goal: 300 MB).
    const apiPid = started.process.pid!;
    const restMb = residentMemory(apiPid)?.rssMb ?? NaN;
    const peakMb = () => residentMemory(apiPid)?.peakMb ?? NaN;

    // --- the HTTP floor ---------------------------------------------------------------------------
    // What any request costs on this machine before the help desk does anything: the same load on
    // the public liveness route (HTTP parsing, the Nest pipeline, the request log, a tiny JSON
    // answer; no database), and on /api/auth/me (the same, plus the session check and one lookup).
    // The SQL floors below have no HTTP at all: beside them this says how much of each gap is the
    // HTTP hop itself, which the load generator, node and PostgreSQL pay on the same two cores.
    const liveRequests = (headers: Record<string, string>) => [
      { method: 'GET', path: '/api/health/live', headers },
    ];
    await load(url, sessions, liveRequests, { duration: WARM_UP_SECONDS });
    const httpFloor = figuresOf(await load(url, sessions, liveRequests, { duration: SECONDS }));
    const meFloor = figuresOf(
      await load(url, sessions, (headers) => [{ method: 'GET', path: '/api/auth/me', headers }], {
        duration: SECONDS,
      }),
    );

    // --- queue listing --------------------------------------------------------------------------
    const listRequests = (headers: Record<string, string>) => [
      { method: 'GET', path: LISTING_PATH, headers },
    ];
    resetPeakRss(apiPid);
    await load(url, sessions, listRequests, { duration: WARM_UP_SECONDS });
    const listApi = await load(url, sessions, listRequests, { duration: SECONDS });
    const listFloor = await hammer(pool, async (client) => {
      await client.query(listing.sql, listing.params);
    });
    scenarios.push({ name: 'queue listing', api: figuresOf(listApi), floor: listFloor, apiPeakMb: peakMb() });

    // --- ticket page ----------------------------------------------------------------------------
    let next = 0;
    const pageRequests = (headers: Record<string, string>) => [
      {
        method: 'GET',
        headers,
        setupRequest: (request: autocannon.Request) => ({
          ...request,
          path: `/api/tickets/${pageIds[next++ % pageIds.length]}`,
        }),
      },
    ];
    resetPeakRss(apiPid);
    await load(url, sessions, pageRequests, { duration: WARM_UP_SECONDS });
    const pageApi = await load(url, sessions, pageRequests, { duration: SECONDS });
    const pageFloor = await hammer(pool, (client, i) => ticketPageFloor(client, pageIds[i % pageIds.length]));
    scenarios.push({ name: 'ticket page', api: figuresOf(pageApi), floor: pageFloor, apiPeakMb: peakMb() });

    // --- take charge / resolve ------------------------------------------------------------------
    // The tickets to act on: phone calls registered through the api first (not a figure).
    const pool_: string[] = [];
    let caller = 0;
    const t0 = performance.now();
    resetPeakRss(apiPid);
    const intake = await load(
      url,
      sessions,
      (headers) => [
        {
          method: 'POST',
          path: '/api/tickets',
          headers,
          setupRequest: (request: autocannon.Request) => ({
            ...request,
            body: JSON.stringify({
              channel: 'phone',
              requesterId: requesters[caller++ % requesters.length],
              subject: 'Impossibile accedere al portale dei servizi',
              description: 'Chiamata al centro servizi: errore dopo il login.',
            }),
          }),
          onResponse: (status: number, body: string) => {
            if (status === 201 || status === 200) pool_.push((JSON.parse(body) as { id: string }).id);
          },
        },
      ],
      { amount: ACTION_TICKETS + 2 * CONNECTIONS },
    );
    console.log(
      `Phone intake (setup): ${pool_.length} tickets opened through the api in ${((performance.now() - t0) / 1000).toFixed(1)} s, ` +
        `${figuresOf(intake).errors} errors.`,
    );
    const acted = [...pool_];
    const actionRequests = (headers: Record<string, string>) => {
      const mine: { id?: string } = {};
      return [
        {
          method: 'POST',
          headers,
          body: '{}',
          setupRequest: (request: autocannon.Request) => {
            mine.id = pool_.pop();
            return { ...request, path: `/api/tickets/${mine.id}/take-charge` };
          },
        },
        {
          method: 'POST',
          headers,
          body: JSON.stringify({ resolution: 'Password reimpostata, accesso ripristinato.' }),
          setupRequest: (request: autocannon.Request) => ({
            ...request,
            path: `/api/tickets/${mine.id}/resolve`,
          }),
        },
      ];
    };
    // A fixed amount, not a duration: each ticket can be taken in charge once.
    const actionApi = await load(url, sessions, actionRequests, { amount: 2 * ACTION_TICKETS });
    const agentId = generated.agentIds[0];
    const actionFloorFigures = await hammer(pool, (client, i) =>
      actionFloor(
        client,
        acted[Math.floor(i / 2) % acted.length],
        agentId,
        i % 2 === 1 ? 'resolve' : 'take charge',
      ),
    );
    const actionPeakMb = peakMb();
    // The api answers each action with the ticket as it now is (the page's three reads after the
    // commit); the floor above answers nothing. The same writes followed by those reads are the
    // same SQL as the api's, so both are shown.
    answeredFloor = await hammer(pool, async (client, i) => {
      const id = acted[Math.floor(i / 2) % acted.length];
      await actionFloor(client, id, agentId, i % 2 === 1 ? 'resolve' : 'take charge');
      await ticketPageFloor(client, id);
    });
    scenarios.push({
      name: 'take charge / resolve',
      api: figuresOf(actionApi),
      floor: actionFloorFigures,
      apiPeakMb: actionPeakMb,
    });

    await stopApi(api);
    api = undefined;

    // --- report ---------------------------------------------------------------------------------
    const ms = (n: number) => n.toFixed(1);
    const rate = (n: number) => n.toFixed(0);
    const header = [
      'figure',
      'req/s',
      'p50 ms',
      'p99 ms',
      'errors',
      'pg req/s',
      'pg p50',
      'pg p99',
      'p99 ratio',
    ];
    const rows = scenarios.map((s) => [
      s.name,
      rate(s.api.requestsPerSecond),
      ms(s.api.p50),
      ms(s.api.p99),
      String(s.api.errors),
      rate(s.floor.requestsPerSecond),
      ms(s.floor.p50),
      ms(s.floor.p99),
      (s.api.p99 / s.floor.p99).toFixed(2),
    ]);
    printTable(header, rows);
    console.log(
      `HTTP floor: GET /api/health/live ${rate(httpFloor.requestsPerSecond)} req/s (p99 ${ms(httpFloor.p99)} ms), ` +
        `GET /api/auth/me ${rate(meFloor.requestsPerSecond)} req/s (p99 ${ms(meFloor.p99)} ms).`,
    );
    // Serial costs on shared cores add up: a request that needs both the HTTP hop and its SQL
    // cannot go faster than 1 / (1/http + 1/sql). What the api loses beyond that is its own work.
    for (const s of scenarios) {
      const combined = combinedFloor(httpFloor.requestsPerSecond, s.floor.requestsPerSecond);
      console.log(
        `${s.name}: HTTP + SQL floor ${rate(combined)} req/s; the api serves ${(s.api.requestsPerSecond / combined).toFixed(2)}x of it ` +
          `(${(s.api.requestsPerSecond / s.floor.requestsPerSecond).toFixed(2)}x of the SQL alone).`,
      );
    }
    const actions = scenarios[scenarios.length - 1];
    if (answeredFloor) {
      console.log(
        `take charge / resolve with the answer's reads (the page's three after the commit): SQL floor ` +
          `${rate(answeredFloor.requestsPerSecond)} req/s (p99 ${ms(answeredFloor.p99)} ms); the api serves ` +
          `${(actions.api.requestsPerSecond / answeredFloor.requestsPerSecond).toFixed(2)}x of it, ` +
          `${(actions.api.requestsPerSecond / combinedFloor(httpFloor.requestsPerSecond, answeredFloor.requestsPerSecond)).toFixed(2)}x of HTTP + that SQL.`,
      );
    }
    console.log(
      `api memory: ${restMb.toFixed(0)} MB at rest; peak ` +
        scenarios.map((sc) => `${sc.apiPeakMb?.toFixed(0) ?? '?'} MB (${sc.name})`).join(', ') +
        ' (goal: 300 MB at every figure).',
    );
    const list = scenarios[0].api;
    console.log(
      `Target: queue listing p99 under ${TARGET_P99_MS} ms with zero errors: ` +
        `${list.p99 < TARGET_P99_MS && list.errors === 0 ? 'MET' : 'NOT MET'} (p99 ${ms(list.p99)} ms, ${list.errors} errors, informational).`,
    );
    for (const s of scenarios) {
      const details = { tickets: N, connections: CONNECTIONS, seconds: SECONDS, api: s.api, floor: s.floor };
      printResult({
        bench: 'api',
        figure: `${s.name} p99`,
        value: s.api.p99,
        unit: 'ms',
        baseline: s.floor.p99,
        baselineLabel: `same SQL, pg Pool of ${CONNECTIONS}`,
        better: 'lower',
        details,
      });
      printResult({
        bench: 'api',
        figure: `${s.name} throughput`,
        value: s.api.requestsPerSecond,
        unit: 'req/s',
        baseline: s.floor.requestsPerSecond,
        baselineLabel: `same SQL, pg Pool of ${CONNECTIONS}`,
        better: 'higher',
        details: { errors: s.api.errors },
      });
    }
    if (answeredFloor) {
      printResult({
        bench: 'api',
        figure: "take charge / resolve throughput vs the same writes and the answer's reads",
        value: actions.api.requestsPerSecond,
        unit: 'req/s',
        baseline: answeredFloor.requestsPerSecond,
        baselineLabel: `the action's writes, then the ticket page's three reads, pg Pool of ${CONNECTIONS}`,
        better: 'higher',
        details: { floor: answeredFloor },
      });
    }
    for (const sc of scenarios) {
      printResult({
        bench: 'api',
        figure: `api peak RSS during ${sc.name}`,
        value: sc.apiPeakMb ?? NaN,
        unit: 'MB',
        baseline: restMb,
        baselineLabel: 'the api at rest after its start',
        better: 'lower',
        details: { goalMb: 300 },
      });
    }
    printResult({
      bench: 'api',
      figure: 'HTTP floor throughput (GET /api/health/live, no database)',
      value: httpFloor.requestsPerSecond,
      unit: 'req/s',
      baseline: meFloor.requestsPerSecond,
      baselineLabel: 'GET /api/auth/me (session check and one lookup)',
      better: 'higher',
      details: { live: httpFloor, me: meFloor },
    });
    for (const s of scenarios) {
      printResult({
        bench: 'api',
        figure: `${s.name} throughput vs HTTP + SQL floor`,
        value: s.api.requestsPerSecond,
        unit: 'req/s',
        baseline: combinedFloor(httpFloor.requestsPerSecond, s.floor.requestsPerSecond),
        baselineLabel: '1 / (1/HTTP floor + 1/SQL floor), same run',
        better: 'higher',
      });
    }
    writeFileSync(
      RESULTS_FILE,
      JSON.stringify(
        {
          tickets: N,
          queue,
          connections: CONNECTIONS,
          seconds: SECONDS,
          httpFloor,
          meFloor,
          scenarios,
          answeredFloor,
        },
        null,
        2,
      ),
    );
    console.log(`Figures written to ${RESULTS_FILE}.`);
    if (scenarios.some((s) => s.api.errors > 0)) process.exitCode = 1;
  } finally {
    if (api) await stopApi(api);
    await pool?.end();
    await bench.drop();
    await server?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
