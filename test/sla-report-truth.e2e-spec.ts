import {
  authHeaders,
  BasicFixtures,
  calendarDate,
  createBasicFixtures,
  createTestApp,
  TestApp,
} from '@app/testing';
import request from 'supertest';

interface Row {
  code: string;
  target: string;
  measured: string;
  measuredValue: number | null;
  deviation: string;
  applied: number | null;
  breached: number | null;
  running: number | null;
  en?: { title: string; target: string; measured: string; deviation: string };
  deliveries?: { period: string; state: string }[];
}

/**
 * The SLA table tells no comforting lies (issue 16.9, 16.10, 16.14): without monitoring data the
 * uptime rows say "nessun dato", never 100%; periods that ended before the help desk held any data
 * owe no outage report (SLA.11); every row also says itself in English for the English UI.
 */
describe('the SLA table without data, before the first data, and in English (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
  });
  afterAll(() => t?.close());

  const table = async (from: string, to: string) => {
    const res = await request(t.http)
      .get('/api/reports/sla')
      .query({ from, to })
      .set(authHeaders(f.supervisor));
    expect(res.status).toBe(200);
    return new Map((res.body.rows as Row[]).map((r) => [r.code, r]));
  };

  it('says "nessun dato" for SLA.1-SLA.5 without a single monitoring event, in both languages', async () => {
    const rows = await table('2026-01-01', '2026-03-31');
    for (const code of ['SLA.1', 'SLA.2', 'SLA.3', 'SLA.4', 'SLA.5']) {
      const row = rows.get(code)!;
      expect({ code, measured: row.measured, value: row.measuredValue, deviation: row.deviation }).toEqual({
        code,
        measured: 'nessun dato',
        value: null,
        deviation: '-',
      });
      expect(row.en?.measured).toBe('no data');
    }
  });

  it('owes no SLA.11 report for periods that ended before the first ticket or outage', async () => {
    // Nothing at all yet: no period is owed, none is late.
    const empty = (await table('2026-01-01', '2026-12-31')).get('SLA.11')!;
    expect({ applied: empty.applied, breached: empty.breached, deviation: empty.deviation }).toEqual({
      applied: 0,
      breached: 0,
      deviation: '-',
    });
    // The first ticket arrives in May: from the second quarter on, the reports are owed.
    await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        subject: 'Primo ticket del centro servizi',
        requester: { name: 'Ugo Bassi', phone: '055 2223344' },
        receivedAt: '2026-05-10T09:00:00+02:00',
      })
      .expect(201);
    const sla11 = (await table('2026-01-01', '2026-09-30')).get('SLA.11')!;
    expect(sla11.deliveries?.map((d) => [d.period, d.state])).toEqual([
      ['2026-Q2', 'breached'],
      ['2026-Q3', 'breached'],
    ]);
    expect(sla11).toMatchObject({ applied: 2, breached: 2, deviation: '2 report fuori tempo su 2' });
    expect(sla11.en?.deviation).toBe('2 of 2 reports late');
  });

  it('counts an SLA.9 notice that reached nobody as not delivered, not as met', async () => {
    // The other ente has no notice address and no referent: the notice goes to nobody.
    const started = new Date(Date.now() - 3 * 3_600_000);
    const outage = await request(t.http)
      .post('/api/outages')
      .set(authHeaders(f.agent))
      .send({
        title: 'Anagrafe irraggiungibile',
        services: ['Anagrafe'],
        enteIds: [f.otherEnte.id],
        startedAt: started.toISOString(),
        interventionStartedAt: new Date(started.getTime() + 5 * 60_000).toISOString(),
      })
      .expect(201);
    const notice = await request(t.http)
      .post(`/api/outages/${outage.body.id}/notices`)
      .set(authHeaders(f.agent))
      .send({ kind: 'entes', sentAt: new Date(started.getTime() + 15 * 60_000).toISOString() })
      .expect(201);
    const sla9 = (notice.body.clocks as { code: string; state: string; undelivered?: boolean }[]).find(
      (c) => c.code === 'SLA.9',
    );
    // Due 30 minutes after the intervention's start, hours ago, and never delivered.
    expect(sla9).toMatchObject({ state: 'breached', undelivered: true });
    // From the day the outage started (three hours ago may be yesterday in Rome) to today.
    const row = (await table(calendarDate(started), calendarDate())).get('SLA.9')!;
    expect(row).toMatchObject({ applied: 1, breached: 1 });
  });

  it('gives every row its English words: the contract’s title, target, measured and deviation', async () => {
    const rows = await table('2026-01-01', '2026-03-31');
    expect(rows.get('SLA.1')?.en?.title).toMatch(/^Uptime of the database systems/);
    expect(rows.get('SLA.6')?.en?.target).toBe('within 1 business hour');
    expect(rows.get('SLA.8')?.en?.target).toBe('within 2 h of the call');
    expect(rows.get('SLA.9')?.en).toMatchObject({
      target: 'within 30 min of the start of work',
      measured: 'No outages',
      deviation: 'No deviation',
    });
    expect(rows.get('SLA.11')?.en?.target).toBe('Every 6 months');
    // No Italian word of the generated phrases is left in the English ones.
    const italian = /\b(entro|lavorativ|nei tempi|fuori tempo|Nessun|Ogni|nessun dato|mesi)\b/;
    for (const row of rows.values()) {
      for (const field of ['target', 'measured', 'deviation'] as const) {
        expect({ code: row.code, field, text: row.en?.[field] }).not.toMatchObject({
          text: expect.stringMatching(italian),
        });
      }
    }
  });
});
