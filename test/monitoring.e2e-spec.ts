import {
  AvailabilityService,
  MonitoringService,
  parseNagiosLog,
  parseStatusDat,
  statusFromLog,
} from '@app/monitoring';
import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  TestApp,
} from '@app/testing';
import { UserEntity } from '@app/tickets';
import request from 'supertest';

const epoch = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

describe('Nagios alerts become work (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let bearer: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    const token = await request(t.http)
      .post('/api/admin/tokens')
      .set(authHeaders(admin))
      .send({ name: 'Nagios', scopes: ['monitoring'] });
    bearer = { Authorization: `Bearer ${token.body.token}` };
  });
  afterAll(() => t?.close());

  const notify = (body: Record<string, unknown>, headers = bearer) =>
    request(t.http).post('/api/monitoring/nagios').set(headers).send(body);

  it('opens one ticket on a HARD CRITICAL, adds ten more alerts to it, and resolves it on RECOVERY', async () => {
    const problem = {
      type: 'PROBLEM',
      host: 'csdb1',
      service: 'PostgreSQL',
      state: 'CRITICAL',
      stateType: 'HARD',
      attempt: 3,
      output: 'connection refused',
      timestamp: epoch('2026-11-20T10:00:00Z'),
    };
    const opened = await notify(problem);
    expect(opened.status).toBe(200);
    expect(opened.body.action).toBe('opened');
    // The same notification again (a retry) is the same event: nothing new.
    expect((await notify(problem)).body.action).toBe('duplicate');
    for (let i = 1; i <= 10; i++) {
      const res = await notify({
        ...problem,
        state: i % 2 ? 'CRITICAL' : 'WARNING',
        output: `still failing ${i}`,
        timestamp: problem.timestamp + i * 60,
      });
      expect(res.body).toMatchObject({ action: 'added', ticketId: opened.body.ticketId });
    }
    const recovered = await notify({
      ...problem,
      type: 'RECOVERY',
      state: 'OK',
      output: 'accepting connections',
      timestamp: problem.timestamp + 3600,
    });
    expect(recovered.body).toMatchObject({ action: 'recovered', ticketId: opened.body.ticketId });

    const ticket = (
      await request(t.http).get(`/api/tickets/${opened.body.ticketId}`).set(authHeaders(f.agent))
    ).body;
    expect(ticket).toMatchObject({
      channel: 'monitoring',
      status: 'resolved',
      subject: '[Nagios] csdb1/PostgreSQL CRITICAL',
    });
    expect(ticket.timeline.filter((e: { type: string }) => e.type === 'message')).toHaveLength(12);
    // The monitoring category exists in production too (created with the first monitoring ticket).
    const [category] = await t.dataSource.query(
      `SELECT c.code FROM ticket t JOIN category c ON c.id = t.category_id WHERE t.id = $1`,
      [opened.body.ticketId],
    );
    expect(category).toEqual({ code: 'MONITORAGGIO' });
    // Resolved by its recovery before anyone took charge: no take-charge of nobody, SLA.6 not applicable.
    const [row] = await t.dataSource.query(`SELECT taken_in_charge_at FROM ticket WHERE id = $1`, [
      opened.body.ticketId,
    ]);
    expect(row.taken_in_charge_at).toBeNull();
    const clocks = await t.dataSource.query(`SELECT code, state FROM sla_clock WHERE ticket_id = $1`, [
      opened.body.ticketId,
    ]);
    expect(clocks.find((c: { code: string }) => c.code === 'SLA.6')).toMatchObject({ state: 'cancelled' });
    const tickets = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM ticket WHERE channel = 'monitoring'`,
    );
    expect(tickets[0].n).toBe(1);

    // The next problem of the same service is a new ticket.
    const again = await notify({ ...problem, timestamp: problem.timestamp + 7200 });
    expect(again.body.action).toBe('opened');
    expect(again.body.ticketId).not.toBe(opened.body.ticketId);
  });

  it('does not open a ticket for a SOFT state or a WARNING', async () => {
    const soft = await notify({
      type: 'PROBLEM',
      host: 'cscms',
      service: 'HTTP',
      state: 'CRITICAL',
      stateType: 'SOFT',
      output: 'timeout',
      timestamp: epoch('2026-11-20T11:00:00Z'),
    });
    const warning = await notify({
      type: 'PROBLEM',
      host: 'cscms',
      service: 'Disk',
      state: 'WARNING',
      output: 'disk 85%',
      timestamp: epoch('2026-11-20T11:01:00Z'),
    });
    expect([soft.body.action, warning.body.action]).toEqual(['stored', 'stored']);
  });

  it('refuses callers without the monitoring token and bodies without the fields', async () => {
    const body = { type: 'PROBLEM', host: 'x', state: 'DOWN', timestamp: epoch('2026-11-20T12:00:00Z') };
    expect((await notify(body, {})).status).toBe(401);
    expect((await notify(body, authHeaders(f.agent))).status).toBe(403);
    const bad = await notify({ type: 'NONSENSE', host: '', state: 'DOWN' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((p: { field: string }) => p.field)).toEqual(
      expect.arrayContaining(['type', 'host', 'timestamp']),
    );
    const future = await notify({ ...body, timestamp: epoch('2099-01-01T00:00:00Z') });
    expect(future.status).toBe(400);
    expect(future.body.fields[0].field).toBe('timestamp');
  });

  it('counts alerts and warnings per Rome month against the year before', async () => {
    const post = (host: string, state: string, iso: string, service: string | undefined = undefined) =>
      notify({
        type: 'PROBLEM',
        host,
        service,
        state,
        stateType: 'SOFT',
        output: iso,
        timestamp: epoch(iso),
      });
    await post('csicms', 'DOWN', '2016-04-10T10:00:00Z');
    await post('csicms', 'UP', '2016-04-10T11:00:00Z');
    await post('csicms', 'DOWN', '2017-04-10T10:00:00Z');
    // The same state notified again (a re-notification) is no state change: not counted.
    await post('csicms', 'DOWN', '2017-04-10T12:00:00Z');
    await post('csbo', 'WARNING', '2017-04-11T10:00:00Z', 'Load');
    // 22:30 UTC on 31 March is 00:30 on 1 April in Rome.
    await post('csbo', 'CRITICAL', '2017-03-31T22:30:00Z', 'Load');
    await post('csbo', 'OK', '2017-04-12T10:00:00Z', 'Load');
    const res = await request(t.http)
      .get('/api/reports/alerts')
      .query({ year: 2017 })
      .set(authHeaders(f.supervisor));
    expect(res.status).toBe(200);
    const april = res.body.months.find((m: { label: string }) => m.label === 'APR');
    expect(april).toEqual({ label: 'APR', current: 3, previous: 1 });
    expect(res.body.months.find((m: { label: string }) => m.label === 'MAR').current).toBe(0);
    expect(res.body.total).toMatchObject({ current: 3, previous: 1, changePct: 200 });
    expect(res.body.sources).toEqual({ log: 0, notifications: 3, reconciliation: 0 });
    expect(res.body.basis).toMatch(/state history/);
  });

  it('computes the uptime SLAs from a Nagios log with known outages, as worked out by hand', async () => {
    const e = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);
    const log = [
      // CSDB1 down one hour in January: 1 - 3,600 / 2,678,400 s.
      `[${e('2017-01-10T10:00:00+01:00')}] HOST ALERT: csdb1;DOWN;SOFT;1;PING CRITICAL`,
      `[${e('2017-01-10T10:02:00+01:00')}] HOST ALERT: csdb1;DOWN;HARD;3;PING CRITICAL`,
      `[${e('2017-01-10T11:02:00+01:00')}] HOST ALERT: csdb1;UP;HARD;1;PING OK`,
      // CSICMS already down when January starts, back at 00:30: half an hour counted.
      `[${e('2016-12-31T23:00:00+01:00')}] CURRENT HOST STATE: csicms;DOWN;HARD;3;down`,
      `[${e('2017-01-01T00:30:00+01:00')}] HOST ALERT: csicms;UP;HARD;1;up`,
      // CSCMS down inside a scheduled downtime: excluded.
      `[${e('2017-01-20T07:30:00+01:00')}] HOST DOWNTIME ALERT: cscms;STARTED; maintenance`,
      `[${e('2017-01-20T08:00:00+01:00')}] HOST ALERT: cscms;DOWN;HARD;1;maintenance`,
      `[${e('2017-01-20T09:00:00+01:00')}] HOST ALERT: cscms;UP;HARD;1;ok`,
      `[${e('2017-01-20T09:30:00+01:00')}] HOST DOWNTIME ALERT: cscms;STOPPED; done`,
      // The sample service's response times.
      `[${e('2017-01-05T10:00:00+01:00')}] SERVICE ALERT: cscms;wget;OK;HARD;1;HTTP OK|time=0.005s;1;2;0`,
      `[${e('2017-01-06T10:00:00+01:00')}] SERVICE ALERT: cscms;wget;WARNING;SOFT;1;HTTP slow|time=0.009s;1;2;0`,
    ].join('\n');
    const service = t.app.get(MonitoringService);
    const first = await service.recordHistory(parseNagiosLog(log).events);
    expect(first).toEqual({ stored: 11, duplicates: 0 });
    // The same log again changes nothing.
    expect(await service.recordHistory(parseNagiosLog(log).events)).toEqual({ stored: 0, duplicates: 11 });

    const res = await request(t.http)
      .get('/api/reports/availability')
      .query({ from: '2017-01-01', to: '2017-01-31' })
      .set(authHeaders(f.supervisor));
    expect(res.status).toBe(200);
    const rows = Object.fromEntries(res.body.rows.map((r: { code: string }) => [r.code, r]));
    const january = 31 * 86_400;
    const csdb1 = (1 - 3_600 / january) * 100;
    const csicms = (1 - 1_800 / january) * 100;
    expect(rows['SLA.1'].objects.find((o: { host: string }) => o.host === 'CSDB1').uptimePct).toBeCloseTo(
      csdb1,
      6,
    );
    // CSDB2 and CSBO were never monitored: no data, not 100%.
    expect(rows['SLA.1'].objects.find((o: { host: string }) => o.host === 'CSDB2')).toMatchObject({
      uptimePct: null,
      noData: true,
    });
    expect(rows['SLA.1'].measured).toBeCloseTo(csdb1, 3);
    expect(rows['SLA.1']).toMatchObject({ target: '99.00%', met: true });
    expect(rows['SLA.2'].measured).toBeCloseTo(csicms, 3);
    expect(rows['SLA.4']).toMatchObject({ measured: 100, deviation: '+1.50%' });
    expect(rows['SLA.5'].measured).toBeCloseTo((csdb1 + 100 + csicms) / 3, 3);
    expect(rows['SLA.3']).toMatchObject({
      target: '7 ms',
      measured: 9,
      met: false,
      deviation: '+2 ms',
      samples: 2,
    });
  });

  const problemsOf = (host: string) =>
    t.dataSource.query(
      `SELECT nullif(service, '') AS service, ticket_id, closed_at, acknowledged_at, acknowledged_by
         FROM monitoring_problem WHERE host = $1 ORDER BY opened_at`,
      [host],
    );
  const ticketOf = async (id: string) =>
    (await request(t.http).get(`/api/tickets/${id}`).set(authHeaders(f.agent))).body;
  const bodies = (ticket: { timeline: { type: string; body?: string; payload?: { body?: string } }[] }) =>
    JSON.stringify(ticket.timeline.filter((e) => e.type === 'message'));

  it('accepts a form-encoded body (curl --data-urlencode) whatever the plugin printed', async () => {
    // Quotes, a backslash, a newline, UTF-8, and Latin-1 bytes (%E0 is à in ISO-8859-1).
    const output = `C:\\ - total 5 "quoted" it's $HOME \`id\` & | <x>\nsecond line: città`;
    const body =
      [
        ['type', 'PROBLEM'],
        ['host', 'winsrv'],
        ['service', 'Disk C'],
        ['state', 'CRITICAL'],
        ['stateType', 'HARD'],
        ['attempt', '3'],
        ['author', ''],
        ['timestamp', String(epoch('2026-11-21T10:00:00Z'))],
        ['output', output],
      ]
        .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
        .join('&') + '&perfData=caf%E9';
    const res = await request(t.http)
      .post('/api/monitoring/nagios')
      .set(bearer)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(body);
    expect(res.status).toBe(200);
    expect(res.body.action).toBe('opened');
    const ticket = await ticketOf(res.body.ticketId);
    expect(ticket.description).toBe(output);
    const [event] = await t.dataSource.query(
      `SELECT output, perf_data, attempt FROM monitoring_event WHERE host = 'winsrv'`,
    );
    expect(event).toEqual({ output, perf_data: 'café', attempt: 3 });
    // A host notification leaves $SERVICEDESC$ empty: the service is absent, not ''.
    const host = await request(t.http)
      .post('/api/monitoring/nagios')
      .set(bearer)
      .type('form')
      .send({
        type: 'PROBLEM',
        host: 'winsrv',
        service: '',
        state: 'DOWN',
        attempt: '',
        timestamp: epoch('2026-11-21T10:01:00Z'),
      });
    expect(host.body.action).toBe('opened');
    expect((await problemsOf('winsrv')).map((p: { service: string | null }) => p.service)).toEqual([
      'Disk C',
      null,
    ]);
    const bad = await request(t.http)
      .post('/api/monitoring/nagios')
      .set(bearer)
      .type('form')
      .send({ type: 'PROBLEM', host: 'x', state: 'DOWN', timestamp: 'soon' });
    expect(bad.status).toBe(400);
    expect(new Set(bad.body.fields.map((p: { field: string }) => p.field))).toEqual(new Set(['timestamp']));
  });

  it('closes a problem with the UP a DOWNTIMEEND carries (Nagios suppressed the RECOVERY inside the downtime)', async () => {
    const at = epoch('2026-11-22T10:00:00Z');
    const opened = await notify({
      type: 'PROBLEM',
      host: 'dthost',
      state: 'DOWN',
      output: 'down',
      timestamp: at,
    });
    expect(opened.body.action).toBe('opened');
    const start = await notify({
      type: 'DOWNTIMESTART',
      host: 'dthost',
      state: 'DOWN',
      output: 'down',
      timestamp: at + 60,
    });
    expect(start.body).toMatchObject({ action: 'noted', ticketId: opened.body.ticketId });
    // The RECOVERY at +120 s never comes; the downtime ends at +600 s with the host UP.
    const end = await notify({
      type: 'DOWNTIMEEND',
      host: 'dthost',
      state: 'UP',
      output: 'up',
      timestamp: at + 600,
    });
    expect(end.body.ticketId).toBe(opened.body.ticketId);
    const [problem] = await problemsOf('dthost');
    expect(problem.closed_at).toEqual(new Date((at + 600) * 1000));
    const ticket = await ticketOf(opened.body.ticketId);
    expect(ticket.status).toBe('resolved');
    expect(bodies(ticket)).toContain('scheduled downtime started');
  });

  it('keeps FLAPPING, ACKNOWLEDGEMENT and CUSTOM as notes: they never open a ticket nor count as alerts', async () => {
    const at = epoch('2024-03-05T10:00:00Z');
    // Nagios suppressed the PROBLEM (the host started flapping): no ticket.
    const flapping = await notify({
      type: 'FLAPPINGSTART',
      host: 'flappy',
      state: 'DOWN',
      output: 'down',
      timestamp: at,
    });
    expect(flapping.body).toMatchObject({ action: 'stored', ticketId: null });
    expect(await problemsOf('flappy')).toEqual([]);
    const problem = await notify({
      type: 'PROBLEM',
      host: 'flappy',
      state: 'DOWN',
      output: 'down',
      timestamp: at + 60,
    });
    expect(problem.body.action).toBe('opened');
    const ack = await notify({
      type: 'ACKNOWLEDGEMENT',
      host: 'flappy',
      state: 'DOWN',
      output: 'down',
      author: 'mrossi',
      comment: 'ci guardo io',
      timestamp: at + 120,
    });
    expect(ack.body).toMatchObject({ action: 'noted', ticketId: problem.body.ticketId });
    const custom = await notify({
      type: 'CUSTOM',
      host: 'flappy',
      state: 'DOWN',
      author: 'mrossi',
      comment: 'chiamato il fornitore',
      timestamp: at + 180,
    });
    expect(custom.body.action).toBe('noted');
    const stop = await notify({
      type: 'FLAPPINGSTOP',
      host: 'flappy',
      state: 'DOWN',
      output: 'down',
      timestamp: at + 240,
    });
    expect(stop.body.action).toBe('noted');
    const [row] = await problemsOf('flappy');
    expect(row).toMatchObject({
      closed_at: null,
      acknowledged_by: 'mrossi',
      acknowledged_at: new Date((at + 120) * 1000),
    });
    const text = bodies(await ticketOf(problem.body.ticketId));
    expect(text).toContain('acknowledged in Nagios da / by mrossi: ci guardo io');
    expect(text).toContain('custom notification da / by mrossi: chiamato il fornitore');
    expect(text).toContain('flapping stopped');
    const report = await request(t.http)
      .get('/api/reports/alerts')
      .query({ year: 2024 })
      .set(authHeaders(f.supervisor));
    // One problem state change (the DOWN the FLAPPINGSTART revealed); the PROBLEM, ACKNOWLEDGEMENT,
    // CUSTOM and FLAPPINGSTOP of the same state are no new alert.
    expect(report.body.total.current).toBe(1);
  });

  it('reconciles with status.dat: a lost RECOVERY closes, a problem never notified opens, a second run changes nothing', async () => {
    const at = epoch('2026-11-23T10:00:00Z');
    const lost = await notify({
      type: 'PROBLEM',
      host: 'recon1',
      service: 'HTTP',
      state: 'CRITICAL',
      output: 'refused',
      timestamp: at,
    });
    expect(lost.body.action).toBe('opened');
    const block = (kind: 'host' | 'service', fields: Record<string, string | number>) =>
      `${kind}status {\n${Object.entries({
        has_been_checked: 1,
        state_type: 1,
        problem_has_been_acknowledged: 0,
        ...fields,
      })
        .map(([k, v]) => `\t${k}=${v}`)
        .join('\n')}\n\t}\n`;
    const status = [
      // The RECOVERY at +300 s was lost (api down).
      block('host', { host_name: 'recon1', current_state: 0, last_hard_state_change: at - 3600 }),
      block('service', {
        host_name: 'recon1',
        service_description: 'HTTP',
        current_state: 0,
        last_hard_state_change: at + 300,
        plugin_output: 'HTTP OK',
      }),
      // recon2 went down and its service critical while the api was down: one ticket, the host's.
      block('host', {
        host_name: 'recon2',
        current_state: 1,
        last_hard_state_change: at + 400,
        plugin_output: 'PING CRITICAL',
        problem_has_been_acknowledged: 1,
      }),
      block('service', {
        host_name: 'recon2',
        service_description: 'SSH',
        current_state: 2,
        last_hard_state_change: at + 410,
        plugin_output: 'refused',
      }),
      // recon3 is down inside a scheduled downtime: history only, no ticket (Nagios notifies nobody).
      block('host', {
        host_name: 'recon3',
        current_state: 1,
        last_hard_state_change: at + 420,
        scheduled_downtime_depth: 1,
      }),
    ].join('\n');
    const service = t.app.get(MonitoringService);
    const first = await service.reconcile(parseStatusDat(status), new Date((at + 500) * 1000));
    expect(first).toMatchObject({ objects: 5, opened: 1, closed: 1, acknowledged: 1 });
    expect(await problemsOf('recon3')).toEqual([]);
    const [recon3] = await t.dataSource.query(
      `SELECT state, source FROM monitoring_event WHERE host = 'recon3'`,
    );
    expect(recon3).toEqual({ state: 'DOWN', source: 'reconcile' });
    const [recovered] = await problemsOf('recon1');
    expect(recovered.closed_at).toEqual(new Date((at + 300) * 1000));
    expect((await ticketOf(lost.body.ticketId)).status).toBe('resolved');
    const recon2 = await problemsOf('recon2');
    expect(
      recon2.map((p: { service: string | null; closed_at: Date | null }) => [p.service, p.closed_at]),
    ).toEqual([
      [null, null],
      ['SSH', null],
    ]);
    expect(recon2[0].ticket_id).toBe(recon2[1].ticket_id);
    expect(recon2[0].acknowledged_at).not.toBeNull();
    // Nothing new: nothing written.
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM monitoring_event`);
    expect(await service.reconcile(parseStatusDat(status), new Date((at + 560) * 1000))).toMatchObject({
      changes: 0,
      opened: 0,
      closed: 0,
      acknowledged: 0,
    });
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM monitoring_event`)).toEqual(before);
    // The state changes it found are the state history: availability and alerts count them.
    const report = await request(t.http)
      .get('/api/reports/alerts')
      .query({ year: 2026 })
      .set(authHeaders(f.supervisor));
    // recon2 DOWN, recon2/SSH CRITICAL and recon3 DOWN (in a downtime, but a state change all the same).
    expect(report.body.sources.reconciliation).toBe(3);
  });

  it("notes a logged acknowledgement on the open problem's ticket and reconciles from the end of the log", async () => {
    const at = epoch('2026-11-24T10:00:00Z');
    const opened = await notify({
      type: 'PROBLEM',
      host: 'loghost',
      state: 'DOWN',
      output: 'down',
      timestamp: at,
    });
    expect(opened.body.action).toBe('opened');
    const log = parseNagiosLog(
      Buffer.from(
        [
          `[${at}] HOST ALERT: loghost;DOWN;HARD;2;down`,
          `[${at + 60}] EXTERNAL COMMAND: ACKNOWLEDGE_HOST_PROBLEM;loghost;1;1;0;mrossi;ci penso io`,
          `[${at + 60}] HOST NOTIFICATION: helpdesk;loghost;ACKNOWLEDGEMENT (DOWN);notify;down;mrossi;ci penso io`,
          `[${at + 120}] HOST ALERT: loghost;UP;HARD;1;up`,
        ].join('\n'),
      ),
    );
    const service = t.app.get(MonitoringService);
    expect(await service.recordHistory(log.events)).toEqual({ stored: 2, duplicates: 2 });
    const [problem] = await problemsOf('loghost');
    expect(problem).toMatchObject({ acknowledged_by: 'mrossi', closed_at: null });
    expect(bodies(await ticketOf(opened.body.ticketId))).toContain('ci penso io');
    // History alone opens and closes nothing; the state at the end of the log does.
    expect(await service.reconcile(statusFromLog(log.parsed))).toMatchObject({ closed: 1 });
    expect((await problemsOf('loghost'))[0].closed_at).toEqual(new Date((at + 120) * 1000));
  });

  it('takes charge on behalf of the staff user an ACK author is mapped to (MONITORING_ACK_AUTHORS)', async () => {
    const mapped = await createTestApp({
      MONITORING_ACK_AUTHORS: 'nagiosadmin=agente.ack@cst.example, other=x@y.it',
    });
    try {
      const agent = await createUser(mapped.dataSource, 'agent', 'Agente Ack');
      await mapped.dataSource.query(`UPDATE app_user SET email = 'agente.ack@cst.example' WHERE id = $1`, [
        agent.id,
      ]);
      const service = mapped.app.get(MonitoringService);
      const at = new Date('2026-11-25T10:00:00Z');
      const base = {
        host: 'ackmap',
        service: null,
        attempt: null,
        perfData: null,
        origin: 'webhook' as const,
      };
      const opened = await service.record({
        ...base,
        kind: 'state',
        at,
        state: 'DOWN',
        stateType: 'HARD',
        phase: null,
        output: 'down',
        notificationType: 'PROBLEM',
        source: 'alert',
      });
      const ack = {
        ...base,
        kind: 'acknowledgement' as const,
        state: null,
        stateType: null,
        phase: null,
        notificationType: 'ACKNOWLEDGEMENT',
        source: 'alert',
      };
      // An author nobody mapped: noted only.
      await service.record({
        ...ack,
        at: new Date(at.getTime() + 60_000),
        output: 'guardo',
        author: 'someone',
      });
      const [before] = await mapped.dataSource.query(`SELECT status FROM ticket WHERE id = $1`, [
        opened.ticketId,
      ]);
      expect(before.status).toBe('new');
      await service.record({
        ...ack,
        at: new Date(at.getTime() + 120_000),
        output: 'mio',
        author: 'NagiosAdmin',
      });
      const [after] = await mapped.dataSource.query(`SELECT status, assignee_id FROM ticket WHERE id = $1`, [
        opened.ticketId,
      ]);
      expect(after).toEqual({ status: 'open', assignee_id: agent.id });
    } finally {
      await mapped.close();
    }
  });

  it('measures today up to now, not the rest of the day as the current state', async () => {
    const down = new Date('2025-06-10T10:00:00Z');
    await t.app
      .get(MonitoringService)
      .recordHistory(
        parseNagiosLog(`[${down.getTime() / 1000}] HOST ALERT: csdb1;DOWN;HARD;1;PING CRITICAL`).events,
      );
    const now = new Date(down.getTime() + 22_000);
    const report = await t.app.get(AvailabilityService).report('2025-06-10', '2025-06-10', now);
    const sla1 = report.rows.find((r) => r.code === 'SLA.1') as {
      objects: { host: string; downSeconds: number }[];
    };
    const csdb1 = sla1.objects.find((o) => o.host === 'CSDB1')!;
    expect(csdb1.downSeconds).toBe(22);
    expect(report.measuredUntil).toBe(now.toISOString());
  });
});
