import { authHeaders, BasicFixtures, createBasicFixtures, createTestApp, TestApp } from '@app/testing';
import request from 'supertest';

describe('finding tickets again (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  const ids: Record<string, string> = {};

  async function create(key: string, body: Record<string, unknown>) {
    const res = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent.id))
      .send({
        channel: 'phone',
        requester: { name: 'Anna Bianchi', phone: '+39 055 7654321' },
        enteId: f.ente.id,
        ...body,
      });
    expect(res.status).toBe(201);
    ids[key] = res.body.id;
    return res.body;
  }

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    await create('tari', { subject: 'Avviso TARI non visibile', receivedAt: '2026-03-02T09:00:00Z' });
    await create('mensa', {
      subject: 'Iscrizione alla mensa',
      description: 'I pagamenti delle rette scolastiche risultano bloccati',
      receivedAt: '2026-03-03T09:00:00Z',
      enteId: f.otherEnte.id,
    });
    await create('spid', { subject: 'Accesso con SPID', receivedAt: '2026-03-04T09:00:00Z', channel: 'web' });
    await create('cns', { subject: 'Errore CNS', receivedAt: '2026-03-05T09:00:00Z' });
    await request(t.http)
      .post(`/api/tickets/${ids.cns}/take-charge`)
      .set(authHeaders(f.otherAgent.id))
      .send({});
    await request(t.http)
      .post(`/api/tickets/${ids.spid}/notes`)
      .set(authHeaders(f.agent.id))
      .send({ body: 'Il certificato del fornitore di identità è scaduto' });
  });
  afterAll(() => t?.close());

  const list = (query: Record<string, string | number>) =>
    request(t.http).get('/api/tickets').set(authHeaders(f.agent)).query(query);
  const keys = (items: Array<{ id: string }>) =>
    items.map((i) => Object.keys(ids).find((k) => ids[k] === i.id));

  it('sorts by receipt, newest first by default', async () => {
    const res = await list({});
    expect(keys(res.body.items)).toEqual(['cns', 'spid', 'mensa', 'tari']);
  });

  it.each([
    [{ status: 'open' }, ['cns']],
    [{ status: 'new,open' }, ['cns', 'spid', 'mensa', 'tari']],
    [{ channel: 'web' }, ['spid']],
    [{ assigneeId: 'OTHER' }, ['cns']],
    [{ unassigned: 'true' }, ['spid', 'mensa', 'tari']],
    [{ enteId: 'OTHER_ENTE' }, ['mensa']],
    [{ receivedFrom: '2026-03-03T00:00:00Z', receivedTo: '2026-03-05T00:00:00Z' }, ['spid', 'mensa']],
    [{ sort: 'received' }, ['tari', 'mensa', 'spid', 'cns']],
  ])('filters %j', async (query, expected) => {
    const resolved = Object.fromEntries(
      Object.entries(query).map(([k, v]) => [
        k,
        v === 'OTHER' ? f.otherAgent.id : v === 'OTHER_ENTE' ? f.otherEnte.id : v,
      ]),
    );
    const res = await list(resolved);
    expect(res.status).toBe(200);
    expect(keys(res.body.items)).toEqual(expected);
  });

  it('searches subject, description and messages in Italian, with stemming', async () => {
    // "pagamento" finds "pagamenti" in a description; "certificati" finds "certificato" in a note.
    expect(keys((await list({ q: 'pagamento' })).body.items)).toEqual(['mensa']);
    expect(keys((await list({ q: 'certificati scaduti' })).body.items)).toEqual(['spid']);
    expect(keys((await list({ q: 'inesistente' })).body.items)).toEqual([]);
  });

  it('finds a ticket by its number', async () => {
    const detail = await request(t.http).get(`/api/tickets/${ids.mensa}`).set(authHeaders(f.agent));
    expect(keys((await list({ q: detail.body.number })).body.items)).toEqual(['mensa']);
  });

  it('pages with a cursor without gaps or repeats', async () => {
    const first = await list({ limit: 3 });
    expect(first.body.items).toHaveLength(3);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await list({ limit: 3, cursor: first.body.nextCursor });
    expect(keys([...first.body.items, ...second.body.items])).toEqual(['cns', 'spid', 'mensa', 'tari']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('pages the due-first sort, where tickets without a clock come last', async () => {
    const first = await list({ sort: 'due', limit: 2 });
    const second = await list({ sort: 'due', limit: 2, cursor: first.body.nextCursor });
    expect(new Set(keys([...first.body.items, ...second.body.items]))).toEqual(
      new Set(['cns', 'spid', 'mensa', 'tari']),
    );
  });

  it.each([
    [{ status: 'closed' }, 'status'],
    [{ limit: 0 }, 'limit'],
    [{ limit: 1000 }, 'limit'],
    [{ sort: 'priority' }, 'sort'],
    [{ cursor: 'garbage' }, 'cursor'],
    [{ receivedFrom: 'yesterday' }, 'receivedFrom'],
  ])('answers 400 naming the bad parameter %j', async (query, field) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.body.fields.map((p: { field: string }) => p.field)).toContain(field);
  });

  it('lists entes, categories, agents and finds contacts by phone digits for intake', async () => {
    expect(
      (await request(t.http).get('/api/entes').set(authHeaders(f.agent))).body.map(
        (e: { code: string }) => e.code,
      ),
    ).toEqual(['FIESOLE', 'PONTASSIEVE']);
    expect((await request(t.http).get('/api/categories').set(authHeaders(f.agent))).body).toHaveLength(1);
    expect((await request(t.http).get('/api/users?role=agent').set(authHeaders(f.agent))).body).toHaveLength(
      2,
    );
    const contacts = await request(t.http)
      .get('/api/contacts')
      .set(authHeaders(f.agent))
      .query({ q: '7654' });
    expect(contacts.body.map((c: { name: string }) => c.name)).toEqual(['Anna Bianchi']);
  });

  it('reports health of the database and the queue', async () => {
    const res = await request(t.http).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      database: { ok: true },
      queue: { ok: true, driver: 'in-process' },
    });
  });
});
