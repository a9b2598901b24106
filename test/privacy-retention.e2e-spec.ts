import { RetentionService } from '@app/privacy';
import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  csv,
  generateYear,
  HistoryRow,
  TestApp,
} from '@app/testing';
import { TicketImportService, UserEntity } from '@app/tickets';
import request from 'supertest';

import { runRetentionCommand } from '../apps/cli/src/retention.command';

/** Q2 2016 in the report's shape: e-mail tickets with the table's statuses. */
function quarter2016(): HistoryRow[] {
  const rows: HistoryRow[] = [];
  const months: [number, number, number, number][] = [
    [3, 1, 29, 363],
    [4, 0, 21, 626],
    [5, 1, 52, 398],
  ];
  let n = 1;
  for (const [month, open, notCompetent, resolved] of months) {
    const statuses = [
      ...Array<string>(open).fill('open'),
      ...Array<string>(notCompetent).fill('resolved_not_competent'),
      ...Array<string>(resolved).fill('resolved'),
    ];
    statuses.forEach((status, i) => {
      const received = new Date(Date.UTC(2016, month, 1 + (i % 28), 7, i % 60));
      const taken = new Date(received.getTime() + 20 * 60_000);
      rows.push({
        number: `2016-${String(n).padStart(6, '0')}`,
        channel: 'email',
        received_at: received.toISOString(),
        ente: 'Comune di Pontassieve',
        requester_name: `Persona Sedicesima ${n}`,
        requester_email: `persona.${n}@esempio.it`,
        requester_phone: `+39055${String(100000 + n)}`,
        subject: `Richiesta di Persona Sedicesima ${n}`,
        status,
        taken_in_charge_at: taken.toISOString(),
        first_answered_at: taken.toISOString(),
        resolved_at: status === 'open' ? '' : new Date(received.getTime() + 26 * 3_600_000).toISOString(),
        redirected_to: status === 'resolved_not_competent' ? 'Altro ente' : '',
      });
      n += 1;
    });
  }
  return rows;
}

/**
 * Issue 18.2-3: a retention run that anonymises everything leaves every figure of the ticket and
 * SLA reports where it was, to the digit, and leaves no original name anywhere in the database.
 */
describe('retention: the figures do not move, the names go (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let supervisor: UserEntity;
  let retention: RetentionService;
  let heldTicket: string;
  let liveTicket: string;

  /** Every row of every table, as text, that contains `needle` (bytea shows as hex, so raw sources are checked apart). */
  async function rowsContaining(needle: string): Promise<Record<string, number>> {
    const tables = await t.dataSource.query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const found: Record<string, number> = {};
    for (const { table_name } of tables) {
      const [{ n }] = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM "${table_name}" x WHERE x::text ILIKE $1`,
        [`%${needle}%`],
      );
      if (n > 0) found[table_name] = n;
    }
    return found;
  }

  const report = (path: string, query: Record<string, string>) =>
    request(t.http)
      .get(`/api/reports/${path}`)
      .query(query)
      .set(authHeaders(supervisor))
      .expect(200)
      .then((r) => {
        // A report of "now" says when now was; everything else must match to the digit.
        const body = r.body as Record<string, unknown>;
        if (!query.asOf) delete body.asOf;
        return body;
      });

  /** The figures the consortium receives: per month and channel now and as of a past instant, SLA tables, breakdowns. */
  async function figures() {
    return {
      year2017: await report('tickets', { from: '2017-01-01', to: '2017-12-31', groupBy: 'month' }),
      year2017AsOfJune: await report('tickets', {
        from: '2017-01-01',
        to: '2017-12-31',
        groupBy: 'month',
        asOf: '2017-06-30T16:00:00Z',
      }),
      q2of2016: await report('tickets', { from: '2016-04-01', to: '2016-06-30', groupBy: 'month' }),
      q2of2016AsOfMay: await report('tickets', {
        from: '2016-04-01',
        to: '2016-06-30',
        groupBy: 'month',
        asOf: '2016-05-15T12:00:00Z',
      }),
      sla2017: await report('sla', { from: '2017-01-01', to: '2017-12-31' }),
      slaQ2of2016: await report('sla', { from: '2016-04-01', to: '2016-06-30' }),
      byEnte: await report('tickets/by-ente', { from: '2017-01-01', to: '2017-12-31' }),
      byCategory: await report('tickets/by-category', { from: '2017-01-01', to: '2017-12-31' }),
      arrivals: await report('arrivals', { from: '2017-01-01', to: '2017-12-31' }),
    };
  }

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    supervisor = await createUser(t.dataSource, 'supervisor', 'Supervisore');
    retention = t.app.get(RetentionService);
    const importer = t.app.get(TicketImportService);
    for (const rows of [generateYear(2017), quarter2016()]) {
      const imported = await importer.import(csv(rows), { dryRun: false });
      expect(imported.problems).toEqual([]);
    }
    // A request of today with what a live ticket carries: a note, an attachment, a resolution.
    const created = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        subject: 'Certificato anagrafico per Ermenegilda Quarantotto',
        description: 'Chiama Ermenegilda Quarantotto, ermenegilda.quarantotto@esempio.it',
        requester: {
          name: 'Ermenegilda Quarantotto',
          email: 'ermenegilda.quarantotto@esempio.it',
          phone: '055 4848484',
        },
        enteId: f.ente.id,
      })
      .expect(201);
    liveTicket = created.body.id as string;
    await request(t.http)
      .post(`/api/tickets/${liveTicket}/notes`)
      .set(authHeaders(f.agent))
      .send({ body: 'Richiamata Ermenegilda Quarantotto alle 10' })
      .expect(200);
    await request(t.http)
      .post(`/api/tickets/${liveTicket}/attachments`)
      .query({ filename: 'documento-quarantotto.pdf' })
      .set(authHeaders(f.agent))
      .set('Content-Type', 'application/pdf')
      .send(Buffer.from('%PDF-1.4 Ermenegilda Quarantotto'))
      .expect(201);
    await request(t.http)
      .post(`/api/tickets/${liveTicket}/resolve`)
      .set(authHeaders(f.agent))
      .send({ resolution: 'Certificato inviato a Ermenegilda Quarantotto' })
      .expect(200);
    // A dispute: this one is under legal hold and must survive untouched.
    const held = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        subject: 'Contestazione di Bartolomeo Contenzioso',
        requester: { name: 'Bartolomeo Contenzioso', phone: '055 7777777' },
        enteId: f.ente.id,
      })
      .expect(201);
    heldTicket = held.body.id as string;
    await request(t.http)
      .put(`/api/tickets/${heldTicket}/legal-hold`)
      .set(authHeaders(supervisor))
      .send({ reason: 'Ricorso al TAR n. 123/2026' })
      .expect(204);
  }, 180_000);
  afterAll(() => t?.close());

  it('plans, then anonymises everything past its time, and no figure moves', async () => {
    const before = await figures();
    expect(await rowsContaining('Persona Sedicesima')).toMatchObject({ contact: expect.any(Number) });

    // Planning ahead changes nothing.
    const plan = await retention.run({
      asOf: new Date('2040-01-01T00:00:00Z'),
      dryRun: true,
      trigger: 'api',
    });
    expect(plan!.summary.messageBodies.tickets).toBeGreaterThan(6900);
    expect(plan!.summary.contactDetails.contacts).toBeGreaterThan(1000);
    expect((await rowsContaining('Persona Sedicesima')).contact).toBeGreaterThan(0);

    // The CLI, as the operator runs it, far ahead: everything but the held ticket is past its time.
    const printed: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    try {
      expect(await runRetentionCommand(t.config, ['--as-of', '2040-01-01'])).toBe(0);
    } finally {
      log.mockRestore();
    }
    expect(printed.join('\n')).toMatch(/Dati di contatto \/ contact details: contacts \d+/);

    expect(await figures()).toEqual(before);
    expect(await rowsContaining('Persona Sedicesima')).toEqual({});
    expect(await rowsContaining('persona.1@esempio.it')).toEqual({});
    expect(await rowsContaining('Ermenegilda')).toEqual({});
    expect(await rowsContaining('Quarantotto')).toEqual({});
    // The attachment's file went too.
    const [{ files }] = await t.dataSource.query<{ files: number }[]>(
      `SELECT count(*)::int AS files FROM attachment WHERE ticket_id = $1`,
      [liveTicket],
    );
    expect(files).toBe(0);
    // The held ticket and its requester are as they were.
    expect(await rowsContaining('Bartolomeo Contenzioso')).toMatchObject({ contact: 1, ticket: 1 });
    // The timeline still refuses any other rewrite.
    await expect(
      t.dataSource.query(`UPDATE ticket_event SET body = NULL WHERE ticket_id = $1`, [heldTicket]),
    ).rejects.toThrow(/append-only/);
  }, 240_000);

  it('a second run finds nothing left to do', async () => {
    const again = await retention.run({
      asOf: new Date('2040-01-01T00:00:00Z'),
      dryRun: false,
      trigger: 'api',
    });
    for (const cls of ['rawMail', 'messageBodies', 'contactDetails', 'outboundMail'] as const) {
      for (const n of Object.values(again!.summary[cls])) expect(n).toBe(0);
    }
  });

  it('shows the anonymised ticket with a pseudonymous requester, its statuses intact', async () => {
    const ticket = await request(t.http)
      .get(`/api/tickets/${liveTicket}`)
      .set(authHeaders(f.agent))
      .expect(200);
    expect(ticket.body.status).toBe('resolved');
    expect(JSON.stringify(ticket.body)).not.toMatch(/Quarantotto|Ermenegilda/);
    expect(JSON.stringify(ticket.body)).toMatch(/Anonimo [0-9A-F]{8}/);
  });
});
