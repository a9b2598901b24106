import { PlannedClockRepository, SlaRegistry } from '@app/sla';
import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  csv,
  generateYear,
  HistoryRow as Row,
  TestApp,
} from '@app/testing';
import { ImportReport, TicketImportRepository, TicketImportService, TicketWriter } from '@app/tickets';
import { ModulesContainer } from '@nestjs/core';
import request from 'supertest';

/** Rome wall time in April 2016 (UTC+2) as written in the export. */
const april = (day: number, time: string) => `2016-04-0${day}T${time}:00+02:00`;
const instant = (text: string) => new Date(text);

/** Monday 4 to Thursday 7 April 2016: six tickets, one per situation the import must get right. */
const history: Row[] = [
  {
    number: '2016-000001',
    channel: 'email',
    received_at: april(4, '09:00'),
    ente: 'pontassieve', // a code, in any case
    requester_name: 'Mario Rossi',
    requester_email: 'mario.rossi@example.it',
    subject: 'Pagamento mensa non registrato',
    status: 'resolved',
    taken_in_charge_at: april(4, '09:10'),
    first_answered_at: april(4, '10:00'),
    resolved_at: april(4, '11:00'),
  },
  {
    number: '2016-000002',
    channel: 'phone',
    received_at: april(4, '09:00'),
    ente: 'Comune di Fiesole', // a name
    requester_name: 'Anna Verdi',
    requester_phone: '055 7654321',
    subject: 'Cartella esattoriale',
    status: 'resolved_not_competent',
    taken_in_charge_at: april(4, '11:00'), // two business hours after the call
    first_answered_at: april(4, '11:00'),
    resolved_at: april(4, '11:30'),
    redirected_to: 'Agenzia delle Entrate',
  },
  {
    number: '2016-000003',
    channel: 'email',
    received_at: april(5, '09:00'),
    ente: 'Comune di Vinci', // not among the entes yet
    requester_name: 'Mario Rossi',
    requester_email: 'MARIO.ROSSI@example.it',
    subject: 'Accesso SPID',
    status: 'open',
    taken_in_charge_at: april(5, '09:30'),
    first_answered_at: april(5, '10:00'),
  },
  {
    number: '2016-000004',
    channel: 'email',
    received_at: april(6, '09:00'),
    ente: 'FIESOLE',
    requester_name: 'Ufficio Tributi',
    requester_email: 'tributi@comune.fiesole.example',
    subject: 'Stampante di rete',
    status: 'waiting',
    taken_in_charge_at: april(6, '09:05'),
    first_answered_at: april(6, '09:20'),
    difficulty: 'low',
  },
  {
    number: '2016-000005',
    channel: 'monitoring',
    received_at: april(7, '09:00'),
    ente: 'PONTASSIEVE',
    subject: 'CSDB1 non raggiungibile',
    status: 'new',
  },
  {
    number: '2016-000006',
    channel: 'phone',
    received_at: april(7, '09:00'),
    ente: 'PONTASSIEVE',
    requester_name: 'Anna Verdi',
    requester_phone: '+39 055 765 4321',
    subject: 'Richiamata',
    status: 'resolved',
    first_answered_at: april(7, '09:30'),
    resolved_at: april(7, '10:00'),
  },
];

interface ClockRow {
  code: string;
  state: string;
  due_at: Date;
  breached_at: Date | null;
  stopped_at: Date | null;
  paused_at: Date | null;
  elapsed_minutes: number | null;
}

describe('ticket history import (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let importer: TicketImportService;
  const known = { tributi: '', anna: '' };

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    importer = importService(t);
    // People the help desk already knows: found by e-mail whatever its case, by phone however written.
    [known.tributi, known.anna] = (
      await t.dataSource.query(
        `INSERT INTO contact (name, email, phone, ente_id)
         VALUES ('Tributi Fiesole', 'Tributi@Comune.Fiesole.example', NULL, $1), ('Anna Verdi', NULL, '+39 055 765 43 21', $1)
         RETURNING id`,
        [f.otherEnte.id],
      )
    ).map((r: { id: string }) => r.id);
  });
  afterAll(() => t?.close());

  /**
   * Registered by the tickets module; built by hand where that wiring is not there. (A failed
   * `app.get` cannot be caught: the test app aborts the process on it, so look before asking.)
   */
  function importService(app: TestApp): TicketImportService {
    const registered = [...app.app.get(ModulesContainer).values()].some((m) =>
      m.providers.has(TicketImportService),
    );
    return registered
      ? app.app.get(TicketImportService, { strict: false })
      : new TicketImportService(
          new TicketImportRepository(app.dataSource),
          app.app.get(SlaRegistry, { strict: false }),
          app.app.get(TicketWriter, { strict: false }),
          app.app.get(PlannedClockRepository, { strict: false }),
        );
  }

  const count = async (sql: string, params: unknown[] = []) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n as number;

  const ticket = async (number: string) =>
    (await t.dataSource.query(`SELECT * FROM ticket WHERE number = $1`, [number]))[0];

  const clocks = async (number: string): Promise<Record<string, ClockRow>> => {
    const rows: ClockRow[] = await t.dataSource.query(
      `SELECT c.code, c.state::text AS state, c.due_at, c.breached_at, c.stopped_at, c.paused_at, c.elapsed_minutes
         FROM sla_clock c JOIN ticket t ON t.id = c.ticket_id WHERE t.number = $1`,
      [number],
    );
    return Object.fromEntries(rows.map((r) => [r.code, r]));
  };

  /** Each ticket's status as the reports rebuild it: its last status change at or before asOf. */
  const statusesAsOf = async (asOf: Date, pattern: string): Promise<Record<string, string>> => {
    const rows: { number: string; status: string }[] = await t.dataSource.query(
      `SELECT t.number, COALESCE(s.status, 'new') AS status FROM ticket t
         LEFT JOIN LATERAL (
           SELECT e.payload->>'to' AS status FROM ticket_event e
            WHERE e.ticket_id = t.id AND e.type = 'status_changed' AND e.occurred_at <= $1
            ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1) s ON true
        WHERE t.number LIKE $2`,
      [asOf, pattern],
    );
    return Object.fromEntries(rows.map((r) => [r.number, r.status]));
  };

  it('lists every bad row of a dry run with its line, column and reason, and writes nothing', async () => {
    const [first] = history;
    const bad: Row[] = [
      first,
      { ...first, number: '2016-000101', channel: 'fax' },
      { ...first, number: '2016-000102', received_at: '04/04/2016 09:00' },
      { ...first }, // the same number again
      { ...first, number: '2016-000103', status: 'resolved_not_competent' },
      {
        ...first,
        number: '2016-000104',
        requester_email: 'mario.rossi@',
        taken_in_charge_at: april(4, '08:00'),
      },
      { ...first, number: '2016-000105', status: 'open' },
    ];
    const entes = await count('ente');
    const report = await importer.import(csv(bad), { dryRun: true });

    expect(report).toMatchObject({ dryRun: true, total: 7, imported: 0, createdEntes: [] });
    expect(report.problems).toEqual([
      { line: 3, column: 'channel', reason: expect.stringContaining('canale non valido / invalid channel') },
      { line: 4, column: 'received_at', reason: expect.stringContaining('data non valida') },
      { line: 5, column: 'number', reason: expect.stringContaining('duplicate number (already on line 2)') },
      { line: 6, column: 'redirected_to', reason: expect.stringContaining('required with status') },
      { line: 7, column: 'requester_email', reason: 'indirizzo e-mail non valido / invalid e-mail address' },
      { line: 7, column: 'taken_in_charge_at', reason: 'precede la ricezione / before received_at' },
      { line: 8, column: 'resolved_at', reason: expect.stringContaining('not allowed with status open') },
    ]);
    expect(await count(`ticket WHERE number LIKE '2016-%'`)).toBe(0);
    expect(await count('ente')).toBe(entes);

    // Without --dry-run the same file writes nothing either.
    const real = await importer.import(csv(bad), { dryRun: false });
    expect(real.imported).toBe(0);
    expect(real.problems).toHaveLength(7);
    expect(await count(`ticket WHERE number LIKE '2016-%'`)).toBe(0);
  });

  it('previews a valid file in a dry run: what it would import and which entes it would create', async () => {
    const report = await importer.import(csv(history), { dryRun: true });
    expect(report).toEqual<ImportReport>({
      dryRun: true,
      total: 6,
      imported: 6,
      skippedExisting: 0,
      problems: [],
      createdEntes: ['Comune di Vinci'],
    });
    expect(await count(`ticket WHERE number LIKE '2016-%'`)).toBe(0);
    expect(await count(`ente WHERE name = 'Comune di Vinci'`)).toBe(0);
  });

  it('imports the history: statuses, timelines, SLA clocks, entes and contacts', async () => {
    const progress: [number, number][] = [];
    const contacts = await count('contact');
    const report = await importer.import(csv(history), {
      dryRun: false,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(report).toEqual<ImportReport>({
      dryRun: false,
      total: 6,
      imported: 6,
      skippedExisting: 0,
      problems: [],
      createdEntes: ['Comune di Vinci'],
    });
    expect(progress).toEqual([[6, 6]]);

    const vinci = (await t.dataSource.query(`SELECT * FROM ente WHERE name = 'Comune di Vinci'`))[0];
    expect(vinci).toMatchObject({ code: 'COMUNE-DI-VINCI', kind: 'comune' });
    const tickets = Object.fromEntries(
      await Promise.all(history.map(async (row) => [row.number!, await ticket(row.number!)] as const)),
    );
    expect(Object.fromEntries(Object.entries(tickets).map(([n, row]) => [n, row.status]))).toEqual({
      '2016-000001': 'resolved',
      '2016-000002': 'resolved_not_competent',
      '2016-000003': 'open',
      '2016-000004': 'waiting',
      '2016-000005': 'new',
      '2016-000006': 'resolved',
    });
    expect(tickets['2016-000001']).toMatchObject({
      ente_id: f.ente.id,
      channel: 'email',
      description: '',
      malfunction: false,
      version: 1,
      created_at: instant(april(4, '09:00')),
      updated_at: instant(april(4, '11:00')),
      taken_in_charge_at: instant(april(4, '09:10')),
      next_due_at: null,
    });
    expect(tickets['2016-000002']).toMatchObject({
      ente_id: f.otherEnte.id,
      redirected_to: 'Agenzia delle Entrate',
    });
    expect(tickets['2016-000003'].ente_id).toBe(vinci.id);
    // Resolving a ticket nobody took takes charge of it, at the first answer.
    expect(tickets['2016-000006'].taken_in_charge_at).toEqual(instant(april(7, '09:30')));
    // One contact per person: e-mail matched case-insensitively, phone numbers as intake matches them,
    // in the file and in the table; only Mario Rossi is new.
    expect(tickets['2016-000003'].requester_id).toBe(tickets['2016-000001'].requester_id);
    expect(tickets['2016-000004'].requester_id).toBe(known.tributi);
    expect(tickets['2016-000002'].requester_id).toBe(known.anna);
    expect(tickets['2016-000006'].requester_id).toBe(known.anna);
    expect(tickets['2016-000005'].requester_id).toBeNull();
    expect(await count('contact')).toBe(contacts + 1);
    const mario = (
      await t.dataSource.query(`SELECT * FROM contact WHERE id = $1`, [tickets['2016-000001'].requester_id])
    )[0];
    expect(mario).toMatchObject({ name: 'Mario Rossi', email: 'mario.rossi@example.it', ente_id: f.ente.id });
    const [policy] = await t.dataSource.query(`SELECT id FROM sla_policy WHERE active`);
    expect(Object.values(tickets).every((row) => row.sla_policy_id === policy.id)).toBe(true);

    // The timeline in the workflow's shapes.
    const timeline = await t.dataSource.query(
      `SELECT type, occurred_at, payload, body, actor_id FROM ticket_event WHERE ticket_id = $1 ORDER BY id`,
      [tickets['2016-000002'].id],
    );
    expect(timeline).toEqual([
      {
        type: 'created',
        occurred_at: instant(april(4, '09:00')),
        payload: {
          channel: 'phone',
          number: '2016-000002',
          malfunction: false,
          enteId: f.otherEnte.id,
          requesterId: tickets['2016-000002'].requester_id,
          imported: true,
        },
        body: null,
        actor_id: null,
      },
      {
        type: 'message',
        occurred_at: instant(april(4, '09:00')),
        payload: { direction: 'in', via: 'phone' },
        body: 'Cartella esattoriale',
        actor_id: null,
      },
      expect.objectContaining({ type: 'taken_in_charge', payload: { agentId: null, imported: true } }),
      expect.objectContaining({
        type: 'status_changed',
        occurred_at: instant(april(4, '11:00')),
        payload: { from: 'new', to: 'open' },
      }),
      expect.objectContaining({
        type: 'message',
        payload: { direction: 'out', via: 'phone', imported: true },
      }),
      expect.objectContaining({
        type: 'status_changed',
        occurred_at: instant(april(4, '11:30')),
        payload: { from: 'open', to: 'resolved_not_competent', redirectedTo: 'Agenzia delle Entrate' },
      }),
    ]);

    // Reports rebuild each past status from those events.
    expect(await statusesAsOf(instant(april(4, '10:30')), '2016-%')).toMatchObject({
      '2016-000001': 'open',
      '2016-000002': 'new',
    });
    expect(await statusesAsOf(new Date(), '2016-%')).toEqual(
      Object.fromEntries(Object.entries(tickets).map(([n, row]) => [n, row.status])),
    );

    // SLA.6 (one business hour): met in 10 minutes, breached at its due instant after two hours.
    const quick = await clocks('2016-000001');
    expect(quick['SLA.6']).toMatchObject({
      state: 'met',
      stopped_at: instant(april(4, '09:10')),
      elapsed_minutes: 10,
    });
    expect(quick['SLA.7']).toMatchObject({ state: 'met' });
    const slow = await clocks('2016-000002');
    expect(slow['SLA.6']).toMatchObject({
      state: 'breached',
      due_at: instant(april(4, '10:00')),
      breached_at: instant(april(4, '10:00')),
      stopped_at: instant(april(4, '11:00')),
      elapsed_minutes: 120,
    });
    expect(slow['SLA.8']).toBeUndefined();
    // The waiting ticket's resolution clock paused when it started waiting, with time left.
    expect((await clocks('2016-000004')).CED).toMatchObject({
      state: 'paused',
      paused_at: instant(april(6, '09:20')),
      due_at: instant(april(6, '09:30')),
    });
    // Nobody ever took the alert: breached at its due instant, and it is what the queue sorts by.
    const forgotten = await clocks('2016-000005');
    expect(forgotten['SLA.6']).toMatchObject({
      state: 'breached',
      breached_at: instant(april(7, '10:00')),
      stopped_at: null,
    });
    expect(forgotten['SLA.7']).toBeUndefined();
    expect(tickets['2016-000005'].next_due_at).toEqual(instant(april(7, '10:00')));
    // The open ticket's answer stopped SLA.7, its resolution has no clock (no difficulty): nothing due.
    expect(tickets['2016-000003'].next_due_at).toBeNull();

    // The API reads an imported ticket like any other.
    const res = await request(t.http)
      .get(`/api/tickets/${tickets['2016-000002'].id}`)
      .set(authHeaders(f.agent));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ number: '2016-000002', status: 'resolved_not_competent' });
    expect(res.body.sla.find((c: { code: string }) => c.code === 'SLA.6')).toMatchObject({
      state: 'breached',
    });
  });

  it('imports nothing the second time: every row is skipped by its number', async () => {
    const before = await count('ticket');
    const events = await count('ticket_event');
    const report = await importer.import(csv(history), { dryRun: false });
    expect(report).toEqual<ImportReport>({
      dryRun: false,
      total: 6,
      imported: 0,
      skippedExisting: 6,
      problems: [],
      createdEntes: [],
    });
    expect(await count('ticket')).toBe(before);
    expect(await count('ticket_event')).toBe(events);
  });

  it('refuses a number the help desk already gave to another ticket instead of skipping it', async () => {
    const report = await importer.import(csv([{ ...history[0], received_at: april(4, '08:00') }]), {
      dryRun: false,
    });
    expect(report.imported).toBe(0);
    expect(report.problems).toEqual([
      { line: 2, column: 'number', reason: expect.stringContaining('number already used by another ticket') },
    ]);
  });

  it('continues the yearly numbering after the imported numbers', async () => {
    const rows: Row[] = ['2017-000100', '2017-000123', '2017-000007'].map((number, i) => ({
      ...history[0],
      number,
      received_at: `2017-03-0${i + 1}T09:00:00+01:00`,
      taken_in_charge_at: `2017-03-0${i + 1}T09:10:00+01:00`,
      first_answered_at: '',
      resolved_at: `2017-03-0${i + 1}T10:00:00+01:00`,
    }));
    expect((await importer.import(csv(rows), { dryRun: false })).imported).toBe(3);

    const user = await createUser(t.dataSource, 'agent', 'Lucia Neri');
    const res = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(user))
      .send({
        channel: 'phone',
        requester: { name: 'Xenia', phone: '055 1' },
        enteId: f.ente.id,
        subject: 'Dopo la migrazione',
        receivedAt: '2017-06-01T10:00:00Z',
      });
    expect(res.body).toMatchObject({ number: '2017-000124' });
    expect(res.status).toBe(201);
  });

  it('imports a generated year of 5,495 tickets in batches', async () => {
    const rows = generateYear(2018);
    const progress: [number, number][] = [];
    const started = Date.now();
    const report = await importer.import(csv(rows), {
      dryRun: false,
      onProgress: (done, total) => progress.push([done, total]),
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `Imported ${report.imported} tickets in ${seconds.toFixed(2)} s on ${t.database.engine} ` +
        `(${Math.round(report.imported / seconds)} tickets/s)`,
    );
    expect(report).toMatchObject({ imported: 5495, skippedExisting: 0, problems: [] });
    expect(progress).toHaveLength(11);
    expect(progress[0]).toEqual([500, 5495]);
    expect(progress[10]).toEqual([5495, 5495]);

    // The 2017 report's table, by channel.
    const byStatus: { channel: string; status: string; n: number }[] = await t.dataSource.query(
      `SELECT channel::text, status::text, count(*)::int AS n FROM ticket WHERE number LIKE '2018-%'
        GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(byStatus).toEqual([
      { channel: 'email', status: 'open', n: 6 },
      { channel: 'email', status: 'resolved', n: 3233 },
      { channel: 'email', status: 'resolved_not_competent', n: 87 },
      { channel: 'email', status: 'waiting', n: 4 },
      { channel: 'phone', status: 'resolved', n: 2136 },
      { channel: 'phone', status: 'resolved_not_competent', n: 29 },
    ]);
    // Every ticket's status rebuilt from its timeline is its status.
    const rebuilt = await statusesAsOf(new Date(), '2018-%');
    const current: { number: string; status: string }[] = await t.dataSource.query(
      `SELECT number, status::text FROM ticket WHERE number LIKE '2018-%'`,
    );
    expect(current.filter((r) => rebuilt[r.number] !== r.status)).toEqual([]);
    expect(
      await count(`sla_clock c JOIN ticket t ON t.id = c.ticket_id WHERE t.number LIKE '2018-%'`),
    ).toBeGreaterThan(2 * 5495);
    // No clock of the imported year is left running past its due instant for the sweeper to "discover".
    expect(
      await count(
        `sla_clock c JOIN ticket t ON t.id = c.ticket_id
          WHERE t.number LIKE '2018-%' AND c.state = 'running' AND c.due_at <= now()`,
      ),
    ).toBe(0);
    const [counter] = await t.dataSource.query(
      `SELECT last_value FROM ticket_number_counter WHERE year = 2018`,
    );
    expect(counter.last_value).toBe(5495);
  }, 180_000);
});
