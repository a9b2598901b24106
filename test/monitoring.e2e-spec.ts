import {
  authHeaders,
  createBasicFixtures,
  BasicFixtures,
  createTestApp,
  createUser,
  TestApp,
} from '@app/testing';
import { UserEntity } from '@app/tickets';
import { MonitoringService, parseNagiosLog } from '@app/monitoring';
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
    await post('csicms', 'DOWN', '2017-04-10T10:00:00Z');
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
    expect(rows['SLA.1'].measured).toBeCloseTo((csdb1 + 100) / 2, 3);
    expect(rows['SLA.1']).toMatchObject({ target: '99.00%', met: true });
    expect(rows['SLA.2'].measured).toBeCloseTo(csicms, 3);
    expect(rows['SLA.4']).toMatchObject({ measured: 100, deviation: '+1.50%' });
    expect(rows['SLA.5'].measured).toBeCloseTo((csdb1 + 100 + 100 + csicms + 100) / 5, 3);
    expect(rows['SLA.3']).toMatchObject({
      target: '7 ms',
      measured: 9,
      met: false,
      deviation: '+2 ms',
      samples: 2,
    });
  });
});
