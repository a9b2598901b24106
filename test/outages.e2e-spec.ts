import { MailIngestService, NotificationMailer, OutboxService } from '@app/mail';
import { MonitoringService, parseNagiosLog } from '@app/monitoring';
import {
  OutageNoticeWatch,
  OutageReportDeliveryRepository,
  OutageReportMailer,
  OutageReportService,
  OutageSettings,
} from '@app/outages';
import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  TestApp,
} from '@app/testing';
import { createTestWorker } from '@app/testing/test-worker';
import { AttachmentService, UserEntity } from '@app/tickets';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { DataSource } from 'typeorm';

const minutes = (n: number) => n * 60_000;
const binary = (req: request.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
type Clock = { code: string; state: string; dueAt: string | null; sentAt: string | null };
const clocksOf = (body: { clocks: Clock[] }) => Object.fromEntries(body.clocks.map((c) => [c.code, c]));

describe('Outages: notice clocks (SLA.9, SLA.10), status page and feed, outage report (SLA.11) (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let referent: UserEntity;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: 'https://helpdesk.example' });
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore Verdi');
    referent = await createUser(t.dataSource, 'ente_referent', 'Luca Neri');
    await t.dataSource.query(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [
      referent.id,
      f.ente.id,
    ]);
    const recipients = await request(t.http)
      .put(`/api/outages/recipients/${f.ente.id}`)
      .set(authHeaders(admin))
      .send({ emails: ['Protocollo@Pontassieve.example.it'] });
    expect(recipients.status).toBe(200);
    expect(recipients.body.emails).toEqual(['protocollo@pontassieve.example.it']);
  });
  afterAll(() => t?.close());

  const open = (body: Record<string, unknown>, user: UserEntity = f.agent) =>
    request(t.http).post('/api/outages').set(authHeaders(user)).send(body);
  const notify = (id: string, body: Record<string, unknown>) =>
    request(t.http).post(`/api/outages/${id}/notices`).set(authHeaders(f.agent)).send(body);

  it('intervention at 10:00: SLA.9 due 10:30 and, down over 30 minutes, SLA.10 due 11:00; a late notice is breached', async () => {
    const res = await open({
      title: 'Portale dei servizi non raggiungibile',
      services: ['Portale dei servizi'],
      enteIds: [f.ente.id],
      startedAt: '2026-11-20T09:50:00+01:00',
      interventionStartedAt: '2026-11-20T10:00:00+01:00',
      cause: 'Disco pieno sul server del portale',
    });
    expect(res.status).toBe(201);
    let clocks = clocksOf(res.body);
    expect(clocks['SLA.9'].dueAt).toBe(new Date('2026-11-20T10:30:00+01:00').toISOString());
    expect(clocks['SLA.10'].dueAt).toBe(new Date('2026-11-20T11:00:00+01:00').toISOString());
    // Nobody was told and both instants are past: both breached.
    expect([clocks['SLA.9'].state, clocks['SLA.10'].state]).toEqual(['breached', 'breached']);

    // Told the offices by phone at 10:20 (recorded now): in time. Users at 11:05: late.
    const entes = await notify(res.body.id, {
      kind: 'entes',
      sentAt: '2026-11-20T10:20:00+01:00',
      message: 'Il portale è irraggiungibile, stiamo intervenendo.',
    });
    expect(entes.status).toBe(201);
    const users = await notify(res.body.id, {
      kind: 'users',
      sentAt: '2026-11-20T11:05:00+01:00',
      message: 'Servizi online non disponibili.',
    });
    clocks = clocksOf(users.body);
    expect(clocks['SLA.9']).toMatchObject({
      state: 'met',
      sentAt: new Date('2026-11-20T10:20:00+01:00').toISOString(),
    });
    expect(clocks['SLA.10']).toMatchObject({ state: 'breached' });
    expect(users.body.notices.map((n: { kind: string }) => n.kind)).toEqual(['entes', 'users']);
    // Staff see who recorded each notice; the public status page never does (see below).
    expect(users.body.notices[0].sentBy).toEqual({ id: f.agent.id, name: f.agent.name });
  });

  it('clocks run from a live intervention and a notice sent now stops each (met), mailed from the templates', async () => {
    const now = Date.now();
    const res = await open({
      title: 'Pagamenti online non disponibili',
      services: ['Pagamenti online'],
      enteIds: [f.ente.id, f.otherEnte.id],
      startedAt: new Date(now - minutes(35)).toISOString(),
      interventionStartedAt: new Date(now - minutes(5)).toISOString(),
    });
    const clocks = clocksOf(res.body);
    expect(clocks['SLA.9']).toMatchObject({
      state: 'running',
      dueAt: new Date(new Date(res.body.interventionStartedAt).getTime() + minutes(30)).toISOString(),
    });
    expect(clocks['SLA.10'].state).toBe('running');
    const entes = await notify(res.body.id, { kind: 'entes' });
    expect(clocksOf(entes.body)['SLA.9'].state).toBe('met');
    expect(clocksOf(entes.body)['SLA.10'].state).toBe('running');
    const users = await notify(res.body.id, {
      kind: 'users',
      message: 'Pagamenti sospesi, riprovare più tardi.',
    });
    expect(clocksOf(users.body)['SLA.10'].state).toBe('met');

    // One mail per address (the entes' configured address and their referent), Italian then English.
    const mails: { to_addresses: string[]; subject: string; text_body: string }[] = await t.dataSource.query(
      `SELECT to_addresses, subject, text_body FROM outbound_mail WHERE id = ANY($1::uuid[]) ORDER BY to_addresses[1]`,
      [users.body.notices.flatMap((n: { outboundIds: string[] }) => n.outboundIds)],
    );
    expect(mails.map((m) => m.to_addresses[0])).toEqual(
      [
        referent.email.toLowerCase(),
        referent.email.toLowerCase(),
        'protocollo@pontassieve.example.it',
        'protocollo@pontassieve.example.it',
      ].sort(),
    );
    const usersMail = mails.find((m) => m.subject.startsWith('Avviso agli utenti'))!;
    expect(usersMail.subject).toBe(
      'Avviso agli utenti: Pagamenti online non disponibili / Notice to users: Pagamenti online non disponibili',
    );
    expect(usersMail.text_body).toContain('Pagamenti sospesi, riprovare più tardi.');
    expect(usersMail.text_body).toContain('https://helpdesk.example/status');
    expect(usersMail.text_body.indexOf('I servizi')).toBeLessThan(
      usersMail.text_body.indexOf('The services'),
    );
  });

  it('warns the supervisors and whoever opened it 10 minutes before a notice is due and again when late, once each, in the app and by mail', async () => {
    const worker = await createTestWorker(t.config);
    try {
      const watch = worker.get(OutageNoticeWatch);
      const t0 = Date.now();
      const res = await open({
        title: 'Anagrafe online ferma',
        services: ['Anagrafe online'],
        enteIds: [f.ente.id],
        startedAt: new Date(t0 - minutes(10)).toISOString(),
        interventionStartedAt: new Date(t0 - minutes(5)).toISOString(),
      });
      expect(res.status).toBe(201);
      const id: string = res.body.id;
      type Row = { user_id: string; kind: string; code: string };
      const stored = async (): Promise<Row[]> =>
        t.dataSource.query(
          `SELECT user_id, kind, payload->>'code' AS code FROM notification
            WHERE payload->>'outageId' = $1 ORDER BY created_at, kind, user_id`,
          [id],
        );
      const at = (m: number) => new Date(t0 + minutes(m));

      // SLA.9 is due at t0+25: nothing yet at t0+10, a warning at t0+16 (within 10 minutes).
      await watch.run(at(10));
      expect(await stored()).toEqual([]);
      await watch.run(at(16));
      await watch.run(at(17));
      const due = await stored();
      expect(due.map((r) => `${r.kind} ${r.code}`)).toEqual([
        'outage_notice_due SLA.9',
        'outage_notice_due SLA.9',
      ]);
      expect(new Set(due.map((r) => r.user_id))).toEqual(new Set([f.agent.id, f.supervisor.id]));

      // Late at t0+26; SLA.10 (down 36 minutes, due at t0+55) is not near yet.
      await watch.run(at(26));
      await watch.run(at(27));
      expect((await stored()).filter((r) => r.kind === 'outage_notice_breached').map((r) => r.code)).toEqual([
        'SLA.9',
        'SLA.9',
      ]);

      // The offices are told now; at t0+50 only SLA.10 is warned of.
      expect((await notify(id, { kind: 'entes' })).status).toBe(201);
      await watch.run(at(50));
      expect((await stored()).filter((r) => r.code === 'SLA.10').map((r) => r.kind)).toEqual([
        'outage_notice_due',
        'outage_notice_due',
      ]);
      expect(await stored()).toHaveLength(6);

      // The agent sees them in the app, and gets them by mail with a link to the outage.
      const mine = await request(t.http).get('/api/notifications').set(authHeaders(f.agent)).expect(200);
      expect(
        mine.body.filter((n: { payload: { outageId?: string } }) => n.payload.outageId === id),
      ).toHaveLength(3);
      await worker.get(NotificationMailer).sendDue(at(51));
      const mails: { subject: string; text_body: string }[] = await t.dataSource.query(
        `SELECT subject, text_body FROM outbound_mail WHERE kind = 'notification' AND $1 = ANY(to_addresses)
            AND text_body LIKE '%Anagrafe online ferma%' ORDER BY created_at`,
        [f.agent.email],
      );
      expect(mails).toHaveLength(3);
      expect(mails[0].subject).toBe('SLA.9 avviso del disservizio in scadenza / outage notice due soon');
      expect(mails[0].text_body).toContain(`https://helpdesk.example/outages/${id}`);
    } finally {
      await worker.close();
    }
  });

  it('shows published outages on the public status page and its Atom and RSS feeds, without sign-in or personal data', async () => {
    const page = await request(t.http).get('/status');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('Portale dei servizi non raggiungibile');
    expect(page.text).toContain('Pagamenti sospesi, riprovare più tardi.');
    expect(page.text).toContain(f.ente.name);
    expect(page.text).toContain('href="/status/status.css"');
    expect(page.text).not.toMatch(/<script|style=/i);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const personal = [
      f.agent.name,
      f.agent.email,
      referent.name,
      referent.email,
      admin.email,
      'protocollo@pontassieve.example.it',
      'Disco pieno', // the cause is for the report, not the public
    ];
    const css = await request(t.http).get('/status/status.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    const atom = await request(t.http).get('/status/feed.atom');
    expect(atom.status).toBe(200);
    expect(atom.headers['content-type']).toContain('application/atom+xml');
    expect(atom.text).toContain('<feed');
    expect(atom.text).toContain('Pagamenti online non disponibili');
    expect(atom.text).toContain('https://helpdesk.example/status');
    const rss = await request(t.http).get('/status/feed.rss');
    expect(rss.status).toBe(200);
    expect(rss.text).toContain('<rss');
    expect(rss.text).toContain('Portale dei servizi non raggiungibile');
    for (const body of [page.text, atom.text, rss.text]) {
      for (const p of personal) expect(body).not.toContain(p);
      expect(body).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    }
    // Not under /api, and nothing the public may not see.
    expect((await request(t.http).get('/api/status')).status).toBe(404);
    expect((await request(t.http).get('/api/outages')).status).toBe(401);
  });

  it('escapes hostile outage titles and notices in the Atom and RSS feeds (their elements are HTML)', async () => {
    const hostile = '<img src=x onerror=alert(1)>Rete <b>giù</b> ]]><script>alert(2)</script>';
    const res = await open({
      title: hostile,
      services: ['Posta'],
      enteIds: [f.ente.id],
      startedAt: new Date().toISOString(),
      publicMessage: `Avviso ${hostile}`,
    });
    expect(res.status).toBe(201);
    expect((await notify(res.body.id, { kind: 'entes', message: `Notizia ${hostile}` })).status).toBe(201);
    for (const path of ['/status/feed.atom', '/status/feed.rss']) {
      const feed = await request(t.http).get(path);
      expect(feed.status).toBe(200);
      // Inside the CDATA the markup arrives escaped: a reader shows it as text, never runs it.
      expect(feed.text).toContain('&lt;img src=x onerror=alert(1)&gt;Rete &lt;b&gt;giù&lt;/b&gt;');
      expect(feed.text).toContain('Notizia &lt;img');
      expect(feed.text).not.toMatch(/<img|<script|<b>/);
    }
  });

  it('opens an outage from a monitoring problem with its ticket and alerts, once', async () => {
    const token = await request(t.http)
      .post('/api/admin/tokens')
      .set(authHeaders(admin))
      .send({ name: 'Nagios', scopes: ['monitoring'] });
    const epoch = Math.floor(Date.now() / 1000) - 600;
    const nagios = (body: Record<string, unknown>) =>
      request(t.http)
        .post('/api/monitoring/nagios')
        .set({ Authorization: `Bearer ${token.body.token}` })
        .send({ host: 'cscms', service: 'HTTP', stateType: 'HARD', timestamp: epoch, ...body });
    const opened = await nagios({ type: 'PROBLEM', state: 'CRITICAL', output: 'connection refused' });
    await nagios({ type: 'PROBLEM', state: 'CRITICAL', output: 'still refused', timestamp: epoch + 60 });
    const problems = await request(t.http).get('/api/monitoring/problems').set(authHeaders(f.agent));
    const problem = problems.body.find((p: { ticketId: string }) => p.ticketId === opened.body.ticketId);
    expect(problem).toMatchObject({ host: 'cscms', service: 'HTTP', outageId: null });

    const first = await request(t.http)
      .post(`/api/outages/from-problem/${problem.id}`)
      .set(authHeaders(f.agent))
      .send({ enteIds: [f.ente.id] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      title: 'cscms/HTTP non disponibile / unavailable',
      services: ['cscms/HTTP'],
      startedAt: new Date(epoch * 1000).toISOString(),
      problemId: problem.id,
    });
    expect(first.body.tickets.map((x: { id: string }) => x.id)).toEqual([opened.body.ticketId]);
    expect(first.body.alerts).toHaveLength(2);
    const again = await request(t.http)
      .post(`/api/outages/from-problem/${problem.id}`)
      .set(authHeaders(f.supervisor))
      .send({});
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it('refuses bad input with 400 naming the field, and a stale version with 409', async () => {
    const bad = await open({
      title: 'x',
      startedAt: '2026-11-20T10:00:00+01:00',
      endedAt: '2026-11-20T09:00:00+01:00',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'endedAt' })]);
    const unknownEnte = await open({
      title: 'x',
      startedAt: '2026-11-20T10:00:00+01:00',
      enteIds: ['00000000-0000-4000-8000-00000000beef'],
    });
    expect(unknownEnte.status).toBe(400);
    expect(unknownEnte.body.fields[0].field).toBe('enteIds');
    const noDate = await open({ title: 'x', startedAt: 'ieri' });
    expect(noDate.status).toBe(400);
    expect(noDate.body.fields[0].field).toBe('startedAt');
    const kind = await notify('00000000-0000-4000-8000-00000000beef', { kind: 'citizens' });
    expect(kind.status).toBe(400);
    const created = await open({ title: 'Posta non disponibile', startedAt: '2026-11-21T08:00:00+01:00' });
    const nobody = await notify(created.body.id, { kind: 'entes', publish: false });
    expect(nobody.status).toBe(400);
    expect(nobody.body.fields[0].field).toBe('to');
    const patch = (version: number) =>
      request(t.http)
        .patch(`/api/outages/${created.body.id}`)
        .set(authHeaders(f.agent))
        .send({ version, endedAt: '2026-11-21T08:40:00+01:00' });
    const ok = await patch(1);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, durationMinutes: 40, status: 'ended' });
    expect((await patch(1)).status).toBe(409);
    // A referent may not open or read outages.
    expect((await open({ title: 'x', startedAt: '2026-11-21T08:00:00+01:00' }, referent)).status).toBe(403);
  });

  it('lists SLA.1-SLA.11 for 2017 with target, measured and deviation, and the outage report as JSON, PDF and XLSX', async () => {
    const e = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);
    // 2017 (365 days): CSICMS down 21 min (99.996%), CSCMS 15 min (99.997%), CSBO 10 min; the
    // mean of the five (SLA.5) 99.998%; the wget probe answers in 7 ms at worst.
    const log = [
      // The databases are monitored and up all year (a host never monitored has no data).
      `[${e('2016-12-31T00:00:00+01:00')}] CURRENT HOST STATE: csdb1;UP;HARD;1;OK`,
      `[${e('2016-12-31T00:00:00+01:00')}] CURRENT HOST STATE: csdb2;UP;HARD;1;OK`,
      `[${e('2017-03-14T09:50:00+01:00')}] HOST ALERT: csicms;DOWN;HARD;3;CRITICAL`,
      `[${e('2017-03-14T10:11:00+01:00')}] HOST ALERT: csicms;UP;HARD;1;OK`,
      `[${e('2017-05-02T15:00:00+02:00')}] HOST ALERT: cscms;DOWN;HARD;3;CRITICAL`,
      `[${e('2017-05-02T15:15:00+02:00')}] HOST ALERT: cscms;UP;HARD;1;OK`,
      `[${e('2017-09-01T12:00:00+02:00')}] HOST ALERT: csbo;DOWN;HARD;3;CRITICAL`,
      `[${e('2017-09-01T12:10:00+02:00')}] HOST ALERT: csbo;UP;HARD;1;OK`,
      `[${e('2017-02-01T10:00:00+01:00')}] SERVICE ALERT: cscms;wget;OK;HARD;1;HTTP OK|time=0.005s;1;2;0`,
      `[${e('2017-07-01T10:00:00+02:00')}] SERVICE ALERT: cscms;wget;OK;HARD;1;HTTP OK|time=0.007s;1;2;0`,
    ].join('\n');
    expect(await t.app.get(MonitoringService).recordHistory(parseNagiosLog(log).events)).toEqual({
      stored: 10,
      duplicates: 0,
    });
    // The CSICMS interruption, notified in time, and a planned night-time maintenance.
    const march = await open({
      title: 'Sistema ICMS non disponibile',
      services: ['ICMS', 'Rete civica'],
      enteIds: [f.ente.id],
      startedAt: '2017-03-14T09:50:00+01:00',
      interventionStartedAt: '2017-03-14T10:00:00+01:00',
      endedAt: '2017-03-14T10:11:00+01:00',
      cause: 'Blocco del servizio applicativo',
    });
    await notify(march.body.id, { kind: 'entes', sentAt: '2017-03-14T10:08:00+01:00' });
    const june = await open({
      title: 'Manutenzione programmata del portale',
      services: ['Portale dei servizi'],
      enteIds: [f.ente.id, f.otherEnte.id],
      planned: true,
      startedAt: '2017-06-10T06:00:00+02:00',
      interventionStartedAt: '2017-06-10T06:00:00+02:00',
      endedAt: '2017-06-10T08:00:00+02:00',
      cause: 'Aggiornamento del sistema operativo',
    });
    await notify(june.body.id, { kind: 'users', sentAt: '2017-06-10T06:30:00+02:00' });
    // An admin adds the consortium's office to the report's recipients (the supervisors get it anyway).
    const added = await request(t.http)
      .put('/api/outages/report-recipients')
      .set(authHeaders(admin))
      .send({ emails: ['Segreteria@Consorzio.example.it', 'segreteria@consorzio.example.it'] });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({
      configured: [],
      added: ['segreteria@consorzio.example.it'],
      includeSupervisors: true,
    });
    const badAddress = await request(t.http)
      .put('/api/outages/report-recipients')
      .set(authHeaders(admin))
      .send({ emails: ['not an address'] });
    expect(badAddress.status).toBe(400);
    expect(JSON.stringify(badAddress.body)).toContain('emails');
    const seen = await request(t.http).get('/api/outages/report-recipients').set(authHeaders(f.supervisor));
    expect(seen.body.added).toEqual(['segreteria@consorzio.example.it']);
    // The quarterly outage reports, sent by the worker's job a few days after each quarter.
    const mailer = new OutageReportMailer(
      t.dataSource as DataSource,
      t.app.get(OutageReportDeliveryRepository),
      t.app.get(AttachmentService),
      t.app.get(OutageReportService),
      t.app.get(OutageSettings),
      t.app.get(OutboxService),
    );
    // Nothing happened before July 2016 here: no report is owed for 2016-Q2.
    expect(await mailer.run(new Date('2016-07-04T07:00:00Z'))).toBeNull();
    const sent: (string | null)[] = [];
    for (const at of [
      '2017-04-03T07:00:00Z',
      '2017-07-03T07:00:00Z',
      '2017-10-02T07:00:00Z',
      '2018-01-08T07:00:00Z',
    ]) {
      sent.push(await mailer.run(new Date(at)));
      // Another run (another worker, the next hour) sends nothing more.
      sent.push(await mailer.run(new Date(at)));
    }
    expect(sent).toEqual(['2017-Q1', null, '2017-Q2', null, '2017-Q3', null, '2017-Q4', null]);
    const [q1] = await t.dataSource.query(
      `SELECT d.recipients, m.subject, cardinality(m.attachment_ids) AS files FROM outage_report_delivery d
         JOIN outbound_mail m ON m.id = d.outbound_ids[1] WHERE d.period = '2017-Q1'`,
    );
    expect(q1).toMatchObject({ files: 2 });
    expect([...q1.recipients].sort()).toEqual(
      ['segreteria@consorzio.example.it', f.supervisor.email.toLowerCase()].sort(),
    );
    expect(q1.subject).toBe('Report interruzioni 2017-Q1 / Outage report 2017-Q1');

    const sla = await request(t.http)
      .get('/api/reports/sla')
      .query({ from: '2017-01-01', to: '2017-12-31' })
      .set(authHeaders(f.supervisor));
    expect(sla.status).toBe(200);
    const codes = sla.body.rows.map((r: { code: string }) => r.code);
    expect(codes.slice(0, 11)).toEqual(Array.from({ length: 11 }, (_, i) => `SLA.${i + 1}`));
    const table = Object.fromEntries(
      sla.body.rows.map((r: { code: string; target: string; measured: string; deviation: string }) => [
        r.code,
        [r.target, r.measured, r.deviation],
      ]),
    );
    expect(table['SLA.1']).toEqual(['99.00%', '100%', '+1.00%']);
    expect(table['SLA.2']).toEqual(['98.50%', '99.996%', '+1.496%']);
    expect(table['SLA.3']).toEqual(['7 ms', '7 ms', 'Nessuno scostamento rilevato']);
    expect(table['SLA.4']).toEqual(['98.50%', '99.997%', '+1.497%']);
    expect(table['SLA.5']).toEqual(['98.00%', '99.998%', '+1.998%']);
    expect(table['SLA.6'][0]).toBe('entro 1h lavorativa');
    expect(table['SLA.9']).toEqual([
      "entro 30' da avvio intervento",
      "entro 30' da avvio intervento",
      'Nessuno scostamento rilevato',
    ]);
    expect(table['SLA.10']).toEqual([
      "entro 60' da avvio intervento",
      "entro 60' da avvio intervento",
      'Nessuno scostamento rilevato',
    ]);
    expect(table['SLA.11']).toEqual(['Ogni 6 mesi', 'Ogni 3 mesi', 'Prestazione migliorativa']);
    // Each report's due date, when it went out, and whether on time.
    const sla11 = sla.body.rows.find((r: { code: string }) => r.code === 'SLA.11');
    expect(sla11.deliveries.map((d: { period: string; state: string }) => [d.period, d.state])).toEqual([
      ['2017-Q1', 'met'],
      ['2017-Q2', 'met'],
      ['2017-Q3', 'met'],
      ['2017-Q4', 'met'],
    ]);
    expect(sla11.deliveries[0]).toMatchObject({
      dueAt: new Date('2017-04-15T22:00:00Z').toISOString(),
      sentAt: new Date('2017-04-03T07:00:00Z').toISOString(),
    });
    const sla9 = sla.body.rows.find((r: { code: string }) => r.code === 'SLA.9');
    expect(sla9).toMatchObject({ applied: 1, met: 1, breached: 0, medianMinutes: 8 });

    const csv = await request(t.http)
      .get('/api/reports/sla')
      .query({ from: '2017-01-01', to: '2017-12-31', format: 'csv' })
      .set(authHeaders(f.supervisor));
    const lines = csv.text.trim().split('\r\n');
    expect(lines.slice(1, 12).map((l) => l.split(',')[0])).toEqual(codes.slice(0, 11));
    expect(lines[2]).toContain('99.996');
    const xlsx = await binary(
      request(t.http)
        .get('/api/reports/sla')
        .query({ from: '2017-01-01', to: '2017-12-31', format: 'xlsx' })
        .set(authHeaders(f.supervisor)),
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as Buffer as unknown as ArrayBuffer);
    const rows = book.getWorksheet('SLA')!.getSheetValues().filter(Boolean) as unknown[][];
    const sla2 = rows.find((r) => r[1] === 'SLA.2')!;
    expect(sla2[4]).toBeCloseTo(0.99996, 6);
    expect(rows.find((r) => r[1] === 'SLA.11')![5]).toBe('Prestazione migliorativa');
    const pdf = await binary(
      request(t.http)
        .get('/api/reports/period.pdf')
        .query({ from: '2017-01-01', to: '2017-12-31' })
        .set(authHeaders(f.supervisor)),
    );
    expect(pdf.status).toBe(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

    const report = await request(t.http)
      .get('/api/reports/outages')
      .query({ from: '2017-01-01', to: '2017-12-31' })
      .set(authHeaders(f.supervisor));
    expect(report.status).toBe(200);
    expect(
      report.body.outages.map(
        (o: { title: string; durationMinutes: number; entes: string[]; cause: string }) => [
          o.title,
          o.durationMinutes,
          o.entes.length,
          o.cause,
        ],
      ),
    ).toEqual([
      ['Sistema ICMS non disponibile', 21, 1, 'Blocco del servizio applicativo'],
      ['Manutenzione programmata del portale', 120, 2, 'Aggiornamento del sistema operativo'],
    ]);
    expect(report.body.outages[0].notices).toEqual([expect.objectContaining({ kind: 'entes' })]);
    expect(report.body.totals).toMatchObject({ outages: 2, planned: 1, unplanned: 1, downMinutes: 141 });
    expect(report.body.sla.map((r: { code: string }) => r.code)).toEqual(['SLA.9', 'SLA.10', 'SLA.11']);
    const outagePdf = await binary(
      request(t.http)
        .get('/api/reports/outages')
        .query({ from: '2017-01-01', to: '2017-12-31', format: 'pdf' })
        .set(authHeaders(f.supervisor)),
    );
    expect(outagePdf.headers['content-type']).toBe('application/pdf');
    expect((outagePdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const outageXlsx = await binary(
      request(t.http)
        .get('/api/reports/outages')
        .query({ from: '2017-01-01', to: '2017-12-31', format: 'xlsx' })
        .set(authHeaders(f.supervisor)),
    );
    const outageBook = new ExcelJS.Workbook();
    await outageBook.xlsx.load(outageXlsx.body as Buffer as unknown as ArrayBuffer);
    const sheet = outageBook.getWorksheet('Interruzioni')!;
    expect(sheet.getRow(3).getCell(1).value).toBe('Sistema ICMS non disponibile');
    expect(sheet.getRow(3).getCell(8).value).toBe(21);
    expect(sheet.getRow(3).getCell(12).value).toBe('nei tempi');
    // Agents may not read the consortium's reports.
    expect(
      (
        await request(t.http)
          .get('/api/reports/outages')
          .query({ from: '2017-01-01', to: '2017-12-31' })
          .set(authHeaders(f.agent))
      ).status,
    ).toBe(403);
  });

  it('turns Nagios notification mails of a monitoring mailbox into the webhook’s events, never mail tickets or acknowledgements', async () => {
    const mailbox = await request(t.http).post('/api/mail/mailboxes').set(authHeaders(admin)).send({
      name: 'Monitoraggio',
      address: 'nagios-alerts@cst.example',
      imapHost: '127.0.0.1',
      imapPort: 993,
      imapTls: true,
      imapUser: 'nagios-alerts',
      monitoring: true,
    });
    expect(mailbox.status).toBe(201);
    expect(mailbox.body.monitoring).toBe(true);
    const at = new Date(Math.floor(Date.now() / 60_000) * 60_000 - minutes(20));
    const longDate = (d: Date) =>
      `${d.toUTCString().slice(0, 3)} ${d.toUTCString().slice(8, 11)} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)} UTC ${d.getUTCFullYear()}`;
    const mail = (id: string, type: string, state: string, info: string, when: Date) =>
      Buffer.from(
        [
          'From: Nagios <nagios@monitor.cst.example>',
          'To: nagios-alerts@cst.example',
          `Subject: ** ${type} Service Alert: csdb2/PostgreSQL is ${state} **`,
          `Message-ID: <${id}@monitor.cst.example>`,
          `Date: ${when.toUTCString()}`,
          'Content-Type: text/plain; charset=utf-8',
          '',
          '***** Nagios *****',
          '',
          `Notification Type: ${type}`,
          '',
          'Service: PostgreSQL',
          'Host: csdb2',
          'Address: 10.0.0.2',
          `State: ${state}`,
          '',
          `Date/Time: ${longDate(when)}`,
          '',
          'Additional Info:',
          '',
          info,
          '',
        ].join('\r\n'),
      );
    const ingest = t.app.get(MailIngestService);
    const [problem] = await ingest.ingestBatch(
      [{ raw: mail('p1', 'PROBLEM', 'CRITICAL', 'connection refused', at) }],
      mailbox.body.id,
    );
    expect(problem).toMatchObject({ outcome: 'monitoring', acknowledged: false });
    const ticket = (await request(t.http).get(`/api/tickets/${problem.ticketId}`).set(authHeaders(f.agent)))
      .body;
    expect(ticket).toMatchObject({ channel: 'monitoring', subject: '[Nagios] csdb2/PostgreSQL CRITICAL' });

    // The same alert by the webhook is the same event.
    const token = await request(t.http)
      .post('/api/admin/tokens')
      .set(authHeaders(admin))
      .send({ name: 'Nagios 2', scopes: ['monitoring'] });
    const webhook = await request(t.http)
      .post('/api/monitoring/nagios')
      .set({ Authorization: `Bearer ${token.body.token}` })
      .send({
        type: 'PROBLEM',
        host: 'csdb2',
        service: 'PostgreSQL',
        state: 'CRITICAL',
        stateType: 'HARD',
        output: 'connection refused',
        timestamp: at.getTime() / 1000,
      });
    expect(webhook.body.action).toBe('duplicate');

    // A person writing to the monitoring mailbox opens nothing and gets no acknowledgement.
    const [person] = await ingest.ingestBatch(
      [
        {
          raw: Buffer.from(
            'From: Mario Rossi <mario.rossi@example.it>\r\nTo: nagios-alerts@cst.example\r\nSubject: Aiuto\r\n' +
              'Message-ID: <person1@example.it>\r\n\r\nIl portale non funziona.\r\n',
          ),
        },
      ],
      mailbox.body.id,
    );
    expect(person).toMatchObject({ outcome: 'ignored', ticketId: null, acknowledged: false });
    expect(person.reason).toContain('not a Nagios notification');

    const [recovery] = await ingest.ingestBatch(
      [{ raw: mail('r1', 'RECOVERY', 'OK', 'accepting connections', new Date(at.getTime() + minutes(10))) }],
      mailbox.body.id,
    );
    expect(recovery).toMatchObject({ outcome: 'monitoring', ticketId: problem.ticketId });
    const resolved = (await request(t.http).get(`/api/tickets/${problem.ticketId}`).set(authHeaders(f.agent)))
      .body;
    expect(resolved.status).toBe('resolved');
    const [counts] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM ticket WHERE channel = 'email') AS "mailTickets",
              (SELECT count(*)::int FROM outbound_mail WHERE kind = 'ack') AS acks,
              (SELECT count(*)::int FROM monitoring_event WHERE host = 'csdb2' AND service = 'PostgreSQL') AS events,
              (SELECT count(*)::int FROM inbound_mail WHERE mailbox_id = $1 AND outcome = 'monitoring') AS monitoring`,
      [mailbox.body.id],
    );
    expect(counts).toEqual({ mailTickets: 0, acks: 0, events: 2, monitoring: 2 });
  });
});
