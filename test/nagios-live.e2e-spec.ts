/**
 * A real Nagios 4 drives the help desk through the README's notification commands, verbatim:
 * after each scenario (and at most one reconciliation) the help desk's open problems equal
 * Nagios's current state, and availability equals what Nagios's own log gives.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect, createServer, Server, Socket } from 'node:net';
import { join } from 'node:path';

import { AppConfig } from '@app/config';
import {
  availability,
  MonitoringLogCursorRepository,
  MonitoringService,
  NagiosEvent,
  NagiosLogFollower,
  type NagiosState,
  NagiosStatusReconciler,
  parseNagiosLog,
  parseStatusDat,
} from '@app/monitoring';
import {
  authHeaders,
  createNagiosDir,
  createTestApp,
  createUser,
  eventually,
  NagiosServer,
  requireNagios,
  startNagios,
  TestApp,
} from '@app/testing';
import { createTestWorker } from '@app/testing/test-worker';
import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';

const haveNagios = requireNagios();

/** The README's `define command` blocks for the webhook, as an administrator would paste them. */
function readmeCommands(): string {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const block = /```\n((?:\s*define command \{[\s\S]*?\n\s*\}\n)+)\s*```/.exec(
    readme.slice(readme.indexOf('notify-helpdesk-service') - 200),
  );
  if (!block) throw new Error('README: the notification commands were not found');
  return block[1].replace(/^ {2}/gm, '');
}

/** What Nagios calls "the api": a TCP relay to the test app that can be taken down and back up. */
class Relay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: number) {}

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const HOSTS = [
  { name: 'csdb1', services: ['PostgreSQL'] },
  { name: 'csdb2' },
  { name: 'csicms', services: ['HTTP'] },
  { name: 'winsrv', services: ['Disk C', 'Disk D'] },
  { name: 'cscms', services: ['wget'] },
  { name: 'csbo', flapping: true },
  { name: 'ackhost', services: ['svc'] },
];

(haveNagios ? describe : describe.skip)('A real Nagios 4 drives the help desk (e2e)', () => {
  let t: TestApp;
  let nagios: NagiosServer;
  let relay: Relay;
  let started: Date;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    const dir = await createNagiosDir();
    // The worker follows Nagios's log (what has settled, two minutes old) and reconciles from its
    // status.dat on its schedule (every 5 s here; started by
    // the api-down scenario only, so that the others show what the notifications alone do).
    t = await createTestApp({
      NAGIOS_STATUS_FILE: join(dir, 'status.dat'),
      NAGIOS_LOG_FILE: join(dir, 'nagios.log'),
      NAGIOS_RECONCILE_SECONDS: '5',
    });
    const admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    const token = await request(t.http)
      .post('/api/admin/tokens')
      .set(authHeaders(admin))
      .send({ name: 'Nagios', scopes: ['monitoring'] });
    await t.app.listen(0, '127.0.0.1');
    relay = new Relay(t.http.address().port);
    await relay.up();
    started = new Date(Math.floor(Date.now() / 1000) * 1000);
    nagios = await startNagios({
      dir,
      hosts: HOSTS,
      commandDefinitions: readmeCommands(),
      hostNotificationCommand: 'notify-helpdesk-host',
      serviceNotificationCommand: 'notify-helpdesk-service',
      userMacros: { USER10: token.body.token, USER11: `http://127.0.0.1:${relay.port}` },
    });
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await nagios?.stop();
    await relay?.down();
    await t?.close();
  });

  const problems = (
    host: string,
  ): Promise<
    { service: string | null; ticket_id: string; closed_at: Date | null; acknowledged_by: string | null }[]
  > =>
    t.dataSource.query(
      `SELECT nullif(service, '') AS service, ticket_id, closed_at, acknowledged_by
         FROM monitoring_problem WHERE host = $1 ORDER BY opened_at, service`,
      [host],
    );
  const openProblem = (host: string, service: string | null = null) =>
    eventually(
      async () => (await problems(host)).find((p) => p.service === service && !p.closed_at),
      `an open problem for ${host}/${service ?? '-'}`,
      30_000,
    );
  const closedProblem = (host: string, service: string | null = null) =>
    eventually(
      async () => (await problems(host)).find((p) => p.service === service && p.closed_at),
      `the problem of ${host}/${service ?? '-'} closed`,
      30_000,
    );
  const ticket = async (id: string) =>
    (await t.dataSource.query(`SELECT status, description FROM ticket WHERE id = $1`, [id]))[0];
  const messages = async (id: string): Promise<string> =>
    JSON.stringify(
      await t.dataSource.query(`SELECT body, payload FROM ticket_event WHERE ticket_id = $1`, [id]),
    );
  const reconciler = () =>
    new NagiosStatusReconciler(
      { ...t.config, NAGIOS_STATUS_FILE: nagios.statusFile } as AppConfig,
      t.app.get(MonitoringService),
    );
  /** Waits until status.dat shows the object in this HARD state (it is rewritten every second). */
  const statusShows = (host: string, service: string | null, state: NagiosState) =>
    eventually(
      async () =>
        parseStatusDat(await readFile(nagios.statusFile, 'utf8').catch(() => '')).find(
          (s) => s.host === host && s.service === service && s.hardState === state,
        ),
      `status.dat showing ${host}/${service ?? '-'} ${state}`,
      30_000,
    );

  it('problem -> warning -> recovery: one ticket, the warning added, resolved by the recovery', async () => {
    await nagios.set('csdb1/PostgreSQL', 2, 'connection refused\n');
    const problem = await openProblem('csdb1', 'PostgreSQL');
    await nagios.set('csdb1/PostgreSQL', 1, 'slow answers\n');
    await nagios.waitForLog(
      /SERVICE NOTIFICATION: helpdesk;csdb1;PostgreSQL;WARNING/,
      'the WARNING notification',
    );
    await eventually(
      async () => ((await messages(problem.ticket_id)).includes('WARNING') ? true : undefined),
      'the WARNING on the ticket',
    );
    await nagios.set('csdb1/PostgreSQL', 0, 'accepting connections\n');
    await closedProblem('csdb1', 'PostgreSQL');
    expect((await ticket(problem.ticket_id)).status).toBe('resolved');
    expect((await problems('csdb1')).length).toBe(1);
  });

  it('downtime with a recovery inside it: the DOWNTIMEEND carries the UP and closes the problem', async () => {
    await nagios.set('csdb2', 2, 'PING CRITICAL - Packet loss = 100%\n');
    const problem = await openProblem('csdb2');
    const now = Math.floor(Date.now() / 1000);
    await nagios.command(`SCHEDULE_HOST_DOWNTIME;csdb2;${now};${now + 6};1;0;6;test;maintenance`);
    await nagios.waitForLog(/HOST DOWNTIME ALERT: csdb2;STARTED/, 'the downtime start');
    await nagios.set('csdb2', 0, 'PING OK\n');
    await nagios.waitForLog(/HOST ALERT: csdb2;UP;HARD/, 'the recovery inside the downtime');
    // Nagios suppressed the RECOVERY: the problem is still open until the downtime ends.
    expect((await problems('csdb2'))[0].closed_at).toBeNull();
    await nagios.waitForLog(/HOST DOWNTIME ALERT: csdb2;STOPPED/, 'the downtime end');
    await closedProblem('csdb2');
    expect((await ticket(problem.ticket_id)).status).toBe('resolved');
    expect(await messages(problem.ticket_id)).toContain('scheduled downtime ended');
  });

  it('api down during a recovery: reconciliation closes the problem, the next CRITICAL opens a new ticket', async () => {
    await nagios.set('csicms/HTTP', 2, 'HTTP CRITICAL - connection refused\n');
    const problem = await openProblem('csicms', 'HTTP');
    await relay.down();
    await nagios.set('csicms/HTTP', 0, 'HTTP OK\n');
    await nagios.waitForLog(
      /SERVICE NOTIFICATION: helpdesk;csicms;HTTP;OK/,
      'the RECOVERY Nagios sent to nobody',
    );
    await relay.up();
    expect((await problems('csicms'))[0].closed_at).toBeNull();
    // The worker reconciles at its start and then every 5 s: it closes the problem.
    worker = await createTestWorker(t.config, { consume: true });
    await closedProblem('csicms', 'HTTP');
    await worker.close();
    expect((await ticket(problem.ticket_id)).status).toBe('resolved');
    await nagios.set('csicms/HTTP', 2, 'HTTP CRITICAL - timeout\n');
    await eventually(
      async () => ((await problems('csicms')).filter((p) => !p.closed_at).length === 1 ? true : undefined),
      'a new problem',
    );
    const [, again] = await problems('csicms');
    expect(again.ticket_id).not.toBe(problem.ticket_id);
    await nagios.set('csicms/HTTP', 0, 'HTTP OK\n');
    await closedProblem('csicms', 'HTTP');
  });

  it('plugin output with backslashes, quotes, $, backticks, UTF-8 and Latin-1 bytes arrives as printed', async () => {
    const windows = 'C:\\ - total 5 GB "quoted" it\'s $HOME `id` & <x> \\\\server\\share città';
    await nagios.set('winsrv/Disk C', 2, `${windows}\nsecond line\n`);
    await nagios.set('winsrv/Disk D', 2, Buffer.from('Qualit\xe0 \x80 5%\n', 'latin1'));
    const c = await openProblem('winsrv', 'Disk C');
    const d = await openProblem('winsrv', 'Disk D');
    expect((await ticket(c.ticket_id)).description).toBe(windows);
    expect((await ticket(d.ticket_id)).description).toBe('Qualità € 5%');
    await nagios.set('winsrv/Disk C', 0, 'ok\n');
    await nagios.set('winsrv/Disk D', 0, 'ok\n');
    await closedProblem('winsrv', 'Disk C');
    await closedProblem('winsrv', 'Disk D');
  });

  it('host down with its service suppressed: one ticket, the service problem joins it by reconciliation', async () => {
    await nagios.set('cscms', 2, 'PING CRITICAL\n');
    await nagios.set('cscms/wget', 2, 'connection refused\n');
    const host = await openProblem('cscms');
    await statusShows('cscms', 'wget', 'CRITICAL');
    // Nagios notified the host only.
    expect((await nagios.log()).toString('latin1')).not.toMatch(/SERVICE NOTIFICATION: helpdesk;cscms;wget/);
    await reconciler().run();
    const service = await openProblem('cscms', 'wget');
    expect(service.ticket_id).toBe(host.ticket_id);
    await nagios.set('cscms', 0, 'PING OK\n');
    await nagios.set('cscms/wget', 0, 'HTTP OK\n');
    await closedProblem('cscms');
    await statusShows('cscms', 'wget', 'OK');
    await reconciler().run();
    await closedProblem('cscms', 'wget');
    expect((await ticket(host.ticket_id)).status).toBe('resolved');
  });

  it('flapping is a note: FLAPPINGSTART opens no ticket, and the HARD states behind it come from reconciliation', async () => {
    for (let i = 0; ; i++) {
      await nagios.set('csbo', (i % 2) * 2, i % 2 ? 'PING CRITICAL\n' : 'PING OK\n');
      await new Promise((r) => setTimeout(r, 1_100));
      if (/HOST FLAPPING ALERT: csbo;STARTED/.test((await nagios.log()).toString('latin1'))) break;
      if (i > 40) throw new Error('Nagios never saw csbo flapping');
    }
    await nagios.set('csbo', 2, 'PING CRITICAL\n');
    await statusShows('csbo', null, 'DOWN');
    await reconciler().run();
    const log = (await nagios.log()).toString('latin1');
    const problemsNotified = (log.match(/HOST NOTIFICATION: helpdesk;csbo;DOWN;/g) ?? []).length;
    const tickets = new Set((await problems('csbo')).map((p) => p.ticket_id));
    // Tickets come from PROBLEM notifications or reconciliation, never from FLAPPINGSTART.
    expect(tickets.size).toBeLessThanOrEqual(problemsNotified + 1);
    const open = await openProblem('csbo');
    expect(await messages(open.ticket_id)).toMatch(/flapping started|DOWN/);
    await nagios.set('csbo', 0, 'PING OK\n');
    await statusShows('csbo', null, 'UP');
    await reconciler().run();
    await closedProblem('csbo');
  }, 90_000);

  it('ACKNOWLEDGEMENT and CUSTOM are notes with author and comment, never alerts', async () => {
    await nagios.set('ackhost/svc', 2, 'disk full\n');
    const problem = await openProblem('ackhost', 'svc');
    await nagios.command('ACKNOWLEDGE_SVC_PROBLEM;ackhost;svc;1;1;0;mrossi;ci guardo io');
    await nagios.command('SEND_CUSTOM_SVC_NOTIFICATION;ackhost;svc;0;mrossi;chiamato il fornitore');
    // Nagios runs the two notification commands concurrently: either may arrive first.
    await eventually(async () => {
      const text = await messages(problem.ticket_id);
      return text.includes('chiamato il fornitore') && text.includes('ci guardo io') ? true : undefined;
    }, 'the acknowledgement and the custom notification on the ticket');
    const text = await messages(problem.ticket_id);
    expect(text).toContain('acknowledged in Nagios da / by mrossi: ci guardo io');
    expect((await problems('ackhost'))[0]).toMatchObject({ acknowledged_by: 'mrossi', closed_at: null });
    const alerts = await t.dataSource.query(
      `SELECT kind, source FROM monitoring_event WHERE host = 'ackhost' ORDER BY id`,
    );
    expect(
      alerts.filter((a: { kind: string; source: string }) => a.kind === 'state' && a.source === 'alert'),
    ).toHaveLength(1);
    await nagios.set('ackhost/svc', 0, 'ok\n');
    await closedProblem('ackhost', 'svc');
    await statusShows('ackhost', 'svc', 'OK');
  });

  it("ends agreeing with Nagios: open problems equal its HARD problems, availability equals its log's", async () => {
    // As the worker's job does with NAGIOS_LOG_FILE: the log's changes nobody notified (csbo's while
    // it flapped), here without waiting for them to settle, then status.dat.
    await new NagiosLogFollower(
      { ...t.config, NAGIOS_LOG_FILE: nagios.logFile, NAGIOS_LOG_SETTLE_SECONDS: 0 } as AppConfig,
      t.app.get(MonitoringService),
      new MonitoringLogCursorRepository(t.dataSource),
    ).follow();
    await reconciler().run();
    const status = parseStatusDat(await readFile(nagios.statusFile, 'utf8'));
    const nagiosProblems = status
      .filter((s) => ['DOWN', 'UNREACHABLE', 'CRITICAL'].includes(s.hardState))
      .map((s) => `${s.host}/${s.service ?? ''}`)
      .sort();
    const open = (
      await t.dataSource.query(`SELECT host, service FROM monitoring_problem WHERE closed_at IS NULL`)
    )
      .map((p: { host: string; service: string }) => `${p.host}/${p.service}`)
      .sort();
    expect(open).toEqual(nagiosProblems);

    const to = new Date(Math.floor(Date.now() / 1000) * 1000);
    const fromLog = parseNagiosLog(await nagios.log()).parsed;
    const stored: NagiosEvent[] = (
      await t.dataSource.query(
        `SELECT kind, occurred_at, host, service, state, state_type, phase, output, source FROM monitoring_event
          WHERE kind IN ('state', 'downtime') ORDER BY occurred_at, id`,
      )
    ).map((r: Record<string, string & Date>) =>
      r.kind === 'state'
        ? {
            kind: 'state',
            at: r.occurred_at,
            host: r.host,
            service: r.service,
            state: r.state,
            stateType: r.state_type,
            attempt: null,
            output: r.output,
            perfData: null,
            source: r.source,
          }
        : {
            kind: 'downtime',
            at: r.occurred_at,
            host: r.host,
            service: r.service,
            phase: r.phase,
            comment: r.output,
          },
    );
    for (const h of HOSTS) {
      for (const service of [null, ...(h.services ?? [])]) {
        const object = { host: h.name, service };
        const options = { excludeScheduledDowntime: true };
        const expected = availability(fromLog, object, started, to, options).downSeconds;
        const measured = availability(stored, object, started, to, options).downSeconds;
        // A notification is stamped with $TIMET$ of its sending, the log line the same second or the one before.
        expect({ object, measured: Math.abs(measured - expected) <= 2 ? expected : measured }).toEqual({
          object,
          measured: expected,
        });
      }
    }
  });
});
