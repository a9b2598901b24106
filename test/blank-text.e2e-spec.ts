import { authHeaders, BasicFixtures, createBasicFixtures, createTestApp, TestApp } from '@app/testing';
import request from 'supertest';

/**
 * Issue 16.8: an answer, a note, a resolution or a reason of only spaces says nothing, yet it
 * stopped SLA clocks (SLA.7 "met" for an empty phone answer). The api refuses them, naming the field.
 */
describe('blank texts (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
  });
  afterAll(() => t?.close());

  const act = (id: string, action: string, body: Record<string, unknown>) =>
    request(t.http).post(`/api/tickets/${id}/${action}`).set(authHeaders(f.agent)).send(body);

  it('refuses answers, notes, resolutions and reopen reasons of only spaces with a 400 naming the field; the clocks keep running', async () => {
    const created = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({ channel: 'phone', subject: 'Rete lenta', requester: { name: 'Ada Bo', phone: '055 111' } })
      .expect(201);
    const id = created.body.id as string;
    const blanks = ['   ', '\n\t \n', '\u00a0\u200b\u2003'];
    const cases: [string, Record<string, unknown>, string][] = [];
    for (const blank of blanks) {
      cases.push(
        ['reply', { via: 'phone', body: blank }, 'body'],
        ['notes', { body: blank }, 'body'],
        ['resolve', { resolution: blank }, 'resolution'],
        ['resolve', { resolution: 'Inoltrato', notCompetent: true, redirectedTo: blank }, 'redirectedTo'],
      );
    }
    for (const [action, body, field] of cases) {
      const res = await act(id, action, body);
      expect({ action, body, status: res.status }).toEqual({ action, body, status: 400 });
      expect(res.body.fields).toEqual([
        { field, code: 'notBlank', reason: expect.stringMatching(/must not be blank/) },
      ]);
    }
    const clocks = (await request(t.http).get(`/api/tickets/${id}/sla`).set(authHeaders(f.agent))).body as {
      state: string;
    }[];
    expect(clocks.every((c) => c.state === 'running')).toBe(true);
    const ticket = (await request(t.http).get(`/api/tickets/${id}`).set(authHeaders(f.agent))).body;
    expect(ticket).toMatchObject({ status: 'new', firstAnsweredAt: null });

    // Text with spaces around it is fine; a resolved ticket cannot be reopened with a blank reason.
    await act(id, 'reply', { via: 'phone', body: '  Riavviato il router.  ' }).expect(200);
    await act(id, 'resolve', { resolution: 'Router riavviato' }).expect((r) =>
      expect(r.status).toBeLessThan(300),
    );
    const reopen = await act(id, 'reopen', { reason: '     ' }).expect(400);
    expect(reopen.body.fields).toEqual([
      { field: 'reason', code: 'notBlank', reason: expect.stringMatching(/must not be blank/) },
    ]);
  });
});
