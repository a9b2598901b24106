import {
  authHeaders,
  createBasicFixtures,
  createTestApp,
  createUser,
  csv,
  generateYear,
  HistoryRow,
  TestApp,
} from '@app/testing';
import { TicketImportService } from '@app/tickets';
import { UserEntity } from '@app/tickets';
import request from 'supertest';

/** E-mail tickets of one month of 2016 with the report's statuses, received on weekday mornings. */
function month(
  monthIndex: number,
  counts: { open: number; notCompetent: number; resolved: number },
  first: number,
) {
  const rows: HistoryRow[] = [];
  const statuses = [
    ...Array(counts.open).fill('open'),
    ...Array(counts.notCompetent).fill('resolved_not_competent'),
    ...Array(counts.resolved).fill('resolved'),
  ];
  statuses.forEach((status, i) => {
    const day = 1 + (i % 28);
    const received = new Date(Date.UTC(2016, monthIndex, day, 7, i % 60));
    const taken = new Date(received.getTime() + 20 * 60_000);
    const resolved = new Date(received.getTime() + 26 * 3_600_000);
    rows.push({
      number: `2016-${String(first + i).padStart(6, '0')}`,
      channel: 'email',
      received_at: received.toISOString(),
      ente: 'Comune di Pontassieve',
      requester_name: `Cittadino ${first + i}`,
      requester_email: `cittadino.${first + i}@example.it`,
      subject: 'Segnalazione',
      status,
      taken_in_charge_at: taken.toISOString(),
      first_answered_at: taken.toISOString(),
      resolved_at: status === 'open' ? '' : resolved.toISOString(),
      redirected_to: status === 'resolved_not_competent' ? 'Altro ente' : '',
    });
  });
  return rows;
}

/** The consortium's two reports, reproduced from imported history through the API. */
describe('the 2017 annual and Q2 2016 reports from imported history (e2e)', () => {
  let t: TestApp;
  let supervisor: UserEntity;

  beforeAll(async () => {
    t = await createTestApp();
    await createBasicFixtures(t.dataSource);
    supervisor = await createUser(t.dataSource, 'supervisor', 'Supervisore');
    const importer = t.app.get(TicketImportService);
    const q2 = [
      ...month(3, { open: 1, notCompetent: 29, resolved: 363 }, 1),
      ...month(4, { open: 0, notCompetent: 21, resolved: 626 }, 1000),
      ...month(5, { open: 1, notCompetent: 52, resolved: 398 }, 2000),
    ];
    for (const rows of [generateYear(2017), q2]) {
      const report = await importer.import(csv(rows), { dryRun: false });
      expect(report.problems).toEqual([]);
      expect(report.imported).toBe(rows.length);
    }
  }, 120_000);
  afterAll(() => t?.close());

  const report = (query: Record<string, string>) =>
    request(t.http).get('/api/reports/tickets').query(query).set(authHeaders(supervisor));

  it('says 100% by phone, 99.7% by e-mail and 5,495 handled for 2017', async () => {
    const res = await report({ from: '2017-01-01', to: '2017-12-31', groupBy: 'year' });
    expect(res.status).toBe(200);
    expect(res.body.totals.byChannel.phone).toMatchObject({
      handled: 2165,
      resolved: 2136,
      resolvedNotCompetent: 29,
      open: 0,
      new: 0,
      resolvedPct: 100,
    });
    expect(res.body.totals.byChannel.email).toMatchObject({
      handled: 3330,
      resolved: 3233,
      resolvedNotCompetent: 87,
      open: 10,
      new: 0,
      resolvedPct: 99.7,
    });
    expect(res.body.totals.overall.handled).toBe(5495);
  });

  it('reproduces the Q2 2016 e-mail months: 393 / 647 / 451 handled, 99.7% / 100.0% / 99.8%', async () => {
    const res = await report({ from: '2016-04-01', to: '2016-06-30', groupBy: 'month', channel: 'email' });
    expect(
      res.body.periods.map(
        (p: {
          label: string;
          byChannel: {
            email: {
              handled: number;
              open: number;
              resolvedNotCompetent: number;
              resolved: number;
              resolvedPct: number;
            };
          };
        }) => [
          p.label,
          p.byChannel.email.handled,
          p.byChannel.email.open,
          p.byChannel.email.resolvedNotCompetent,
          p.byChannel.email.resolved,
          p.byChannel.email.resolvedPct,
        ],
      ),
    ).toEqual([
      ['2016-04', 393, 1, 29, 363, 99.7],
      ['2016-05', 647, 0, 21, 626, 100],
      ['2016-06', 451, 1, 52, 398, 99.8],
    ]);
  });

  it('gives the historical answer: tickets resolved in May count as open in April "as of" 30 April', async () => {
    const asOf = await report({
      from: '2016-04-01',
      to: '2016-04-30',
      asOf: '2016-04-30T21:59:59Z',
      channel: 'email',
    });
    const april = asOf.body.periods[0].byChannel.email;
    // Received on 28 April and resolved 26 hours later, on the 29th or 30th... or in May.
    expect(april.handled).toBe(393);
    expect(april.open + april.resolved + april.resolvedNotCompetent).toBe(393);
    const resolvedInMay = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM ticket WHERE channel = 'email' AND received_at < '2016-05-01 00:00+02'
          AND received_at >= '2016-04-01 00:00+02' AND resolved_at >= '2016-05-01 00:00+02'`,
    );
    expect(april.open).toBe(1 + resolvedInMay[0].n);
  });

  it('takes the same import as an admin upload, refusing a bad file whole with each problem named', async () => {
    const admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    const upload = (body: string, dryRun: boolean) =>
      request(t.http)
        .post('/api/admin/import/tickets')
        .query({ dryRun: String(dryRun) })
        .set({ ...authHeaders(admin), 'Content-Type': 'text/csv' })
        .send(body);
    const bad = csv([
      {
        number: '2015-000001',
        channel: 'fax',
        received_at: 'ieri',
        ente: 'Comune di Vinci',
        requester_name: 'Ada',
        subject: 'x',
        status: 'resolved',
      },
    ]);
    const refused = await upload(bad, false);
    expect(refused.status).toBe(200);
    expect(refused.body.imported).toBe(0);
    expect(refused.body.problems.map((p: { column: string }) => p.column)).toEqual(
      expect.arrayContaining(['channel', 'received_at']),
    );
    const good = csv([
      {
        number: '2015-000001',
        channel: 'phone',
        received_at: '2015-03-02T09:00:00+01:00',
        ente: 'Unione dei Comuni del Mugello',
        requester_name: 'Ada Neri',
        requester_phone: '055 111',
        subject: 'Prova',
        status: 'new',
      },
    ]);
    const preview = await upload(good, true);
    expect(preview.body).toMatchObject({
      dryRun: true,
      imported: 1,
      createdEntes: ['Unione dei Comuni del Mugello'],
    });
    expect((await upload(good, false)).body).toMatchObject({ imported: 1 });
    expect((await upload('', false)).status).toBe(400);
    expect(
      (
        await request(t.http)
          .post('/api/admin/import/tickets')
          .set({ ...authHeaders(supervisor), 'Content-Type': 'text/csv' })
          .send(good)
      ).status,
    ).toBe(403);
  });
});
