import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AppLogger } from '@app/runtime';
import { authHeaders, createTestApp, createUser, TestApp } from '@app/testing';
import { UserEntity } from '@app/tickets';
import request from 'supertest';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  context?: string;
  req?: { url?: string; headers?: Record<string, string> };
  [key: string]: unknown;
}

/** Structured logs as the production processes write them (LOG_FILE instead of standard output). */
describe('Structured logs (e2e)', () => {
  let t: TestApp;
  let admin: UserEntity;
  let agent: UserEntity;
  let dir: string;
  let file: string;
  const lines = (): LogLine[] =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'helpdesk-logs-'));
    file = join(dir, 'helpdesk.log');
    t = await createTestApp({ LOG_FILE: file, LOG_LEVEL: 'log', LOG_LEVELS: 'LogLevels=debug' });
    t.app.useLogger(t.app.get(AppLogger));
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    agent = await createUser(t.dataSource, 'agent', 'Marco Rossi');
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes JSON lines, each line of a request with its id, the id sent back as X-Request-Id', async () => {
    const res = await request(t.http)
      .put('/api/admin/log-levels')
      .set(authHeaders(admin))
      .send({ context: 'MailIngest', level: 'debug' });
    expect(res.status).toBe(200);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const mine = lines().filter((l) => l.reqId === id);
    // The controller's own message and the request summary both carry the id.
    expect(mine.map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Log level of MailIngest set to debug'),
        'request completed',
      ]),
    );
    expect(mine.find((l) => l.context === 'LogLevels')).toBeDefined();
  });

  it("keeps a load balancer's request id, and makes a new one for a malformed header", async () => {
    const kept = await request(t.http)
      .get('/api/tickets')
      .set(authHeaders(agent))
      .set('X-Request-Id', 'lb-2026-000123');
    expect(kept.headers['x-request-id']).toBe('lb-2026-000123');
    expect(lines().some((l) => l.reqId === 'lb-2026-000123')).toBe(true);
    const fresh = await request(t.http)
      .get('/api/tickets')
      .set(authHeaders(agent))
      .set('X-Request-Id', 'x y <z>');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never writes credentials, search text or e-mail addresses', async () => {
    await request(t.http)
      .get('/api/tickets?q=Mario%20Bianchi%20mario.bianchi%40example.it')
      .set(authHeaders(agent));
    const refused = await request(t.http)
      .post('/api/auth/login')
      .send({ email: 'giulia.verdi@example.it', password: 'not-the-password' });
    expect(refused.status).toBe(401);
    const text = readFileSync(file, 'utf8');
    const cookie = authHeaders(agent).Cookie.split('=')[1];
    expect(text).not.toContain(cookie);
    expect(text).not.toContain(authHeaders(agent)['X-CSRF-Token']);
    expect(text).not.toMatch(/Mario|Bianchi|giulia\.verdi|not-the-password/);
    expect(lines().some((l) => l.req?.url === '/api/tickets')).toBe(true);
  });

  it('changes a module level at runtime, for admins only', async () => {
    expect((await request(t.http).get('/api/admin/log-levels').set(authHeaders(agent))).status).toBe(403);
    const before = await request(t.http).get('/api/admin/log-levels').set(authHeaders(admin));
    expect(before.body).toMatchObject({
      default: 'log',
      modules: { LogLevels: 'debug', MailIngest: 'debug' },
    });
    // Silence the LogLevels module's own 'log' lines: the next change is no longer written.
    await request(t.http)
      .put('/api/admin/log-levels')
      .set(authHeaders(admin))
      .send({ context: 'LogLevels', level: 'warn' })
      .expect(200);
    const quiet = await request(t.http)
      .put('/api/admin/log-levels')
      .set(authHeaders(admin))
      .send({ context: 'SlaSweeper', level: 'verbose' })
      .expect(200);
    expect(lines().some((l) => l.reqId === quiet.headers['x-request-id'] && l.context === 'LogLevels')).toBe(
      false,
    );
    expect(quiet.body.modules).toMatchObject({ LogLevels: 'warn', SlaSweeper: 'verbose' });
    const bad = await request(t.http)
      .put('/api/admin/log-levels')
      .set(authHeaders(admin))
      .send({ context: 'MailIngest', level: 'loud' });
    expect(bad.status).toBe(400);
    const audit = await t.dataSource.query(
      `SELECT details FROM audit_log WHERE action = 'log_level_changed'`,
    );
    expect(audit.length).toBe(3);
  });
});
