import { MonthlyReportMailer } from '@app/reporting';
import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  TestApp,
} from '@app/testing';
import { createTestWorker } from '@app/testing/test-worker';
import { TicketService } from '@app/tickets';
import ExcelJS from 'exceljs';
import request from 'supertest';

const rome = (local: string, offset = '+02:00') => new Date(`${local}${offset}`);

describe('ticket statistics as in the consortium reports (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let service: TicketService;

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    service = t.app.get(TicketService);
  });
  afterAll(() => t?.close());

  const phone = async (receivedAt: Date, enteId = f.ente.id) =>
    (
      await request(t.http)
        .post('/api/tickets')
        .set(authHeaders(f.agent))
        .send({
          channel: 'phone',
          requester: { name: 'Cittadino', phone: '055 123' },
          enteId,
          subject: 'Segnalazione di prova',
          receivedAt: receivedAt.toISOString(),
        })
    ).body as { id: string };
  const report = (query: Record<string, string>, user = f.supervisor) =>
    request(t.http).get('/api/reports/tickets').query(query).set(authHeaders(user));

  it('counts a ticket resolved in June as open in the April report run as of 30 April, and as resolved today', async () => {
    const actor = { id: f.agent.id };
    const april = await phone(rome('2016-04-12T09:00:00'));
    await service.act(
      april.id,
      { type: 'take_charge', agentId: f.agent.id },
      actor,
      undefined,
      rome('2016-04-12T09:20:00'),
    );
    await service.act(
      april.id,
      { type: 'resolve', resolution: 'Fatto', notCompetent: false },
      actor,
      undefined,
      rome('2016-06-03T10:00:00'),
    );
    const notCompetent = await phone(rome('2016-04-20T15:00:00'));
    await service.act(
      notCompetent.id,
      { type: 'resolve', resolution: 'Non nostro', notCompetent: true, redirectedTo: 'Gestore PagoPA' },
      actor,
      undefined,
      rome('2016-04-21T10:00:00'),
    );
    await phone(rome('2016-04-28T17:59:00'));

    const then = await report({
      from: '2016-04-01',
      to: '2016-04-30',
      groupBy: 'month',
      asOf: rome('2016-04-30T23:59:59').toISOString(),
    });
    expect(then.status).toBe(200);
    expect(then.body.periods[0].byChannel.phone).toMatchObject({
      new: 1,
      open: 1,
      resolvedNotCompetent: 1,
      resolved: 0,
      handled: 3,
      resolvedPct: 33.3,
    });

    const today = await report({ from: '2016-04-01', to: '2016-04-30', groupBy: 'month' });
    expect(today.body.periods[0].byChannel.phone).toMatchObject({
      new: 1,
      open: 0,
      resolvedNotCompetent: 1,
      resolved: 1,
      handled: 3,
      resolvedPct: 66.7,
    });

    // The same report as of a day before anything was received counts nothing.
    const before = await report({
      from: '2016-04-01',
      to: '2016-04-30',
      asOf: rome('2016-04-01T00:00:00').toISOString(),
    });
    expect(before.body.totals.overall.handled).toBe(0);
  });

  it('counts a ticket in the local month it was received (Rome midnight, not UTC)', async () => {
    // 30 April 2016 at 23:30 in Rome is still April there, though it is 21:30 UTC... and 1 May 00:30 Rome is 22:30 UTC on 30 April.
    await phone(rome('2016-05-01T00:30:00'), f.otherEnte.id);
    const may = await report({ from: '2016-05-01', to: '2016-05-31', enteId: f.otherEnte.id });
    expect(may.body.totals.overall.handled).toBe(1);
    const april = await report({ from: '2016-04-01', to: '2016-04-30', enteId: f.otherEnte.id });
    expect(april.body.totals.overall.handled).toBe(0);
  });

  it('exports the table as CSV and names the bad field of a bad query', async () => {
    const csv = await report({ from: '2016-04-01', to: '2016-06-30', groupBy: 'quarter', format: 'csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('attachment');
    expect(csv.text.split('\r\n')[0]).toBe(
      'periodo,canale,Nuovo,Aperto,Risolto - non di competenza,Risolto,Tot gestiti,% Risolti',
    );
    expect(csv.text).toContain('2016-Q2,phone,');

    const bad = await report({ from: '2016-13-01', to: '2016-06-30' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('from');
    const reversed = await report({ from: '2016-06-01', to: '2016-04-30' });
    expect(reversed.status).toBe(400);
    expect(reversed.body.fields[0].field).toBe('to');
    expect((await report({ from: '2016-04-01', to: '2016-04-30' }, f.agent)).status).toBe(403);
  });

  it('gives an ente referent the table of their own entes only', async () => {
    const referent = await createUser(t.dataSource, 'ente_referent', 'Referente Fiesole');
    await t.dataSource.query(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [
      referent.id,
      f.otherEnte.id,
    ]);
    const mine = await report({ from: '2016-04-01', to: '2016-05-31' }, referent);
    expect(mine.status).toBe(200);
    expect(mine.body.totals.overall.handled).toBe(1);
    const asked = await report({ from: '2016-04-01', to: '2016-05-31', enteId: f.ente.id }, referent);
    expect(asked.body.totals.overall.handled).toBe(0);
  });

  it('gives the SLA table for the period: target in words, met, breached, running, rate, times and the breached tickets', async () => {
    const res = await request(t.http)
      .get('/api/reports/sla')
      .query({ from: '2016-04-01', to: '2016-04-30' })
      .set(authHeaders(f.supervisor));
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries(res.body.rows.map((r: { code: string }) => [r.code, r]));
    // Taken in charge after 20 minutes; the not-competent one implicitly the next day; one never.
    expect(byCode['SLA.6']).toMatchObject({
      target: 'entro 1h lavorativa',
      applied: 3,
      met: 1,
      breached: 1,
      running: 1,
      compliancePct: 50,
      medianMinutes: 20,
      deviation: '1 fuori tempo su 2 (50%)',
    });
    expect(byCode['SLA.7'].target).toBe('entro 6h lavorative');
    expect(byCode['SLA.8'].target).toBe('entro 2h dalla comunicazione');
    expect(byCode.CED.target).toContain('bassa: entro 30 min lavorativi');
    const breaches = await request(t.http)
      .get('/api/reports/sla/breaches')
      .query({ from: '2016-04-01', to: '2016-04-30', code: 'SLA.6' })
      .set(authHeaders(f.supervisor));
    expect(breaches.status).toBe(200);
    expect(breaches.body).toHaveLength(1);
    expect(breaches.body[0]).toMatchObject({
      code: 'SLA.6',
      breachedAt: rome('2016-04-20T16:00:00').toISOString(),
    });
  });

  it('cuts the same data by ente, by hour of arrival and against the year before', async () => {
    const get = (path: string, query: Record<string, string>) =>
      request(t.http).get(`/api/reports/${path}`).query(query).set(authHeaders(f.supervisor));
    const byEnte = await get('tickets/by-ente', { from: '2016-04-01', to: '2016-05-31' });
    expect(byEnte.status).toBe(200);
    expect(
      byEnte.body.rows.map((r: { name: string; counts: { handled: number } }) => [r.name, r.counts.handled]),
    ).toEqual([
      [f.ente.name, 3],
      [f.otherEnte.name, 1],
    ]);
    const arrivals = await get('arrivals', { from: '2016-04-01', to: '2016-05-31' });
    expect(arrivals.body).toMatchObject({
      total: 4,
      outsideOfficeHours: 1,
      outsideOfficeHoursPct: 25,
      outsideBusinessCalendarPct: 25,
    });
    expect(arrivals.body.hours[0]).toEqual({ hour: 0, tickets: 1 });
    const yoy = await get('tickets/year-over-year', {
      from: '2017-04-01',
      to: '2017-05-31',
      groupBy: 'month',
    });
    expect(yoy.status).toBe(200);
    expect(yoy.body.total.map((r: { current: number; previous: number }) => [r.current, r.previous])).toEqual(
      [
        [0, 3],
        [0, 1],
      ],
    );
    expect(yoy.body.overall).toMatchObject({ current: 0, previous: 4, changePct: -100 });
  });

  it('exports the ticket and SLA tables as XLSX workbooks with the same numbers', async () => {
    const binary = (req: request.Test) =>
      req.buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    const tickets = await binary(
      request(t.http)
        .get('/api/reports/tickets')
        .query({ from: '2016-04-01', to: '2016-04-30', format: 'xlsx' })
        .set(authHeaders(f.supervisor)),
    );
    expect(tickets.status).toBe(200);
    expect(tickets.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(tickets.body as Buffer as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Ticket')!;
    expect(sheet.getRow(2).values).toEqual(
      expect.arrayContaining(['Periodo', 'Canale', 'Tot gestiti', '% Risolti']),
    );
    const phone = sheet.getRow(3).values as unknown[];
    expect(phone.slice(1, 8)).toEqual(['2016-04', 'Telefono', 1, 0, 1, 1, 3]);
    expect(phone[8]).toBeCloseTo(0.667, 3);

    const sla = await binary(
      request(t.http)
        .get('/api/reports/sla')
        .query({ from: '2016-04-01', to: '2016-04-30', format: 'xlsx' })
        .set(authHeaders(f.supervisor)),
    );
    const slaBook = new ExcelJS.Workbook();
    await slaBook.xlsx.load(sla.body as Buffer as unknown as ArrayBuffer);
    const rows = slaBook.getWorksheet('SLA')!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows.find((r) => r[1] === 'SLA.6')!.slice(3, 6)).toEqual([
      'entro 1h lavorativa',
      0.5,
      '1 fuori tempo su 2 (50%)',
    ]);
    const csv = await request(t.http)
      .get('/api/reports/sla')
      .query({ from: '2016-04-01', to: '2016-04-30', format: 'csv' })
      .set(authHeaders(f.supervisor));
    expect(csv.text).toContain(
      'SLA.6,Presa in carico della segnalazione,entro 1h lavorativa,50.0,1 fuori tempo su 2 (50%),3,1,1,1',
    );
  });

  it('renders the whole period report as a PDF without a browser', async () => {
    const res = await request(t.http)
      .get('/api/reports/period.pdf')
      .query({ from: '2016-04-01', to: '2016-06-30' })
      .set(authHeaders(f.supervisor))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = (res.body as Buffer).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    // Title page, SLA table, ticket table, charts.
    expect(pdf).toMatch(/\/Type \/Pages[\s\S]*?\/Count 4/);
    expect(pdf).toContain('Report dei livelli di servizio');
  });

  it('mails last month’s report to the supervisors once, on the first business day of the month', async () => {
    const worker = await createTestWorker(t.config);
    try {
      const mailer = worker.get(MonthlyReportMailer);
      expect(await mailer.run(new Date('2016-05-01T09:00:00+02:00'))).toBeNull(); // a Sunday and a holiday
      expect(await mailer.run(new Date('2016-05-02T09:00:00+02:00'))).toBe('2016-04');
      expect(await mailer.run(new Date('2016-05-02T10:00:00+02:00'))).toBeNull(); // already sent
      expect(await mailer.run(new Date('2016-05-03T09:00:00+02:00'))).toBeNull();
      const rows = await t.dataSource.query(
        `SELECT o.to_addresses, o.subject, a.content_type, a.filename FROM outbound_mail o
           JOIN attachment a ON a.id = ANY(o.attachment_ids) WHERE o.kind = 'report'`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ content_type: 'application/pdf', filename: 'report-2016-04.pdf' });
      expect(rows[0].to_addresses).toContain(f.supervisor.email.toLowerCase());
      expect(rows[0].subject).toContain('2016-04');
    } finally {
      await worker.close();
    }
  });
});
