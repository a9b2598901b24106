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

/** Issue 19.1 and 19.3: teams with members, "Il mio team", escalation between levels, availability. */
describe('teams and escalation between levels (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let referent: UserEntity;
  let firstLevel: string;
  let ced: string;

  const api = (user: UserEntity) => ({
    get: (path: string) => request(t.http).get(path).set(authHeaders(user)),
    post: (path: string, body: object) => request(t.http).post(path).set(authHeaders(user)).send(body),
    put: (path: string, body: object) => request(t.http).put(path).set(authHeaders(user)).send(body),
    patch: (path: string, body: object) => request(t.http).patch(path).set(authHeaders(user)).send(body),
  });

  async function newTicket(subject: string): Promise<string> {
    const res = await api(f.agent)
      .post('/api/tickets', {
        channel: 'phone',
        subject,
        requester: { name: 'Lucia Serra', phone: '055 2223334' },
        enteId: f.ente.id,
      })
      .expect(201);
    return res.body.id as string;
  }

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    referent = await createUser(t.dataSource, 'ente_referent', 'Referente Pontassieve');
    await t.dataSource.query(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [
      referent.id,
      f.ente.id,
    ]);
  });
  afterAll(() => t?.close());

  it('admins create teams; a taken code, an unknown calendar or an agent are refused', async () => {
    const first = await api(admin)
      .post('/api/teams', { code: 'primo-livello', name: 'Help desk (primo livello)', calendarCode: 'cst' })
      .expect(201);
    firstLevel = first.body.id;
    ced = (await api(admin).post('/api/teams', { code: 'ced', name: 'Supporto CED' }).expect(201)).body.id;
    const taken = await api(admin).post('/api/teams', { code: 'ced', name: 'Altro' }).expect(400);
    expect(taken.body.fields[0]).toMatchObject({ field: 'code', code: 'taken' });
    const calendar = await api(admin)
      .post('/api/teams', { code: 'x', name: 'X', calendarCode: 'marte' })
      .expect(400);
    expect(calendar.body.fields[0].field).toBe('calendarCode');
    await api(f.agent).post('/api/teams', { code: 'y', name: 'Y' }).expect(403);
  });

  it('sets members (an agent may be in several teams); a referent cannot be one', async () => {
    const bad = await api(admin)
      .put(`/api/teams/${ced}/members`, { members: [{ userId: referent.id }] })
      .expect(400);
    expect(bad.body.fields[0]).toMatchObject({ field: 'members[0].userId', code: 'notStaff' });
    await api(admin)
      .put(`/api/teams/${firstLevel}/members`, {
        members: [{ userId: f.agent.id, lead: true }, { userId: f.otherAgent.id }],
      })
      .expect(200);
    const res = await api(admin)
      .put(`/api/teams/${ced}/members`, { members: [{ userId: f.otherAgent.id }] })
      .expect(200);
    expect(res.body.members).toEqual([
      expect.objectContaining({ userId: f.otherAgent.id, lead: false, available: true }),
    ]);
    const mine = await api(f.otherAgent).get('/api/teams/mine').expect(200);
    expect(mine.body.map((team: { code: string }) => team.code).sort()).toEqual(['ced', 'primo-livello']);
    await api(referent).get('/api/teams').expect(403);
  });

  it('moves a ticket to the second level with a note: timeline kept, clocks kept, assignee left to the team', async () => {
    const id = await newTicket('Server del Comune non risponde');
    await api(f.agent).post(`/api/tickets/${id}/team`, { teamId: firstLevel }).expect(200);
    await api(f.agent).post(`/api/tickets/${id}/take-charge`, {}).expect(200);
    const before = (await api(f.agent).get(`/api/tickets/${id}`).expect(200)).body;
    const moved = await api(f.agent)
      .post(`/api/tickets/${id}/team`, {
        teamId: ced,
        note: 'Serve il CED: server fermo',
        version: before.version,
      })
      .expect(200);
    expect(moved.body.team).toMatchObject({ id: ced, code: 'ced' });
    expect(moved.body.assignee).toBeNull();
    expect(moved.body.status).toBe('open');
    expect(moved.body.takenInChargeAt).toBe(before.takenInChargeAt);
    const sla6 = (ticket: { sla: { code: string; state: string; stoppedAt: string | null }[] }) =>
      ticket.sla.find((c) => c.code === 'SLA.6');
    expect(sla6(moved.body)).toEqual(sla6(before));
    expect(moved.body.timeline.slice(0, before.timeline.length)).toEqual(before.timeline);
    const change = moved.body.timeline.find(
      (e: { type: string; payload: { to: string } }) => e.type === 'team_changed' && e.payload.to === ced,
    );
    expect(change).toMatchObject({
      payload: { from: firstLevel, to: ced },
      body: 'Serve il CED: server fermo',
    });
    // A stale version changes nothing.
    await api(f.agent)
      .post(`/api/tickets/${id}/team`, { teamId: firstLevel, version: before.version })
      .expect(409);
    await api(f.agent).post(`/api/tickets/${id}/team`, { teamId: ced }).expect(409);
    const unknown = await api(f.agent)
      .post(`/api/tickets/${id}/team`, { teamId: '00000000-0000-4000-8000-000000000009' })
      .expect(400);
    expect(unknown.body.fields[0].field).toBe('teamId');
  });

  it('lists a team’s tickets and "Il mio team"; referents see no team anywhere', async () => {
    const other = await newTicket('Stampante');
    await api(f.agent).post(`/api/tickets/${other}/team`, { teamId: firstLevel }).expect(200);
    const cedList = await api(f.supervisor).get(`/api/tickets?teamId=${ced}`).expect(200);
    expect(cedList.body.items.map((r: { subject: string }) => r.subject)).toEqual([
      'Server del Comune non risponde',
    ]);
    expect(cedList.body.items[0].teamId).toBe(ced);
    // Marco is only in the first level; Sara is in both.
    const marco = await api(f.agent).get('/api/tickets?myTeams=true').expect(200);
    expect(marco.body.items.map((r: { subject: string }) => r.subject)).toEqual(['Stampante']);
    const sara = await api(f.otherAgent).get('/api/tickets?myTeams=true').expect(200);
    expect(sara.body.items).toHaveLength(2);

    const asReferent = await api(referent).get(`/api/tickets?teamId=${ced}`).expect(200);
    expect(asReferent.body.items.length).toBeGreaterThanOrEqual(2);
    for (const row of asReferent.body.items) expect(row.teamId).toBeNull();
    const page = await api(referent).get(`/api/tickets/${cedList.body.items[0].id}`).expect(200);
    expect(page.body.team).toBeNull();
    expect(page.body.timeline.map((e: { type: string }) => e.type)).not.toContain('team_changed');
  });

  it('refuses to move a resolved ticket', async () => {
    const id = await newTicket('Già fatto');
    await api(f.agent).post(`/api/tickets/${id}/resolve`, { resolution: 'Fatto' }).expect(200);
    const res = await api(f.agent).post(`/api/tickets/${id}/team`, { teamId: ced }).expect(409);
    expect(JSON.stringify(res.body)).toMatch(/riaprire/);
  });

  it('marks staff absent: themselves, or anyone by a supervisor', async () => {
    await api(f.agent).put(`/api/users/${f.agent.id}/availability`, { available: false }).expect(200);
    await api(f.agent).put(`/api/users/${f.otherAgent.id}/availability`, { available: false }).expect(403);
    await api(f.supervisor)
      .put(`/api/users/${f.otherAgent.id}/availability`, { available: false })
      .expect(200);
    const team = await api(f.agent).get(`/api/teams/${firstLevel}`).expect(200);
    expect(team.body.members.map((m: { available: boolean }) => m.available)).toEqual([false, false]);
    // Read back for the user menu: oneself, or anyone by a supervisor; a referent is nobody's staff.
    const own = await api(f.agent).get(`/api/users/${f.agent.id}/availability`).expect(200);
    expect(own.body).toEqual({ userId: f.agent.id, available: false });
    await api(f.agent).get(`/api/users/${f.otherAgent.id}/availability`).expect(403);
    await api(f.supervisor).get(`/api/users/${f.otherAgent.id}/availability`).expect(200);
    await api(f.supervisor).get(`/api/users/${referent.id}/availability`).expect(404);
    const [audit] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'staff_absent'`,
    );
    expect(audit.n).toBe(2);
  });
});
