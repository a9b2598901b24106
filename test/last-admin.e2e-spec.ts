import { authHeaders, createTestApp, createUser, openTestSession, TestApp } from '@app/testing';
import request from 'supertest';

/** Issue 16.4: nobody can leave the system without an active admin, by mistake or at once. */
describe('the last active admin (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const patch = (actor: { id: string }, id: string, body: Record<string, unknown>) =>
    request(t.http).patch(`/api/admin/users/${id}`).set(authHeaders(actor)).send(body);

  it('refuses to demote or deactivate the last active admin with a 409 saying why, allows it once another exists', async () => {
    // Only the admins created here: any admin the template database holds is deactivated first.
    await t.dataSource.query(`UPDATE app_user SET active = false WHERE role = 'admin'`);
    const anna = await createUser(t.dataSource, 'admin', 'Anna Amministratrice');

    for (const body of [{ role: 'agent' }, { active: false }, { role: 'supervisor', active: true }]) {
      const res = await patch(anna, anna.id, body).expect(409);
      expect(res.body).toMatchObject({ code: 'CONFLICT', reason: 'last_active_admin' });
      expect(res.body.message).toMatch(/ultimo amministratore attivo/);
    }
    const [row] = await t.dataSource.query(`SELECT role, active FROM app_user WHERE id = $1`, [anna.id]);
    expect(row).toEqual({ role: 'admin', active: true });
    // Harmless edits of the last admin still pass.
    await patch(anna, anna.id, { role: 'admin', active: true }).expect(200);

    // With a second active admin, Anna may step down; then Bruno is the last one.
    const bruno = await createUser(t.dataSource, 'agent', 'Bruno Bianchi');
    await patch(anna, bruno.id, { role: 'admin' }).expect(200);
    await openTestSession(t.dataSource, bruno.id); // a role change ends the user's sessions
    await patch(anna, anna.id, { role: 'supervisor' }).expect(200);
    await patch(bruno, bruno.id, { active: false }).expect(409);

    // Two admins removing each other at the same moment: one of them stays.
    const carla = await createUser(t.dataSource, 'admin', 'Carla Conti');
    const results = await Promise.all([
      patch(bruno, carla.id, { active: false }),
      patch(carla, bruno.id, { active: false }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM app_user WHERE role = 'admin' AND active`,
    );
    expect(count).toBe(1);
  });
});
