import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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

const rome = (local: string) => new Date(`${local}+01:00`);
const weekdays = {
  mon: [['08:00', '18:00']],
  tue: [['08:00', '18:00']],
  wed: [['08:00', '18:00']],
  thu: [['08:00', '18:00']],
  fri: [['08:00', '18:00']],
  sat: [],
  sun: [],
};

describe('admins edit calendars and publish SLA policy versions (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  const as = (user: { id: string }) => authHeaders(user);

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
  });
  afterAll(() => t?.close());

  it('lists the calendars seeded from config to staff, and refuses anonymous callers', async () => {
    const res = await request(t.http).get('/api/sla/calendars').set(as(f.agent));
    expect(res.status).toBe(200);
    expect(res.body.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['24x7', 'cst']));
    expect((await request(t.http).get('/api/sla/calendars')).status).toBe(401);
  });

  it('lets only admins change a calendar, and names each bad field of a spec', async () => {
    const body = {
      name: 'Comune di Fiesole',
      spec: { timeZone: 'Europe/Rome', week: weekdays, holidays: ['07-06'] },
    };
    const byAgent = await request(t.http).put('/api/sla/calendars/fiesole').set(as(f.agent)).send(body);
    expect(byAgent.status).toBe(403);
    const bySupervisor = await request(t.http)
      .put('/api/sla/calendars/fiesole')
      .set(as(f.supervisor))
      .send(body);
    expect(bySupervisor.status).toBe(403);

    const bad = await request(t.http)
      .put('/api/sla/calendars/fiesole')
      .set(as(admin))
      .send({
        name: 'Fiesole',
        spec: { timeZone: 'Europe/Nowhere', week: { ...weekdays, mon: [['18:00', '08:00']] } },
      });
    expect(bad.status).toBe(400);
    const fields = bad.body.fields.map((p: { field: string }) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['spec.timeZone', 'spec.week.mon[0]']));

    const badCode = await request(t.http).put('/api/sla/calendars/Not%20A%20Code').set(as(admin)).send(body);
    expect(badCode.status).toBe(400);
    expect(badCode.body.fields[0].field).toBe('code');

    const ok = await request(t.http).put('/api/sla/calendars/fiesole').set(as(admin)).send(body);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      code: 'fiesole',
      name: 'Comune di Fiesole',
      spec: { holidays: ['07-06'] },
    });
  });

  it('publishes a new policy version for new tickets while older tickets keep theirs', async () => {
    const createTicket = async () => {
      const res = await request(t.http)
        .post('/api/tickets')
        .set(as(f.agent))
        .send({
          channel: 'phone',
          requester: { name: 'Luca Neri', phone: '055 111222' },
          enteId: f.ente.id,
          subject: 'Certificato anagrafico non scaricabile',
          malfunction: false,
          receivedAt: rome('2025-11-17T09:00:00').toISOString(),
        });
      expect(res.status).toBe(201);
      return res.body;
    };
    const sla6Due = (ticket: { sla: { code: string; dueAt: string }[] }) =>
      ticket.sla.find((c) => c.code === 'SLA.6')?.dueAt;

    const before = await createTicket();
    expect(sla6Due(before)).toBe(rome('2025-11-17T10:00:00').toISOString());

    const definition = JSON.parse(
      readFileSync(join(__dirname, '..', 'config', 'sla', 'default-policy.json'), 'utf8'),
    );
    definition.clocks[0].target = { minutes: 30 };

    expect(
      (await request(t.http).post('/api/sla/policies').set(as(f.supervisor)).send({ definition })).status,
    ).toBe(403);
    const wrong = structuredClone(definition);
    wrong.clocks[1].calendar = 'atlantide';
    const refused = await request(t.http)
      .post('/api/sla/policies')
      .set(as(admin))
      .send({ definition: wrong });
    expect(refused.status).toBe(400);
    expect(refused.body.fields[0].field).toBe('definition.clocks[1].calendar');
    expect((await request(t.http).post('/api/sla/policies').set(as(admin)).send({})).status).toBe(400);

    const published = await request(t.http).post('/api/sla/policies').set(as(admin)).send({ definition });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ code: 'cst-2017', version: 2, active: true });

    const versions = await request(t.http).get('/api/sla/policies').set(as(f.supervisor));
    expect(versions.body.map((p: { version: number; active: boolean }) => [p.version, p.active])).toEqual([
      [2, true],
      [1, false],
    ]);

    const after = await createTicket();
    expect(sla6Due(after)).toBe(rome('2025-11-17T09:30:00').toISOString());
    // The older ticket's clocks are recomputed on its next change, under its own version.
    const touched = await request(t.http)
      .patch(`/api/tickets/${before.id}`)
      .set(as(f.agent))
      .send({ version: before.version, difficulty: 'low' });
    expect(touched.status).toBe(200);
    expect(touched.body.sla.map((c: { code: string }) => c.code)).toContain('CED');
    expect(sla6Due(touched.body)).toBe(rome('2025-11-17T10:00:00').toISOString());

    // A supervisor moves the old ticket to the new version: its clocks recompute from their start.
    const move = (user: { id: string }, policyId: string) =>
      request(t.http).post(`/api/tickets/${before.id}/sla-policy`).set(as(user)).send({ policyId });
    expect((await move(f.agent, published.body.id)).status).toBe(403);
    const unknown = await move(f.supervisor, '00000000-0000-4000-8000-0000000000aa');
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields[0].field).toBe('policyId');
    const moved = await move(f.supervisor, published.body.id);
    expect(moved.status).toBe(200);
    expect(sla6Due(moved.body)).toBe(rome('2025-11-17T09:30:00').toISOString());
    expect(moved.body.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['field_changed', 'sla_recomputed']),
    );
  });
});
