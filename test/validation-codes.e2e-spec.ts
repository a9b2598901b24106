import { authHeaders, BasicFixtures, createBasicFixtures, createTestApp, TestApp } from '@app/testing';
import request from 'supertest';

interface Problem {
  field: string;
  reason: string;
  code?: string;
  params?: Record<string, unknown>;
}

/**
 * A refused form says what is wrong in a way the UI can translate (issue 16.12): each field's
 * problem carries a stable code and the rule's figures, beside the bilingual reason. And a call
 * logged afterwards may be dated back within the configured window, never ahead (issue 16.18).
 */
describe('validation problems with codes, and the call time of a late-logged call (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;

  // The production default of the backdating window (the test apps lift it for their fixtures).
  beforeAll(async () => {
    t = await createTestApp({ INTAKE_BACKDATE_HOURS: undefined });
    f = await createBasicFixtures(t.dataSource);
  });
  afterAll(() => t?.close());

  const intake = (body: Record<string, unknown>) =>
    request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        subject: 'Stampante ferma',
        requester: { name: 'Ugo Bassi', phone: '055 2223344' },
        ...body,
      });
  const problems = (body: { fields?: Problem[] }) =>
    (body.fields ?? []).map(({ field, code, params }) => ({ field, code, ...(params ? { params } : {}) }));

  it('names each problem with a code and the figures of its rule', async () => {
    const res = await intake({
      subject: 'x'.repeat(301),
      requester: { name: 'U', phone: 'chiamami' },
      colour: 'blu',
    });
    expect(res.status).toBe(400);
    expect(problems(res.body)).toEqual(
      expect.arrayContaining([
        { field: 'colour', code: 'unknownField' },
        { field: 'subject', code: 'maxLength', params: { max: 300 } },
        { field: 'requester.name', code: 'minLength', params: { min: 2 } },
        { field: 'requester.phone', code: 'phone' },
      ]),
    );
    // The reason stays for people reading the api's answer.
    expect(res.body.fields.every((p: Problem) => p.reason.length > 0)).toBe(true);
  });

  it('names a blank answer and a bad path id by code', async () => {
    const ticket = (await intake({}).expect(201)).body as { id: string };
    const blank = await request(t.http)
      .post(`/api/tickets/${ticket.id}/reply`)
      .set(authHeaders(f.agent))
      .send({ body: '   ' });
    expect(blank.status).toBe(400);
    expect(problems(blank.body)).toContainEqual({ field: 'body', code: 'notBlank' });
    const badId = await request(t.http).get('/api/tickets/308').set(authHeaders(f.agent));
    expect(badId.status).toBe(400);
    expect(problems(badId.body)).toEqual([{ field: 'id', code: 'isUuid' }]);
  });

  it('tells the intake form how far back a call may be dated', async () => {
    const res = await request(t.http).get('/api/settings/intake').set(authHeaders(f.agent));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ backdateHours: 168 });
    await request(t.http).get('/api/settings/intake').expect(401);
  });

  it('dates a late-logged call back within the window: its clocks start when the citizen called', async () => {
    const calledAt = new Date(Date.now() - 3 * 86_400_000);
    calledAt.setUTCMilliseconds(0);
    const res = await intake({ receivedAt: calledAt.toISOString() });
    expect(res.status).toBe(201);
    expect(new Date(res.body.receivedAt).toISOString()).toBe(calledAt.toISOString());
    const clocks = (await request(t.http).get(`/api/tickets/${res.body.id}/sla`).set(authHeaders(f.agent)))
      .body as Array<{ startedAt: string }>;
    expect(clocks.length).toBeGreaterThan(0);
    for (const clock of clocks) expect(new Date(clock.startedAt).getTime()).toBe(calledAt.getTime());
  });

  it.each([
    ['eight days ago', -8 * 86_400_000, { field: 'receivedAt', code: 'tooOld', params: { hours: 168 } }],
    ['in an hour', 3_600_000, { field: 'receivedAt', code: 'future' }],
  ])('refuses a call time %s, naming the rule', async (_when, offset, problem) => {
    const res = await intake({ receivedAt: new Date(Date.now() + offset).toISOString() });
    expect(res.status).toBe(400);
    expect(problems(res.body)).toEqual([problem]);
  });
});
