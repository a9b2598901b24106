import { authHeaders, BasicFixtures, createBasicFixtures, createTestApp, TestApp } from '@app/testing';
import { createTestWorker } from '@app/testing/test-worker';
import { EnteEntity, SlaSweeperService, TicketService } from '@app/tickets';
import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';

/** Rome wall time in November (UTC+1) as an instant. */
const rome = (local: string) => new Date(`${local}+01:00`);

interface ClockView {
  code: string;
  cycle: number;
  state: string;
  dueAt: string;
  stoppedAt: string | null;
  breachedAt: string | null;
  atRisk: boolean;
}

describe('SLA clocks (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let worker: INestApplicationContext;
  let sweeper: SlaSweeperService;
  let service: TicketService;
  const as = (userId: string) => authHeaders(userId);

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    // The worker's own wiring on the same database: the sweeper exactly as it runs in production.
    worker = await createTestWorker(t.config);
    sweeper = worker.get(SlaSweeperService);
    service = t.app.get(TicketService);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  async function phoneTicket(overrides: Record<string, unknown> = {}) {
    const res = await request(t.http)
      .post('/api/tickets')
      .set(as(f.agent.id))
      .send({
        channel: 'phone',
        requester: { name: 'Anna Verdi', phone: '+39 055 7654321' },
        enteId: f.ente.id,
        categoryId: f.category.id,
        subject: 'Il portale dei tributi non si apre',
        malfunction: true,
        ...overrides,
      });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number; sla: ClockView[] };
  }

  /** A clock as the API serialises it (service results carry Dates, responses ISO strings). */
  const clock = (ticket: { sla: unknown[] }, code: string, cycle = 1): ClockView => {
    const clocks = JSON.parse(JSON.stringify(ticket.sla)) as ClockView[];
    const found = clocks.find((c) => c.code === code && c.cycle === cycle);
    if (!found) throw new Error(`no clock ${code} cycle ${cycle} in ${JSON.stringify(clocks)}`);
    return found;
  };
  const getTicket = async (id: string) =>
    (await request(t.http).get(`/api/tickets/${id}`).set(authHeaders(f.agent))).body;

  it('dates the contract clocks of a phone malfunction received on Friday at 17:30 in Rome', async () => {
    const ticket = await phoneTicket({ receivedAt: rome('2025-11-14T17:30:00').toISOString() });
    expect(ticket.sla.map((c) => c.code).sort()).toEqual(['SLA.6', 'SLA.7', 'SLA.8']);
    // Business hours: the weekend is skipped, the half hour left on Friday is counted.
    expect(clock(ticket, 'SLA.6').dueAt).toBe(rome('2025-11-17T08:30:00').toISOString());
    expect(clock(ticket, 'SLA.7').dueAt).toBe(rome('2025-11-17T13:30:00').toISOString());
    // SLA.8 counts two real hours from the call (24x7 calendar).
    expect(clock(ticket, 'SLA.8').dueAt).toBe(rome('2025-11-14T19:30:00').toISOString());
    expect(ticket.sla.every((c) => c.state === 'running')).toBe(true);
  });

  it('applies SLA.8 only to phone malfunctions and the CED clock only to tickets with a difficulty', async () => {
    const ticket = await phoneTicket({ malfunction: false, difficulty: 'low' });
    expect(ticket.sla.map((c) => c.code).sort()).toEqual(['CED', 'SLA.6', 'SLA.7']);
  });

  it('explains a deadline: open intervals counted, weekend skipped, the calendar used', async () => {
    const ticket = await phoneTicket({ receivedAt: rome('2025-11-14T17:30:00').toISOString() });
    const res = await request(t.http).get(`/api/tickets/${ticket.id}/sla`).set(authHeaders(f.agent));
    expect(res.status).toBe(200);
    const sla6 = res.body.find((c: { code: string }) => c.code === 'SLA.6');
    expect(sla6).toMatchObject({ calendar: 'cst', timeZone: 'Europe/Rome', target: 60 });
    expect(sla6.openIntervals.slice(0, 2)).toEqual([
      {
        start: rome('2025-11-14T17:30:00').toISOString(),
        end: rome('2025-11-14T18:00:00').toISOString(),
        minutes: 30,
      },
      expect.objectContaining({ start: rome('2025-11-17T08:00:00').toISOString() }),
    ]);
    expect(sla6.closedDays.slice(0, 2)).toEqual([
      { date: '2025-11-15', reason: 'weekend' },
      { date: '2025-11-16', reason: 'weekend' },
    ]);
    expect(sla6.history[0]).toMatchObject({
      kind: 'started',
      dueAt: rome('2025-11-17T08:30:00').toISOString(),
    });

    const missing = await request(t.http)
      .get('/api/tickets/00000000-0000-4000-8000-00000000dead/sla')
      .set(authHeaders(f.agent));
    expect(missing.status).toBe(404);
    const bad = await request(t.http).get('/api/tickets/not-a-uuid/sla').set(authHeaders(f.agent));
    expect(bad.status).toBe(400);
  });

  it('pauses the resolution clock while waiting and moves its due instant by exactly the paused business time', async () => {
    const created = await phoneTicket({
      malfunction: false,
      difficulty: 'medium_low',
      receivedAt: rome('2025-11-17T09:00:00').toISOString(),
    });
    expect(clock(created, 'CED').dueAt).toBe(rome('2025-11-17T13:00:00').toISOString());
    const actor = { id: f.agent.id };
    let ticket = await service.act(
      created.id,
      { type: 'take_charge', agentId: f.agent.id },
      actor,
      undefined,
      rome('2025-11-17T09:10:00'),
    );
    expect(clock(ticket, 'SLA.6')).toMatchObject({
      state: 'met',
      stoppedAt: rome('2025-11-17T09:10:00').toISOString(),
    });

    ticket = await service.act(
      created.id,
      { type: 'wait', reason: 'Manca il numero di pratica' },
      actor,
      undefined,
      rome('2025-11-17T10:00:00'),
    );
    expect(clock(ticket, 'CED').state).toBe('paused');
    // SLA.7 does not pause: the contract counts the first answer regardless.
    expect(clock(ticket, 'SLA.7').state).toBe('running');

    ticket = await service.act(created.id, { type: 'resume' }, actor, undefined, rome('2025-11-18T09:00:00'));
    // Paused Monday 10:00-18:00 and Tuesday 08:00-09:00: 540 business minutes, added to 13:00 Monday.
    expect(clock(ticket, 'CED')).toMatchObject({
      state: 'running',
      dueAt: rome('2025-11-18T12:00:00').toISOString(),
    });
    const explained = (await request(t.http).get(`/api/tickets/${created.id}/sla`).set(authHeaders(f.agent)))
      .body;
    const ced = explained.find((c: { code: string }) => c.code === 'CED');
    expect(ced.pausedMinutes).toBe(540);
    expect(ced.history.map((h: { kind: string }) => h.kind)).toEqual(['started', 'paused', 'resumed']);

    // Reclassified harder: the new target counts from the same start, keeping the pause.
    ticket = await service.update(
      created.id,
      { version: ticket.version, difficulty: 'medium_high' },
      actor,
      rome('2025-11-18T10:00:00'),
    );
    expect(clock(ticket, 'CED').dueAt).toBe(rome('2025-11-18T16:00:00').toISOString());
    expect(ticket.timeline.map((e) => e.type)).toContain('sla_recomputed');

    ticket = await service.act(
      created.id,
      { type: 'resolve', resolution: 'Pratica sbloccata', notCompetent: false },
      actor,
      undefined,
      rome('2025-11-18T15:00:00'),
    );
    expect(clock(ticket, 'CED')).toMatchObject({
      state: 'met',
      stoppedAt: rome('2025-11-18T15:00:00').toISOString(),
    });

    // Reopening starts a new resolution cycle and keeps the first one's result.
    ticket = await service.act(
      created.id,
      { type: 'reopen', reason: 'Il problema si ripresenta' },
      actor,
      undefined,
      rome('2025-11-19T10:00:00'),
    );
    expect(clock(ticket, 'CED', 1).state).toBe('met');
    expect(clock(ticket, 'CED', 2)).toMatchObject({
      state: 'running',
      // 480 business minutes from Wednesday 10:00: Wednesday 18:00.
      dueAt: rome('2025-11-19T18:00:00').toISOString(),
    });
  });

  it('records a breach found late at its due instant, once, with the timeline and the supervisors told', async () => {
    const ticket = await phoneTicket({ receivedAt: rome('2025-11-14T17:30:00').toISOString() });
    await request(t.http)
      .post(`/api/tickets/${ticket.id}/assign`)
      .set(as(f.agent.id))
      .send({ assigneeId: f.agent.id });
    const first = await sweeper.sweep();
    expect(first.breached).toBeGreaterThanOrEqual(3);

    const after = await getTicket(ticket.id);
    for (const code of ['SLA.6', 'SLA.7', 'SLA.8']) {
      const c = clock(after, code);
      expect(c.state).toBe('breached');
      expect(c.breachedAt).toBe(c.dueAt);
    }
    const breaches = after.timeline.filter((e: { type: string }) => e.type === 'sla_breached');
    expect(
      breaches
        .map((e: { occurredAt: string; payload: { code: string } }) => [e.payload.code, e.occurredAt])
        .sort(),
    ).toEqual([
      ['SLA.6', rome('2025-11-17T08:30:00').toISOString()],
      ['SLA.7', rome('2025-11-17T13:30:00').toISOString()],
      ['SLA.8', rome('2025-11-14T19:30:00').toISOString()],
    ]);

    // A second sweep finds nothing new for this ticket: no doubled breach, no doubled notice.
    await sweeper.sweep();
    const again = await getTicket(ticket.id);
    expect(again.timeline.filter((e: { type: string }) => e.type === 'sla_breached')).toHaveLength(3);

    for (const user of [f.supervisor, f.agent]) {
      const res = await request(t.http).get('/api/notifications').set(as(user.id));
      expect(res.status).toBe(200);
      const mine = res.body.filter(
        (n: { ticketId: string; kind: string }) => n.ticketId === ticket.id && n.kind === 'sla_breached',
      );
      expect(mine).toHaveLength(3);
    }
    // Another agent, not assigned, is not notified.
    const other = await request(t.http).get('/api/notifications').set(as(f.otherAgent.id));
    expect(other.body.filter((n: { ticketId: string }) => n.ticketId === ticket.id)).toHaveLength(0);

    // Read: one notification, then the rest; only the agent's own, never the supervisor's.
    type Listed = { id: string; ticketId: string; readAt: string | null };
    const agentList = (await request(t.http).get('/api/notifications').set(as(f.agent.id))).body as Listed[];
    const [firstOne, ...rest] = agentList.filter((n) => n.ticketId === ticket.id);
    const supervisorOnes = (
      (await request(t.http).get('/api/notifications').set(as(f.supervisor.id))).body as Listed[]
    ).filter((n) => n.ticketId === ticket.id);
    const readOne = await request(t.http)
      .post('/api/notifications/read')
      .set(as(f.agent.id))
      .send({ ids: [firstOne.id, supervisorOnes[0].id] });
    expect(readOne.status).toBe(200);
    expect(readOne.body).toEqual({ read: 1 });
    const afterOne = (await request(t.http).get('/api/notifications').set(as(f.agent.id))).body as Listed[];
    expect(afterOne.find((n) => n.id === firstOne.id)?.readAt).toBeTruthy();
    expect(afterOne.filter((n) => rest.some((r) => r.id === n.id) && n.readAt === null)).toHaveLength(
      rest.length,
    );
    const readAll = await request(t.http).post('/api/notifications/read').set(as(f.agent.id)).send({});
    expect(readAll.body.read).toBeGreaterThanOrEqual(rest.length);
    const supervisorAfter = (
      (await request(t.http).get('/api/notifications').set(as(f.supervisor.id))).body as Listed[]
    ).filter((n) => n.ticketId === ticket.id);
    expect(supervisorAfter.every((n) => n.readAt === null)).toBe(true);
    const badIds = await request(t.http)
      .post('/api/notifications/read')
      .set(as(f.agent.id))
      .send({ ids: ['not-a-uuid'] });
    expect(badIds.status).toBe(400);
    expect(JSON.stringify(badIds.body)).toContain('ids');

    const listed = await request(t.http)
      .get('/api/tickets')
      .set(authHeaders(f.agent))
      .query({ sla: 'breached', limit: 200 });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(ticket.id);
    const bad = await request(t.http).get('/api/tickets').set(authHeaders(f.agent)).query({ sla: 'late' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('sla');
  });

  it('dates a breach at the due instant when the stop is recorded late, and keeps a stop in time as met', async () => {
    const ticket = await phoneTicket({
      malfunction: false,
      receivedAt: rome('2025-11-17T09:00:00').toISOString(),
    });
    const late = await request(t.http)
      .post(`/api/tickets/${ticket.id}/reply`)
      .set(as(f.agent.id))
      .send({
        via: 'phone',
        body: 'Richiamata la cittadina',
        answeredAt: rome('2025-11-18T09:00:00').toISOString(),
      });
    expect(late.status).toBe(200);
    // Taken in charge implicitly by the answer, 24 hours after receipt: both clocks late.
    expect(clock(late.body, 'SLA.7')).toMatchObject({
      state: 'breached',
      breachedAt: rome('2025-11-17T15:00:00').toISOString(),
    });
    expect(clock(late.body, 'SLA.6').state).toBe('breached');
  });

  it('marks many overdue clocks once each when two workers sweep at the same time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const ticket = await phoneTicket({ receivedAt: rome('2025-10-06T09:00:00').toISOString() });
      ids.push(ticket.id);
    }
    const second = await createTestWorker(t.config);
    try {
      const results = await Promise.all([sweeper.sweep(), second.get(SlaSweeperService).sweep()]);
      expect(results[0].breached + results[1].breached).toBeGreaterThanOrEqual(36);
    } finally {
      await second.close();
    }
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM ticket_event WHERE type = 'sla_breached' AND ticket_id = ANY($1)`,
      [ids],
    );
    expect(count).toBe(36);
    const [{ clocks }] = await t.dataSource.query(
      `SELECT count(*)::int AS clocks FROM sla_clock WHERE state = 'breached' AND ticket_id = ANY($1)`,
      [ids],
    );
    expect(clocks).toBe(36);
  });

  it("uses the ente's own calendar: its patron saint's day is not a business day", async () => {
    // A municipality whose patron saint falls on Monday 17 November (for the test's sake).
    await t.dataSource.query(`INSERT INTO business_calendar (code, name, spec) VALUES ($1, $2, $3)`, [
      'test-patrono',
      'Patrono di prova',
      {
        timeZone: 'Europe/Rome',
        week: {
          mon: [['08:00', '18:00']],
          tue: [['08:00', '18:00']],
          wed: [['08:00', '18:00']],
          thu: [['08:00', '18:00']],
          fri: [['08:00', '18:00']],
          sat: [],
          sun: [],
        },
        holidays: ['01-01', '2025-11-17'],
      },
    ]);
    const ente = await t.dataSource
      .getRepository(EnteEntity)
      .save({ code: 'PATRONO', name: 'Comune del Patrono', kind: 'comune', calendarCode: 'test-patrono' });
    const ticket = await phoneTicket({
      enteId: ente.id,
      receivedAt: rome('2025-11-14T17:30:00').toISOString(),
    });
    expect(clock(ticket, 'SLA.6').dueAt).toBe(rome('2025-11-18T08:30:00').toISOString());
    // SLA.8 keeps its own 24x7 calendar.
    expect(clock(ticket, 'SLA.8').dueAt).toBe(rome('2025-11-14T19:30:00').toISOString());
    const explained = (await request(t.http).get(`/api/tickets/${ticket.id}/sla`).set(authHeaders(f.agent)))
      .body;
    const sla6 = explained.find((c: { code: string }) => c.code === 'SLA.6');
    expect(sla6.closedDays).toContainEqual({ date: '2025-11-17', reason: 'holiday' });
  });

  it("starts a clock under the new ente's calendar when one change sets the ente and the difficulty", async () => {
    // The ente (and calendar) of the previous test; this ticket starts with the consortium's and no
    // difficulty, so no CED clock. Running clocks keep the calendar they started with.
    const [patrono] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM ente WHERE code = 'PATRONO'`,
    );
    const ticket = await phoneTicket({
      receivedAt: rome('2025-11-14T17:30:00').toISOString(),
      enteId: null,
    });
    expect(ticket.sla.map((c) => c.code)).not.toContain('CED');
    const changed = await request(t.http)
      .patch(`/api/tickets/${ticket.id}`)
      .set(authHeaders(f.agent))
      .send({ enteId: patrono!.id, difficulty: 'low', version: ticket.version })
      .expect(200);
    expect(clock(changed.body, 'SLA.6').dueAt).toBe(rome('2025-11-17T08:30:00').toISOString());
    const [ced] = await t.dataSource.query<{ calendar_code: string }[]>(
      `SELECT calendar_code FROM sla_clock WHERE ticket_id = $1 AND code = 'CED'`,
      [ticket.id],
    );
    expect(ced).toEqual({ calendar_code: 'test-patrono' });
  });

  it("keeps the ticket's next due instant at its nearest running clock through each action", async () => {
    const nextDue = async (id: string): Promise<string | null> => {
      const [row] = await t.dataSource.query<{ next_due_at: Date | null }[]>(
        `SELECT next_due_at FROM ticket WHERE id = $1`,
        [id],
      );
      return row.next_due_at?.toISOString() ?? null;
    };
    const nearest = (ticket: { sla: unknown[] }): string | null => {
      const running = (JSON.parse(JSON.stringify(ticket.sla)) as ClockView[])
        .filter((c) => c.state === 'running' && c.dueAt)
        .map((c) => c.dueAt!)
        .sort();
      return running[0] ?? null;
    };
    const created = await phoneTicket({ receivedAt: rome('2025-11-17T09:00:00').toISOString() });
    expect(await nextDue(created.id)).toBe(clock(created, 'SLA.6').dueAt);
    const actor = { id: f.agent.id };
    // Taking charge stops SLA.6: the next due instant moves on to the nearest clock still running.
    let ticket = await service.act(
      created.id,
      { type: 'take_charge', agentId: f.agent.id },
      actor,
      undefined,
      rome('2025-11-17T09:10:00'),
    );
    expect(nearest(ticket)).not.toBeNull();
    expect(nearest(ticket)).not.toBe(clock(created, 'SLA.6').dueAt);
    expect(await nextDue(created.id)).toBe(nearest(ticket));
    ticket = await service.act(
      created.id,
      { type: 'resolve', resolution: 'Portale ripristinato', notCompetent: false },
      actor,
      undefined,
      rome('2025-11-17T11:00:00'),
    );
    expect(await nextDue(created.id)).toBe(nearest(ticket));
  });

  it('sorts the queue by the nearest due clock', async () => {
    const soon = await phoneTicket({ receivedAt: new Date(Date.now() - 60_000).toISOString() });
    const res = await request(t.http)
      .get('/api/tickets')
      .set(authHeaders(f.agent))
      .query({ sort: 'due', status: 'new', limit: 200 });
    expect(res.status).toBe(200);
    const dues = res.body.items.map((i: { nextDueAt: string | null }) => i.nextDueAt);
    const defined = dues.filter((d: string | null) => d !== null);
    expect(defined).toEqual([...defined].sort());
    expect(res.body.items.map((i: { id: string }) => i.id)).toContain(soon.id);
  });
});
