import { randomUUID } from 'node:crypto';

import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  TestApp,
} from '@app/testing';
import { UserEntity } from '@app/tickets';
import request from 'supertest';

/** Issue 14, point 15: Idempotency-Key on creating routes, per user, for 24 hours. */
describe('Idempotency-Key (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
  });
  afterAll(() => t?.close());

  const call = (subject: string) => ({
    channel: 'phone',
    requester: { name: 'Mario Rossi', phone: '+39 055 1234567' },
    enteId: f.ente.id,
    subject,
  });
  const create = (body: Record<string, unknown>, key?: string, user: UserEntity = f.agent) => {
    const req = request(t.http).post('/api/tickets').set(authHeaders(user));
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const countSubject = async (subject: string) =>
    Number(
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM ticket WHERE subject = $1`, [subject]))[0].n,
    );

  it('answers a repeated ticket creation with the first answer and writes nothing more', async () => {
    const key = randomUUID();
    const first = await create(call('Chiave ripetuta'), key);
    expect(first.status).toBe(201);
    const again = await create(call('Chiave ripetuta'), key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await countSubject('Chiave ripetuta')).toBe(1);
    // Without a key nothing changes: two requests, two tickets.
    await create(call('Senza chiave'));
    await create(call('Senza chiave'));
    expect(await countSubject('Senza chiave')).toBe(2);
  });

  it('refuses the same key with another body (422), keeps keys per user, and takes a malformed key as a 400', async () => {
    const key = randomUUID();
    expect((await create(call('Primo corpo'), key)).status).toBe(201);
    const other = await create(call('Secondo corpo'), key);
    expect(other.status).toBe(422);
    expect(await countSubject('Secondo corpo')).toBe(0);
    // Another user's key is another key.
    expect((await create(call('Primo corpo'), key, f.otherAgent)).status).toBe(201);
    expect(await countSubject('Primo corpo')).toBe(2);
    const bad = await create(call('Chiave sbagliata'), 'x'.repeat(201));
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('Idempotency-Key');
  });

  it('answers 409 while the first request with the key is still running', async () => {
    const key = randomUUID();
    // Another api process holds the key right now (its lease runs).
    await create(call('In corso'), key).expect(201);
    await t.dataSource.query(
      `UPDATE idempotency_key SET status = NULL, body = NULL, committed_at = NULL, lease_until = now() + interval '1 minute'
        WHERE key = $1`,
      [key],
    );
    const busy = await create(call('In corso'), key);
    expect(busy.status).toBe(409);
    expect(busy.body.reason).toBe('idempotency_in_flight');
    // Two at once with a fresh key: one ticket whatever the interleaving.
    const twin = randomUUID();
    const answers = await Promise.all([create(call('Gemelli'), twin), create(call('Gemelli'), twin)]);
    expect(answers.map((a) => a.status).sort()).toEqual(
      answers.some((a) => a.status === 409) ? [201, 409] : [201, 201],
    );
    expect(await countSubject('Gemelli')).toBe(1);
  });

  it('answers a retry whose first answer was lost after the commit with the ticket, without a second one', async () => {
    const key = randomUUID();
    const first = await create(call('Risposta persa'), key);
    expect(first.status).toBe(201);
    // What a 503 after the commit leaves: the key committed with the write, no stored answer.
    await t.dataSource.query(`UPDATE idempotency_key SET status = NULL, body = NULL WHERE key = $1`, [key]);
    const [row] = await t.dataSource.query(
      `SELECT committed_at, resource FROM idempotency_key WHERE key = $1`,
      [key],
    );
    expect(row.committed_at).not.toBeNull();
    expect(row.resource).toEqual({ type: 'ticket', id: first.body.id });
    const retry = await create(call('Risposta persa'), key);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(await countSubject('Risposta persa')).toBe(1);
  });

  it('runs again a request whose first attempt failed without writing, and expires keys after 24 hours', async () => {
    const key = randomUUID();
    const refused = await create({ ...call('Ente inesistente'), enteId: randomUUID() }, key);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const ente = await create({ ...call('Ente inesistente'), enteId: randomUUID() }, key);
    expect(ente.status).toBe(refused.status); // ran again (nothing stored), not a replay
    const old = randomUUID();
    expect((await create(call('Chiave scaduta'), old)).status).toBe(201);
    await t.dataSource.query(
      `UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE key = $1`,
      [old],
    );
    expect((await create(call('Chiave scaduta'), old)).status).toBe(201);
    expect(await countSubject('Chiave scaduta')).toBe(2);
  });

  it('covers notes and outages too, and never stores a new API token', async () => {
    const ticket = await create(call('Note ripetute'));
    const key = randomUUID();
    const note = () =>
      request(t.http)
        .post(`/api/tickets/${ticket.body.id}/notes`)
        .set(authHeaders(f.agent))
        .set('Idempotency-Key', key)
        .send({ body: 'Richiamare domani' });
    expect((await note()).status).toBe(200);
    expect((await note()).status).toBe(200);
    const [notes] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM ticket_event WHERE ticket_id = $1 AND type = 'note'`,
      [ticket.body.id],
    );
    expect(notes.n).toBe(1);
    const outage = () =>
      request(t.http)
        .post('/api/outages')
        .set(authHeaders(f.agent))
        .set('Idempotency-Key', key) // the same key string: another route, another body
        .send({
          title: 'Posta lenta',
          services: ['Posta'],
          enteIds: [f.ente.id],
          startedAt: new Date().toISOString(),
        });
    expect((await outage()).status).toBe(422);
    const outageKey = randomUUID();
    const first = await request(t.http)
      .post('/api/outages')
      .set(authHeaders(f.agent))
      .set('Idempotency-Key', outageKey)
      .send({
        title: 'Posta lenta',
        services: ['Posta'],
        enteIds: [f.ente.id],
        startedAt: '2026-11-20T10:00:00Z',
      });
    expect(first.status).toBe(201);
    const second = await request(t.http)
      .post('/api/outages')
      .set(authHeaders(f.agent))
      .set('Idempotency-Key', outageKey)
      .send({
        title: 'Posta lenta',
        services: ['Posta'],
        enteIds: [f.ente.id],
        startedAt: '2026-11-20T10:00:00Z',
      });
    expect(second.body.id).toBe(first.body.id);
    const [outages] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM outage WHERE title = 'Posta lenta'`,
    );
    expect(outages.n).toBe(1);
    const tokenKey = randomUUID();
    const token = await request(t.http)
      .post('/api/admin/tokens')
      .set(authHeaders(admin))
      .set('Idempotency-Key', tokenKey)
      .send({ name: 'Nagios', scopes: ['monitoring'] });
    expect(token.status).toBe(201);
    expect(await t.dataSource.query(`SELECT 1 FROM idempotency_key WHERE key = $1`, [tokenKey])).toEqual([]);
  });
});

describe('Idempotency-Key in the OpenAPI contract (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('documents the header on the POSTs that need a sign-in, not on sign-in', async () => {
    const doc = (await request(t.http).get('/api/docs-json')).body;
    const names = (path: string) =>
      (doc.paths[path].post.parameters ?? []).map((p: { name: string; in: string }) => `${p.in} ${p.name}`);
    expect(names('/api/tickets')).toContain('header Idempotency-Key');
    expect(names('/api/tickets/{id}/notes')).toContain('header Idempotency-Key');
    expect(names('/api/auth/login')).not.toContain('header Idempotency-Key');
  });
});
