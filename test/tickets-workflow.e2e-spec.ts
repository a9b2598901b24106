import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  TestApp,
} from '@app/testing';
import request from 'supertest';

describe('phone intake and the agent workflow (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  const as = (userId: string) => authHeaders(userId);

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
  });
  afterAll(() => t?.close());

  async function phoneTicket(overrides: Record<string, unknown> = {}) {
    const res = await request(t.http)
      .post('/api/tickets')
      .set(as(f.agent.id))
      .send({
        channel: 'phone',
        requester: { name: 'Mario Rossi', phone: '+39 055 1234567', email: 'mario.rossi@example.it' },
        enteId: f.ente.id,
        categoryId: f.category.id,
        subject: 'Pagamento della mensa scolastica non registrato',
        description: 'Il cittadino ha pagato la retta ma il portale la mostra ancora da pagare.',
        malfunction: true,
        ...overrides,
      });
    expect(res.status).toBe(201);
    return res.body;
  }

  const act = (id: string, action: string, body: Record<string, unknown> = {}, userId = f.agent.id) =>
    request(t.http).post(`/api/tickets/${id}/${action}`).set(as(userId)).send(body);

  it('registers a phone call as a new ticket with a yearly number and the call in its timeline', async () => {
    const ticket = await phoneTicket();
    expect(ticket.number).toMatch(/^\d{4}-\d{6}$/);
    expect(ticket).toMatchObject({
      channel: 'phone',
      status: 'new',
      malfunction: true,
      ente: { id: f.ente.id },
      category: { id: f.category.id },
      requester: { name: 'Mario Rossi', phone: '+39 055 1234567', email: 'mario.rossi@example.it' },
      assignee: null,
      version: 1,
    });
    expect(ticket.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'message']);
    expect(ticket.timeline[1]).toMatchObject({
      payload: { direction: 'in', via: 'phone' },
      actor: { id: f.agent.id },
    });
  });

  it('numbers tickets sequentially within the year and matches a returning caller to the same contact', async () => {
    const a = await phoneTicket({ receivedAt: '2025-03-10T09:00:00Z' });
    const b = await phoneTicket({
      receivedAt: '2025-03-10T10:00:00Z',
      requester: { name: 'M. Rossi', phone: '055 1234567' },
    });
    expect(a.number).toBe('2025-000001');
    expect(b.number).toBe('2025-000002');
    expect(b.requester.id).toBe(a.requester.id);
  });

  it('numbers by the Rome calendar year: a call at 00:30 on 1 January belongs to the new year', async () => {
    const ticket = await phoneTicket({ receivedAt: '2023-12-31T23:30:00Z' });
    expect(ticket.number).toBe('2024-000001');
  });

  it('walks a ticket through take charge, answer, wait, resume, resolve and reopen, each step in the timeline', async () => {
    const created = await phoneTicket();
    const taken = await act(created.id, 'take-charge', { version: 1 });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ status: 'open', assignee: { id: f.agent.id }, version: 2 });
    expect(taken.body.takenInChargeAt).not.toBeNull();

    const started = await act(created.id, 'start-intervention', { note: 'Verifica sul nodo pagamenti' });
    expect(started.body.interventionStartedAt).not.toBeNull();

    const answered = await act(created.id, 'reply', {
      via: 'phone',
      body: 'Richiamato il cittadino: verifica in corso.',
    });
    expect(answered.status).toBe(200);
    expect(answered.body.firstAnsweredAt).not.toBeNull();

    expect(
      (await act(created.id, 'wait', { reason: 'Attendiamo la ricevuta dal cittadino' })).body.status,
    ).toBe('waiting');
    expect((await act(created.id, 'notes', { body: 'Ricevuta arrivata via PEC' })).status).toBe(200);
    expect((await act(created.id, 'resume')).body.status).toBe('open');

    const resolved = await act(created.id, 'resolve', { resolution: 'Pagamento riconciliato a mano.' });
    expect(resolved.body).toMatchObject({ status: 'resolved', redirectedTo: null });
    expect(resolved.body.resolvedAt).not.toBeNull();

    const reopened = await act(created.id, 'reopen', { reason: 'Il cittadino segnala un secondo addebito' });
    expect(reopened.body).toMatchObject({ status: 'open', resolvedAt: null });

    const notCompetent = await act(created.id, 'resolve', {
      resolution: 'Il secondo addebito è della banca del cittadino.',
      notCompetent: true,
      redirectedTo: 'Banca del cittadino',
    });
    expect(notCompetent.body).toMatchObject({
      status: 'resolved_not_competent',
      redirectedTo: 'Banca del cittadino',
    });

    const detail = await request(t.http).get(`/api/tickets/${created.id}`).set(authHeaders(f.agent));
    type Entry = { type: string; payload: { to?: string; code?: string }; actor: { id: string } | null };
    // The SLA engine's verdicts are system entries of their own; the agent's steps are the rest.
    const timeline: Entry[] = detail.body.timeline;
    const slaEntries = timeline.filter((e) => e.type.startsWith('sla_'));
    expect(slaEntries.map((e) => `${e.type}:${e.payload.code}`)).toEqual([
      'sla_met:SLA.6',
      'sla_met:SLA.8',
      'sla_met:SLA.7',
    ]);
    expect(slaEntries.every((e) => e.actor === null)).toBe(true);
    const steps = timeline.filter((e) => !e.type.startsWith('sla_'));
    const kinds = steps.map((e) => (e.type === 'status_changed' ? `status:${e.payload.to}` : e.type));
    expect(kinds).toEqual([
      'created',
      'message',
      'taken_in_charge',
      'status:open',
      'intervention_started',
      'message',
      'status:waiting',
      'note',
      'status:open',
      'status:resolved',
      'status:open',
      'status:resolved_not_competent',
    ]);
    expect(steps.every((e) => e.actor?.id === f.agent.id)).toBe(true);
  });

  it.each([
    ['take-charge on an open ticket', 'open', 'take-charge', {}],
    ['resume when not waiting', 'open', 'resume', {}],
    ['wait on a new ticket', 'new', 'wait', {}],
    ['reopen an open ticket', 'open', 'reopen', { reason: 'di nuovo' }],
    ['resolve twice', 'resolved', 'resolve', { resolution: 'di nuovo' }],
    ['reply to a resolved ticket', 'resolved', 'reply', { via: 'phone', body: 'ciao' }],
    ['take-charge of a resolved ticket', 'resolved', 'take-charge', {}],
  ])('answers 409 saying why: %s', async (_name, state, action, body) => {
    const ticket = await phoneTicket();
    if (state !== 'new') await act(ticket.id, 'take-charge');
    if (state === 'resolved') await act(ticket.id, 'resolve', { resolution: 'fatto' });
    const before = await request(t.http).get(`/api/tickets/${ticket.id}`).set(authHeaders(f.agent));
    const res = await act(ticket.id, action, body);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/stato attuale/);
    const after = await request(t.http).get(`/api/tickets/${ticket.id}`).set(authHeaders(f.agent));
    expect(after.body.version).toBe(before.body.version);
    expect(after.body.timeline).toHaveLength(before.body.timeline.length);
  });

  it.each([
    ['missing subject', { subject: undefined }, 'subject'],
    ['email channel', { channel: 'email' }, 'channel'],
    ['bad ente id', { enteId: 'nope' }, 'enteId'],
    ['unknown ente', { enteId: '7a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d' }, 'enteId'],
    ['bad phone', { requester: { name: 'Mario', phone: 'call me' } }, 'requester.phone'],
    ['no requester', { requester: undefined }, 'requester'],
    ['future receivedAt', { receivedAt: new Date(Date.now() + 3_600_000).toISOString() }, 'receivedAt'],
    ['malfunction not boolean', { malfunction: 'yes' }, 'malfunction'],
    ['unknown field', { priority: 'high' }, 'priority'],
  ])('answers 400 naming the field: %s', async (_name, overrides, field) => {
    const body: Record<string, unknown> = {
      channel: 'phone',
      requester: { name: 'Mario Rossi', phone: '+39 055 1234567' },
      enteId: f.ente.id,
      subject: 'Portale non raggiungibile',
      ...overrides,
    };
    const res = await request(t.http).post('/api/tickets').set(as(f.agent.id)).send(body);
    expect(res.status).toBe(400);
    expect(res.body.fields.map((p: { field: string }) => p.field)).toContain(field);
  });

  it.each([
    ['resolve without resolution', 'resolve', {}, 'resolution'],
    [
      'not competent without where',
      'resolve',
      { resolution: 'non nostro', notCompetent: true },
      'redirectedTo',
    ],
    ['reply with a bad channel', 'reply', { via: 'fax', body: 'x' }, 'via'],
    ['reply without body', 'reply', { via: 'phone' }, 'body'],
    [
      'take charge for an unknown agent',
      'take-charge',
      { agentId: '7a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d' },
      'agentId',
    ],
    ['reopen without reason', 'reopen', {}, 'reason'],
  ])('answers 400 naming the field on actions: %s', async (_name, action, body, field) => {
    const ticket = await phoneTicket();
    const res = await act(ticket.id, action, body);
    expect(res.status).toBe(400);
    expect(res.body.fields.map((p: { field: string }) => p.field)).toContain(field);
  });

  it('refuses actions without a valid session (401), without the CSRF token (403), and unknown tickets (404)', async () => {
    const ticket = await phoneTicket();
    const takeCharge = () => request(t.http).post(`/api/tickets/${ticket.id}/take-charge`);
    expect((await takeCharge().send({})).status).toBe(401);
    expect((await takeCharge().set({ Cookie: 'hd_session=forged' }).send({})).status).toBe(401);
    // A valid session cookie alone (a cross-site form post) is not enough to change anything.
    const { Cookie } = authHeaders(f.agent);
    const noCsrf = await takeCharge().set({ Cookie }).send({});
    expect(noCsrf.status).toBe(403);
    expect((await takeCharge().set({ Cookie, 'X-CSRF-Token': 'wrong' }).send({})).status).toBe(403);
    // A deactivated user's session ends at once.
    const leaver = await createUser(t.dataSource, 'agent', 'Ex Operatore');
    await t.dataSource.query(`UPDATE app_user SET active = false WHERE id = $1`, [leaver.id]);
    expect((await takeCharge().set(authHeaders(leaver)).send({})).status).toBe(401);
    const unknown = await request(t.http)
      .post('/api/tickets/7a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d/take-charge')
      .set(authHeaders(f.agent))
      .send({});
    expect(unknown.status).toBe(404);
    expect((await request(t.http).get('/api/tickets/not-a-uuid').set(authHeaders(f.agent))).status).toBe(400);
  });

  it('refuses to give a ticket to a deactivated agent, while an agent still takes charge alone', async () => {
    const gone = await createUser(t.dataSource, 'agent', 'Operatore Cessato');
    await t.dataSource.query(`UPDATE app_user SET active = false WHERE id = $1`, [gone.id]);
    const ticket = await phoneTicket();
    const refused = await act(ticket.id, 'take-charge', { agentId: gone.id }, f.supervisor.id);
    expect(refused.status).toBe(400);
    expect(refused.body.fields.map((p: { field: string }) => p.field)).toEqual(['agentId']);
    const taken = await act(ticket.id, 'take-charge', {}, f.otherAgent.id);
    expect(taken.body.assignee.id).toBe(f.otherAgent.id);
  });

  it('takes charge for another agent, assigns, and patches ente, category, difficulty and subject with a version check', async () => {
    const ticket = await phoneTicket();
    const taken = await act(ticket.id, 'take-charge', { agentId: f.otherAgent.id }, f.supervisor.id);
    expect(taken.body.assignee.id).toBe(f.otherAgent.id);
    const assigned = await act(ticket.id, 'assign', { assigneeId: f.agent.id }, f.supervisor.id);
    expect(assigned.body.assignee.id).toBe(f.agent.id);

    const patched = await request(t.http).patch(`/api/tickets/${ticket.id}`).set(as(f.agent.id)).send({
      version: assigned.body.version,
      enteId: f.otherEnte.id,
      difficulty: 'medium_high',
      subject: 'Mensa: doppio addebito',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      ente: { id: f.otherEnte.id },
      difficulty: 'medium_high',
      subject: 'Mensa: doppio addebito',
    });
    const changes = patched.body.timeline.filter((e: { type: string }) => e.type === 'field_changed');
    expect(changes.map((e: { payload: { field: string } }) => e.payload.field).sort()).toEqual([
      'difficulty',
      'enteId',
      'subject',
    ]);

    const stale = await request(t.http)
      .patch(`/api/tickets/${ticket.id}`)
      .set(as(f.agent.id))
      .send({ version: assigned.body.version, difficulty: 'low' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect(
      (await request(t.http).get(`/api/tickets/${ticket.id}`).set(authHeaders(f.agent))).body.difficulty,
    ).toBe('medium_high');

    const missingVersion = await request(t.http)
      .patch(`/api/tickets/${ticket.id}`)
      .set(as(f.agent.id))
      .send({ difficulty: 'low' });
    expect(missingVersion.status).toBe(400);
    expect(missingVersion.body.fields[0].field).toBe('version');
  });

  it('two agents taking charge at the same instant: exactly one wins, the other gets 409', async () => {
    for (let round = 0; round < 5; round++) {
      const ticket = await phoneTicket();
      const results = await Promise.all([
        act(ticket.id, 'take-charge', {}, f.agent.id),
        act(ticket.id, 'take-charge', {}, f.otherAgent.id),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!;
      const detail = await request(t.http).get(`/api/tickets/${ticket.id}`).set(authHeaders(f.agent));
      expect(detail.body.assignee.id).toBe(winner.body.assignee.id);
      expect(detail.body.timeline.filter((e: { type: string }) => e.type === 'taken_in_charge')).toHaveLength(
        1,
      );
    }
  });

  it('refuses to rewrite the timeline, even from SQL', async () => {
    const ticket = await phoneTicket();
    await expect(
      t.dataSource.query(`UPDATE ticket_event SET body = 'x' WHERE ticket_id = $1`, [ticket.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.dataSource.query(`DELETE FROM ticket_event WHERE ticket_id = $1`, [ticket.id]),
    ).rejects.toThrow(/append-only/);
  });
});
