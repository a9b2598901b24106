import { authHeaders, BasicFixtures, createBasicFixtures, createTestApp, TestApp } from '@app/testing';
import request from 'supertest';

/**
 * The queue's search box finds a ticket in any status by what an agent remembers of it: its number
 * (whole or the sequence alone), a piece of the subject, the requester's name, e-mail or phone, the
 * ente's name. And every column of the queue sorts both ways, paged without gaps.
 */
describe('searching and sorting every ticket (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  const ids: Record<string, string> = {};
  const numbers: Record<string, string> = {};

  async function create(key: string, body: Record<string, unknown>) {
    const res = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent.id))
      .send({ channel: 'phone', enteId: f.ente.id, ...body });
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    ids[key] = res.body.id;
    numbers[key] = res.body.number;
  }

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    await create('tari', {
      subject: 'Avviso TARI non visibile',
      requester: { name: 'Anna Bianchi', phone: '+39 055 7654321' },
      receivedAt: '2026-03-02T09:00:00Z',
    });
    await create('mensa', {
      subject: 'Iscrizione alla mensa scolastica',
      requester: { name: 'Giulio Verdi', email: 'giulio.verdi@example.it', phone: '333 1234567' },
      receivedAt: '2026-03-03T09:00:00Z',
      enteId: f.otherEnte.id,
    });
    await create('spid', {
      subject: 'Accesso con SPID',
      requester: { name: 'Zeno Abate', email: 'zeno@example.it', phone: '055 1112233' },
      receivedAt: '2026-03-04T09:00:00Z',
      channel: 'web',
    });
    // The one an agent looks for after the fact: resolved, out of every open view.
    const resolved = await request(t.http)
      .post(`/api/tickets/${ids.mensa}/resolve`)
      .set(authHeaders(f.agent.id))
      .send({ resolution: 'Iscrizione completata dal servizio scuola.' });
    expect(resolved.status).toBe(200);
  });
  afterAll(() => t?.close());

  const list = (query: Record<string, string | number>) =>
    request(t.http).get('/api/tickets').set(authHeaders(f.agent)).query(query);
  const found = async (query: Record<string, string | number>) => {
    const res = await list(query);
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ id: string }>).map((i) =>
      Object.keys(ids).find((k) => ids[k] === i.id),
    );
  };

  it('finds a resolved ticket by its whole number, its sequence alone or padded, and year-sequence', async () => {
    const whole = numbers.mensa;
    const [year, sequence] = whole.split('-');
    const short = String(Number(sequence));
    for (const q of [whole, sequence, short, `${year}-${short}`]) {
      expect({ q, found: await found({ q }) }).toEqual({ q, found: ['mensa'] });
    }
  });

  it.each([
    ['a piece of the subject', 'scolast'],
    ["the requester's name", 'giulio verdi'],
    ["the requester's surname", 'Verdi'],
    ["the requester's e-mail", 'giulio.verdi@example'],
    ["the requester's phone in another spelling", '+39 333-123.4567'],
    ["the ente's name", 'fiesole'],
  ])('finds a resolved ticket by %s', async (_what, q) => {
    expect(await found({ q })).toEqual(['mensa']);
  });

  it('keeps the other filters: a status filter narrows the search', async () => {
    expect(await found({ q: 'example.it' })).toEqual(['spid', 'mensa']);
    expect(await found({ q: 'example.it', status: 'new,open,waiting' })).toEqual(['spid']);
  });

  it('takes a % or _ in the search literally', async () => {
    expect(await found({ q: '%' })).toEqual([]);
    expect(await found({ q: '_' })).toEqual([]);
  });

  // Ties (same ente, same channel, same status) fall back on the id: only the untied ends are fixed.
  it.each([
    ['requester', ['tari', 'mensa', 'spid']],
    ['-requester', ['spid', 'mensa', 'tari']],
    ['subject', ['spid', 'tari', 'mensa']],
    ['-subject', ['mensa', 'tari', 'spid']],
    ['number', ['tari', 'mensa', 'spid']],
    ['-number', ['spid', 'mensa', 'tari']],
    ['ente', ['mensa', '*', '*']],
    ['-ente', ['*', '*', 'mensa']],
    ['status', ['*', '*', 'mensa']],
    ['-status', ['mensa', '*', '*']],
    ['channel', ['*', '*', 'spid']],
    ['-channel', ['spid', '*', '*']],
  ])('sorts by %s and pages it one by one without gaps', async (sort, expected) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await list({ sort, limit: 1, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i: { id: string }) => Object.keys(ids).find((k) => ids[k] === i.id)));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen)).toEqual(new Set(['tari', 'mensa', 'spid']));
    expect(seen.map((key, i) => (expected[i] === '*' ? '*' : key))).toEqual(expected);
  });
});
