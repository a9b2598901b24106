import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

import { hashPassword } from '@app/auth';
import { authHeaders, createTestApp, createUser, TestApp } from '@app/testing';
import { UserEntity } from '@app/tickets';
import request from 'supertest';

const PASSWORD = 'una-password-lunga-2026';
/** LOGIN_LOCK_AFTER of this spec: attempts per e-mail address and client address in the window. */
const LIMIT = 5;
/** The one trusted proxy of this spec (TRUST_PROXY); 127.0.0.2 is an untrusted client. */
const PROXY = '127.0.0.1';

/**
 * Sign-in against an outside attacker (issue 14): the throttle counts per account and client
 * address, atomically, before any password is checked; its refusal looks the same for unknown
 * addresses; admins unlock; sign-in takes JSON from our own pages only; weak passwords are refused
 * wherever they are set; X-Forwarded-For counts only from a trusted proxy.
 */
describe('sign-in hardening (e2e)', () => {
  let t: TestApp;
  let admin: UserEntity;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_LOCK_AFTER: String(LIMIT), TRUST_PROXY: PROXY });
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    // Listening on every loopback address, so a client can connect from 127.0.0.2 too.
    await new Promise<void>((resolve) => t.http.listen(0, resolve));
    port = (t.http.address() as AddressInfo).port;
  });
  afterAll(() => t?.close());

  const withPassword = async (name: string) => {
    const user = await createUser(t.dataSource, 'agent', name);
    await t.dataSource.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [
      user.id,
      await hashPassword(PASSWORD),
    ]);
    return user;
  };
  /** A sign-in relayed by the trusted proxy for a client at `from`. */
  const login = (email: string, password: string, from: string) =>
    request(t.http).post('/api/auth/login').set('X-Forwarded-For', from).send({ email, password });
  const auditCount = async (action: string, email: string) => {
    const [row] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND details->>'email' = $2`,
      [action, email],
    );
    return row.n as number;
  };

  it('checks only LIMIT of 60 parallel wrong passwords for one address: the rest are refused unchecked', async () => {
    const target = await withPassword('Bersaglio in parallelo');
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => login(target.email, `guess-${i}`, '203.0.113.10')),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60 - LIMIT);
    // Each 401 is a verified password; each 429 was refused before verification.
    expect(await auditCount('login_failed', target.email)).toBe(LIMIT);
    expect(await auditCount('login_throttled', target.email)).toBe(60 - LIMIT);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.body.retryAfterSeconds).toBeGreaterThan(0);
    // Even the right password is not looked at from that address now.
    expect((await login(target.email, PASSWORD, '203.0.113.10')).status).toBe(429);
  });

  it("never refuses the owner from another address because of a stranger's guesses; admins unlock, audited", async () => {
    const owner = await withPassword('Proprietario');
    for (let i = 0; i < LIMIT; i++) {
      expect((await login(owner.email, `guess-${i}`, '198.51.100.66')).status).toBe(401);
    }
    expect((await login(owner.email, PASSWORD, '198.51.100.66')).status).toBe(429);
    // The owner, from the office, signs in.
    expect((await login(owner.email, PASSWORD, '192.0.2.20')).status).toBe(200);

    const listed = await request(t.http).get(`/api/admin/users/${owner.id}`).set(authHeaders(admin));
    expect(listed.body.lockedUntil).toEqual(expect.any(String));
    const unlocked = await request(t.http)
      .post(`/api/admin/users/${owner.id}/unlock`)
      .set(authHeaders(admin))
      .send({});
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.lockedUntil).toBeNull();
    const [audit] = await t.dataSource.query(
      `SELECT actor_id AS "actorId", details FROM audit_log WHERE action = 'user_unlocked' AND target_id = $1`,
      [owner.id],
    );
    expect(audit).toEqual({ actorId: admin.id, details: { refusedSources: 1 } });
    // The address is checked again (and, being wrong, answered 401, not 429).
    expect((await login(owner.email, 'guess-again', '198.51.100.66')).status).toBe(401);
    expect((await login(owner.email, PASSWORD, '198.51.100.66')).status).toBe(200);
    // Only admins unlock.
    const agent = await createUser(t.dataSource, 'agent', 'Curioso');
    expect(
      (await request(t.http).post(`/api/admin/users/${owner.id}/unlock`).set(authHeaders(agent)).send({}))
        .status,
    ).toBe(403);
  });

  it('lifts a refusal when an admin resets the password', async () => {
    const owner = await withPassword('Reset Password');
    for (let i = 0; i <= LIMIT; i++) await login(owner.email, `guess-${i}`, '198.51.100.77');
    expect((await login(owner.email, PASSWORD, '198.51.100.77')).status).toBe(429);
    const reset = await request(t.http)
      .patch(`/api/admin/users/${owner.id}`)
      .set(authHeaders(admin))
      .send({ password: 'una-password-nuova-di-zecca' });
    expect(reset.status).toBe(200);
    expect((await login(owner.email, 'una-password-nuova-di-zecca', '198.51.100.77')).status).toBe(200);
  });

  it('answers an unknown address exactly as an existing one, before and after the throttle', async () => {
    const user = await withPassword('Esistente');
    const answers = async (email: string) => {
      const seen: string[] = [];
      for (let i = 0; i <= LIMIT; i++) {
        const res = await login(email, `guess-${i}`, '198.51.100.88');
        // retryAfterSeconds counts from each one's first attempt, so it may differ by a second.
        seen.push(`${res.status} ${res.body.code} ${res.body.message}`);
      }
      return seen;
    };
    const existing = await answers(user.email);
    const unknown = await answers('nessuno@test.example');
    expect(existing).toEqual(unknown);
    expect(existing.at(-1)).toMatch(/^429 /);
    expect(existing.at(-1)).not.toMatch(/bloccato|locked/i);
  });

  it('takes sign-ins as JSON from our own pages only (login CSRF)', async () => {
    const user = await withPassword('CSRF');
    const form = await request(t.http)
      .post('/api/auth/login')
      .type('form')
      .send({ email: user.email, password: PASSWORD });
    expect(form.status).toBe(415);
    expect(form.headers['set-cookie']).toBeUndefined();
    const text = await request(t.http)
      .post('/api/auth/login')
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ email: user.email, password: PASSWORD }));
    expect(text.status).toBe(415);
    const crossSite = await request(t.http)
      .post('/api/auth/login')
      .set('Sec-Fetch-Site', 'cross-site')
      .set('Origin', 'https://evil.example')
      .send({ email: user.email, password: PASSWORD });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers['set-cookie']).toBeUndefined();
    const otherOrigin = await request(t.http)
      .post('/api/auth/login')
      .set('Origin', 'https://evil.example')
      .send({ email: user.email, password: PASSWORD });
    expect(otherOrigin.status).toBe(403);
    const ours = await request(t.http)
      .post('/api/auth/login')
      .set('Sec-Fetch-Site', 'same-origin')
      .set('Origin', `http://127.0.0.1:${port}`)
      .send({ email: user.email, password: PASSWORD });
    expect(ours.status).toBe(200);
  });

  it('refuses blank, repeated and common passwords wherever they are set, naming the field', async () => {
    const weak = ['            ', 'aaaaaaaaaaaaaaaa', 'password1234'];
    for (const password of weak) {
      const created = await request(t.http)
        .post('/api/admin/users')
        .set(authHeaders(admin))
        .send({
          email: `debole.${weak.indexOf(password)}@test.example`,
          name: 'Debole',
          role: 'agent',
          password,
        });
      expect(created.status).toBe(400);
      // One problem, with the bilingual reason and a code for the UI to translate.
      expect(created.body.fields).toEqual([
        {
          field: 'password',
          reason: expect.stringContaining(' / '),
          code: expect.stringMatching(/^password/),
        },
      ]);
    }
    const user = await withPassword('Cambio debole');
    const reset = await request(t.http)
      .patch(`/api/admin/users/${user.id}`)
      .set(authHeaders(admin))
      .send({ password: 'qwertyuiop12' });
    expect(reset.status).toBe(400);
    expect(reset.body.fields[0]).toMatchObject({
      field: 'password',
      reason: expect.stringMatching(/common/),
    });
    const own = await request(t.http)
      .post('/api/auth/password')
      .set(authHeaders(user))
      .send({ currentPassword: PASSWORD, newPassword: ' '.repeat(12) });
    expect(own.status).toBe(400);
    expect(own.body.fields[0]).toMatchObject({
      field: 'newPassword',
      reason: expect.stringMatching(/blank/),
    });
  });

  it('believes X-Forwarded-For from the trusted proxy only', async () => {
    const email = 'inoltro@test.example';
    await login(email, 'guess', '203.0.113.50');
    // A client connecting straight from another address claims to be someone else.
    const spoofed = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.2',
          localAddress: '127.0.0.2',
          port,
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.51' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ email, password: 'guess' }));
    });
    expect(spoofed).toBe(401);
    const rows: { ip: string }[] = await t.dataSource.query(
      `SELECT ip FROM audit_log WHERE action = 'login_failed' AND details->>'email' = $1 ORDER BY id`,
      [email],
    );
    expect(rows.map((r) => r.ip)).toEqual(['203.0.113.50', '::ffff:127.0.0.2']);
  });
});
