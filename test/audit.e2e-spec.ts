import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  openTestSession,
  TestApp,
} from '@app/testing';
import { UserEntity } from '@app/tickets';
import request from 'supertest';

interface AuditRow {
  action: string;
  actorId: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
}

/** Issue 14, point 11: account changes and referents' reads each leave an audit row. */
describe('Audit: account changes and ente referents’ reads (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
  });
  afterAll(() => t?.close());

  const auditOf = async (action: string): Promise<AuditRow[]> => {
    const res = await request(t.http).get('/api/admin/audit').query({ action }).set(authHeaders(admin));
    expect(res.status).toBe(200);
    return res.body;
  };
  const patch = (user: UserEntity, body: Record<string, unknown>) =>
    request(t.http).patch(`/api/admin/users/${user.id}`).set(authHeaders(admin)).send(body);

  it('audits deactivation, reactivation, a password reset and a change of a referent’s entes, each once', async () => {
    const referent = await createUser(t.dataSource, 'ente_referent', 'Referente Bianchi');
    expect((await patch(referent, { enteIds: [f.ente.id] })).status).toBe(200);
    expect((await patch(referent, { enteIds: [f.ente.id, f.otherEnte.id] })).status).toBe(200);
    expect((await patch(referent, { enteIds: [f.otherEnte.id, f.ente.id] })).status).toBe(200); // same set
    expect((await patch(referent, { active: false })).status).toBe(200);
    expect((await patch(referent, { active: false })).status).toBe(200); // already inactive
    expect((await patch(referent, { active: true })).status).toBe(200);
    expect((await patch(referent, { password: 'Una frase segreta abbastanza lunga 42' })).status).toBe(200);

    const mine = (rows: AuditRow[]) => rows.filter((r) => r.targetId === referent.id);
    const entes = mine(await auditOf('referent_entes_changed'));
    // Newest first; the third PATCH named the same entes in another order: no change, no row.
    expect(entes.map((r) => r.details)).toEqual([
      { from: [f.ente.id], to: [f.ente.id, f.otherEnte.id].sort(), role: 'ente_referent' },
      { from: [], to: [f.ente.id], role: 'ente_referent' },
    ]);
    for (const action of ['user_deactivated', 'user_reactivated', 'password_reset']) {
      const rows = mine(await auditOf(action));
      expect(`${action} ${rows.length}`).toBe(`${action} 1`);
      expect(rows[0].actorId).toBe(admin.id);
    }
    // Never the password itself.
    expect(JSON.stringify(await auditOf('password_reset'))).not.toContain('segreta');
  });

  it('audits an ente referent’s ticket lists, searches and report reads (exports too), not staff’s', async () => {
    const referent = await createUser(t.dataSource, 'ente_referent', 'Referente Verdi');
    await t.dataSource.query(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [
      referent.id,
      f.ente.id,
    ]);
    const session = await openTestSession(t.dataSource, referent.id);
    const read = (path: string, query: Record<string, string> = {}) =>
      request(t.http).get(path).query(query).set(session);
    expect((await read('/api/tickets')).status).toBe(200);
    expect((await read('/api/tickets', { q: 'pagamento' })).status).toBe(200);
    const period = { from: '2026-01-01', to: '2026-12-31' };
    expect((await read('/api/reports/tickets', period)).status).toBe(200);
    expect((await read('/api/reports/tickets', { ...period, format: 'csv' })).status).toBe(200);
    expect((await read('/api/reports/sla', period)).status).toBe(200);
    // Staff reads are not referents' reads.
    expect((await request(t.http).get('/api/tickets').set(authHeaders(f.agent))).status).toBe(200);

    const mine = (rows: AuditRow[]) => rows.filter((r) => r.actorId === referent.id).reverse();
    expect(mine(await auditOf('tickets_listed')).map((r) => r.details.path)).toEqual(['/api/tickets']);
    const searched = mine(await auditOf('tickets_searched'));
    expect(searched.map((r) => r.details)).toEqual([
      { path: '/api/tickets', query: { q: 'pagamento' }, entes: [f.ente.id] },
    ]);
    const reports = mine(await auditOf('report_read'));
    expect(
      reports.map((r) => [r.details.path, (r.details.query as { format?: string }).format ?? 'json']),
    ).toEqual([
      ['/api/reports/tickets', 'json'],
      ['/api/reports/tickets', 'csv'],
      ['/api/reports/sla', 'json'],
    ]);
    const staff = (await auditOf('tickets_listed')).filter((r) => r.actorId === f.agent.id);
    expect(staff).toEqual([]);
  });
});
