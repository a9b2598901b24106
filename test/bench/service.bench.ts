/*
 * What node spends per request, without HTTP: `npm run bench:service` (BENCH_SERVICE_TICKETS,
 * default 20,000; the figures do not grow with the history, bench:scale shows).
 *
 * Generates the tickets with ./bench-data, opens BENCH_SERVICE_ACTIONS (3,000) more by phone
 * intake through TicketService, then runs each request kind through the service, 10 at a time,
 * and the same SQL through a `pg` Pool of 10 (./floor-sql), and prints for each the node CPU time
 * per request (process.cpuUsage: this process does nothing else meanwhile) and the statements it
 * sent (pg's Client.query counted over one request). The gap between the two is what the service
 * adds in node; bench:api adds HTTP and the load generator on top.
 */
import 'reflect-metadata';

import { MailCoreModule } from '@app/mail';
import { TicketsCoreModule, TicketService } from '@app/tickets';
import { Client, Pool, PoolClient } from 'pg';

import { openBenchApp } from './bench-app';
import { generateTickets } from './bench-data';
import { printResult } from './bench-result';
import { printTable } from './bench-stats';
import { actionFloor, LISTING, listingSql, ticketPageFloor } from './floor-sql';

const N = Number(process.env.BENCH_SERVICE_TICKETS ?? 20_000);
const ACTIONS = Number(process.env.BENCH_SERVICE_ACTIONS ?? 3_000);
const CONCURRENCY = 10;
/** Tickets whose requests are counted statement by statement (the fewest wins). */
const PROBES = 3;

/** Node CPU milliseconds per call of `op`, CONCURRENCY at a time over `count` calls. */
async function cpuPerCall(count: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await op(next++);
    }),
  );
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / count;
}

/**
 * The statements one call of `op` sends through pg, the fewest of `probes.length` calls (one per
 * probe): pg is counted for the whole process, and a cache refresh of the SLA registry may fall
 * into one of them.
 */
async function statementsOf(
  probes: readonly string[],
  op: (id: string) => Promise<unknown>,
): Promise<number> {
  const counts: number[] = [];
  for (const id of probes) counts.push(await statementsOfOne(() => op(id)));
  return Math.min(...counts);
}

async function statementsOfOne(op: () => Promise<unknown>): Promise<number> {
  const original = Client.prototype.query;
  let count = 0;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    count++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await op();
  } finally {
    Client.prototype.query = original;
  }
  return count;
}

async function main(): Promise<void> {
  const bench = await openBenchApp([MailCoreModule, TicketsCoreModule]);
  const pool = new Pool({ connectionString: bench.url, max: CONCURRENCY });
  try {
    const generated = await generateTickets(bench.dataSource, N);
    const service = bench.app.get(TicketService);
    const agent = { id: generated.agentIds[0], role: 'agent' };
    const requesters: string[] = (
      await bench.dataSource.query(`SELECT id FROM contact ORDER BY email LIMIT 200`)
    ).map((r: { id: string }) => r.id);
    const ids: string[] = [];
    for (let i = 0; i < ACTIONS + PROBES; i++) {
      const opened = await service.create(
        {
          channel: 'phone',
          requesterId: requesters[i % requesters.length],
          subject: 'Impossibile accedere al portale dei servizi',
          description: 'Chiamata al centro servizi: errore dopo il login.',
        } as Parameters<TicketService['create']>[0],
        agent,
      );
      ids.push(opened.id);
    }
    const probes = ids.splice(ACTIONS);
    const listing = { ...LISTING, status: [...LISTING.status] };
    const { sql, params } = await listingSql();
    const takeCharge = (id: string) => service.act(id, { type: 'take_charge', agentId: agent.id }, agent);
    const resolve = (id: string) =>
      service.act(
        id,
        { type: 'resolve', resolution: 'Password reimpostata, accesso ripristinato.', notCompetent: false },
        agent,
      );
    const onClient = (op: (client: PoolClient) => Promise<void>) => async () => {
      const client = await pool.connect();
      try {
        await op(client);
      } finally {
        client.release();
      }
    };
    // Warm both sides (JIT, plans, caches) before counting.
    for (let i = 0; i < 200; i++) {
      await service.list(listing);
      await pool.query(sql, params);
      await service.get(ids[i]);
    }

    const rows = [
      {
        figure: 'queue listing (100 rows)',
        statements: [await statementsOf(probes, () => service.list(listing)), 1],
        cpu: [
          await cpuPerCall(ACTIONS, () => service.list(listing)),
          await cpuPerCall(ACTIONS, () => pool.query(sql, params)),
        ],
      },
      {
        figure: 'ticket page',
        statements: [await statementsOf(probes, (id) => service.get(id)), 3],
        cpu: [
          await cpuPerCall(ACTIONS, (i) => service.get(ids[i])),
          await cpuPerCall(ACTIONS, (i) => onClient((c) => ticketPageFloor(c, ids[i]))()),
        ],
      },
      {
        figure: 'take charge, with its answer',
        statements: [
          await statementsOf(probes, takeCharge),
          await statementsOf(probes, (id) =>
            onClient(async (c) => {
              await actionFloor(c, id, agent.id, 'take charge');
              await ticketPageFloor(c, id);
            })(),
          ),
        ],
        cpu: [
          await cpuPerCall(ACTIONS, (i) => takeCharge(ids[i])),
          await cpuPerCall(ACTIONS, (i) =>
            onClient(async (c) => {
              await actionFloor(c, ids[i], agent.id, 'take charge');
              await ticketPageFloor(c, ids[i]);
            })(),
          ),
        ],
      },
      {
        figure: 'resolve, with its answer',
        statements: [
          await statementsOf(probes, resolve),
          await statementsOf(probes, (id) =>
            onClient(async (c) => {
              await actionFloor(c, id, agent.id, 'resolve');
              await ticketPageFloor(c, id);
            })(),
          ),
        ],
        cpu: [
          await cpuPerCall(ACTIONS, (i) => resolve(ids[i])),
          await cpuPerCall(ACTIONS, (i) =>
            onClient(async (c) => {
              await actionFloor(c, ids[i], agent.id, 'resolve');
              await ticketPageFloor(c, ids[i]);
            })(),
          ),
        ],
      },
    ];
    console.log(
      `Service benchmark: ${N.toLocaleString('en')} tickets, ${ACTIONS.toLocaleString('en')} requests of each kind, ` +
        `${CONCURRENCY} at a time, in process (no HTTP); node CPU per request through TicketService and through pg alone.`,
    );
    printTable(
      ['request', 'statements', 'floor statements', 'node CPU ms', 'floor node CPU ms', 'ratio'],
      rows.map((r) => [
        r.figure,
        String(r.statements[0]),
        String(r.statements[1]),
        r.cpu[0].toFixed(3),
        r.cpu[1].toFixed(3),
        (r.cpu[0] / r.cpu[1]).toFixed(2),
      ]),
    );
    for (const r of rows) {
      printResult({
        bench: 'service',
        figure: `node CPU per ${r.figure}`,
        value: r.cpu[0],
        unit: 'ms',
        baseline: r.cpu[1],
        baselineLabel: 'the same SQL through pg alone, same process',
        better: 'lower',
        details: { statements: r.statements[0], floorStatements: r.statements[1], requests: ACTIONS },
      });
    }
  } finally {
    await pool.end();
    await bench.app.close();
    await bench.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
