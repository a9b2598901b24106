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

/** Issue 14, point 14: caching, what production shows anonymous callers, file names, the Bearer scheme. */
describe('HTTP hardening: no-store, staff-only diagnostics in production, bidi file names, Bearer (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
  });
  afterAll(() => t?.close());

  it('marks every authenticated answer, export and refusal Cache-Control: no-store, and not the public status page', async () => {
    const list = await request(t.http).get('/api/tickets').set(authHeaders(f.agent));
    expect(list.status).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    const csv = await request(t.http)
      .get('/api/reports/tickets')
      .query({ from: '2026-01-01', to: '2026-12-31', format: 'csv' })
      .set(authHeaders(admin));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toContain('attachment');
    expect(csv.headers['cache-control']).toBe('no-store');
    const anonymous = await request(t.http).get('/api/tickets');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['cache-control']).toBe('no-store');
    expect((await request(t.http).get('/status')).headers['cache-control']).toBe('public, max-age=30');
  });

  it('takes the Bearer scheme in any case', async () => {
    const created = await request(t.http)
      .post('/api/admin/tokens')
      .set(authHeaders(admin))
      .send({ name: 'Nagios', scopes: ['monitoring'] });
    expect(created.status).toBe(201);
    const problem = {
      type: 'PROBLEM',
      host: 'srv-web',
      service: 'HTTP',
      state: 'CRITICAL',
      stateType: 'HARD',
      attempt: 3,
      output: 'down',
      timestamp: Math.floor(Date.now() / 1000),
    };
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const res = await request(t.http)
        .post('/api/monitoring/nagios')
        .set('Authorization', `${scheme}  ${created.body.token}`)
        .send(problem);
      expect(`${scheme} ${res.status}`).toMatch(new RegExp(`^${scheme} 20[01]$`));
    }
    // Identified by the token (so 403 for want of scope), not refused as anonymous (401).
    const tickets = await request(t.http)
      .get('/api/tickets')
      .set('Authorization', `bearer ${created.body.token}`);
    expect(tickets.status).toBe(403);
  });

  it('neutralises bidirectional controls in attachment names, in the list and in Content-Disposition', async () => {
    const ticket = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        requester: { name: 'Mario Rossi', phone: '+39 055 1234567' },
        enteId: f.ente.id,
        subject: 'Allegato',
      });
    expect(ticket.status).toBe(201);
    const hostile = 'fattura\u202efdp.exe';
    const upload = await request(t.http)
      .post(`/api/tickets/${ticket.body.id}/attachments`)
      .query({ filename: hostile })
      .set(authHeaders(f.agent))
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from('MZ'));
    expect(upload.status).toBe(201);
    expect(upload.body.filename).toBe('fattura_fdp.exe');
    // A name stored before (or by mail) as the sender wrote it is shown neutralised too.
    await t.dataSource.query(
      `INSERT INTO attachment (ticket_id, filename, content_type, size, sha256, content)
       VALUES ($1, $2, 'application/pdf', 2, 'x', '\\x4d5a')`,
      [ticket.body.id, 'rel\u2067azione\u2069.pdf'],
    );
    const list = await request(t.http)
      .get(`/api/tickets/${ticket.body.id}/attachments`)
      .set(authHeaders(f.agent));
    expect(list.body.map((a: { filename: string }) => a.filename).sort()).toEqual([
      'fattura_fdp.exe',
      'rel_azione_.pdf',
    ]);
    for (const a of list.body as { id: string }[]) {
      const file = await request(t.http)
        .get(`/api/tickets/${ticket.body.id}/attachments/${a.id}`)
        .set(authHeaders(f.agent));
      expect(file.status).toBe(200);
      expect(decodeURIComponent(file.headers['content-disposition'])).not.toMatch(
        /[\u202a-\u202e\u2066-\u2069]/,
      );
      expect(file.headers['content-disposition']).not.toMatch(/%E2%80%AE|%E2%81%A7|%E2%81%A9/i);
    }
  });

  describe('in production', () => {
    let prod: TestApp;
    let staff: UserEntity;
    let referent: UserEntity;

    beforeAll(async () => {
      prod = await createTestApp({ NODE_ENV: 'production' });
      staff = await createUser(prod.dataSource, 'agent', 'Operatore');
      referent = await createUser(prod.dataSource, 'ente_referent', 'Referente');
    });
    afterAll(() => prod?.close());

    it('answers anonymous health checks with the bare status, staff with the detail', async () => {
      const bare = await request(prod.http).get('/api/health');
      expect(bare.status).toBe(200);
      expect(bare.body).toEqual({ status: 'ok' });
      expect((await request(prod.http).get('/api/health').set(authHeaders(referent))).body).toEqual({
        status: 'ok',
      });
      const detail = await request(prod.http).get('/api/health').set(authHeaders(staff));
      expect(detail.body).toMatchObject({ status: 'ok', database: { ok: true }, queue: { ok: true } });
      expect(detail.body.database.engine).toEqual(expect.any(String));
    });

    it('shows the API documentation to signed-in staff only', async () => {
      for (const path of ['/api/docs', '/api/docs-json', '/api/docs-yaml']) {
        const anonymous = await request(prod.http).get(path);
        expect(`${path} ${anonymous.status}`).toBe(`${path} 401`);
        expect(anonymous.body.message).toContain('Staff sign-in required');
        expect(`${path} ${(await request(prod.http).get(path).set(authHeaders(referent))).status}`).toBe(
          `${path} 401`,
        );
      }
      const json = await request(prod.http).get('/api/docs-json').set(authHeaders(staff));
      expect(json.status).toBe(200);
      expect(json.body.openapi).toMatch(/^3\./);
      expect((await request(prod.http).get('/api/docs/').set(authHeaders(staff))).status).toBe(200);
    });
  });

  it('outside production keeps the documentation and the health detail open', async () => {
    expect((await request(t.http).get('/api/docs-json')).status).toBe(200);
    expect((await request(t.http).get('/api/health')).body).toMatchObject({ database: { ok: true } });
  });
});
