import { createHash } from 'node:crypto';

import { hashPassword } from '@app/auth';
import { configureHttpApp } from '@app/runtime';
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
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';

import { ApiModule } from '../apps/api/src/api.module';

const PASSWORD = 'una-password-lunga-2026';
type Caller = 'anonymous' | 'ente_referent' | 'agent' | 'supervisor' | 'admin';
const CALLERS: Caller[] = ['anonymous', 'ente_referent', 'agent', 'supervisor', 'admin'];
const STAFF: Caller[] = ['agent', 'supervisor', 'admin'];
const EVERYONE: Caller[] = ['ente_referent', ...STAFF];

/**
 * Who may call each route. Every route the API exposes must be here: the matrix test discovers
 * them from the router, so a new route without a rule fails it.
 */
const MATRIX: Record<string, Caller[] | 'public'> = {
  'GET /api/health': 'public',
  'GET /api/health/live': 'public',
  'GET /api/health/ready': 'public',
  'POST /api/auth/login': 'public',
  'GET /api/auth/methods': 'public',
  'GET /api/auth/oidc/start': 'public',
  'GET /api/auth/oidc/callback': 'public',
  'POST /api/auth/oidc/backchannel-logout': 'public',
  'POST /api/auth/logout': EVERYONE,
  'GET /api/auth/me': EVERYONE,
  'POST /api/auth/password': EVERYONE,
  'GET /api/tickets': EVERYONE,
  'GET /api/tickets/:id': EVERYONE,
  'POST /api/tickets/:id/notes': EVERYONE,
  'POST /api/tickets': STAFF,
  'PATCH /api/tickets/:id': STAFF,
  'POST /api/tickets/:id/take-charge': STAFF,
  'POST /api/tickets/:id/assign': STAFF,
  'POST /api/tickets/:id/reply': STAFF,
  'POST /api/tickets/:id/wait': STAFF,
  'POST /api/tickets/:id/resume': STAFF,
  'POST /api/tickets/:id/start-intervention': STAFF,
  'POST /api/tickets/:id/resolve': STAFF,
  'POST /api/tickets/:id/reopen': STAFF,
  'POST /api/tickets/:id/sla-policy': ['supervisor', 'admin'],
  'GET /api/tickets/:id/sla': STAFF,
  'GET /api/tickets/:id/attachments': STAFF,
  'POST /api/tickets/:id/attachments': STAFF,
  'GET /api/tickets/:id/attachments/:attachmentId': STAFF,
  'GET /api/tickets/:id/mails': STAFF,
  'GET /api/settings/locale': EVERYONE,
  'GET /api/settings/intake': STAFF,
  'GET /api/notifications': STAFF,
  'POST /api/notifications/read': STAFF,
  'GET /api/events': EVERYONE,
  'POST /api/tickets/:id/presence': STAFF,
  'DELETE /api/tickets/:id/presence': STAFF,
  'GET /api/entes': STAFF,
  'GET /api/categories': STAFF,
  'GET /api/users': STAFF,
  'GET /api/contacts': STAFF,
  'GET /api/teams': STAFF,
  'GET /api/teams/mine': STAFF,
  'GET /api/teams/:id': STAFF,
  'POST /api/teams': ['admin'],
  'PATCH /api/teams/:id': ['admin'],
  'PUT /api/teams/:id/members': ['admin'],
  'GET /api/tags': STAFF,
  'POST /api/tags': ['admin'],
  'PATCH /api/tags/:name': ['admin'],
  'DELETE /api/tags/:name': ['admin'],
  'POST /api/tickets/:id/tags': STAFF,
  'GET /api/macros': STAFF,
  'POST /api/macros': STAFF,
  'PATCH /api/macros/:id': STAFF,
  'DELETE /api/macros/:id': STAFF,
  'POST /api/tickets/:id/macros/:macroId/preview': STAFF,
  'POST /api/tickets/:id/macros/:macroId/apply': STAFF,
  'POST /api/tickets/bulk': STAFF,
  'GET /api/users/:id/availability': STAFF,
  'PUT /api/users/:id/availability': STAFF,
  'POST /api/tickets/:id/team': STAFF,
  'POST /api/tickets/:id/route': STAFF,
  'POST /api/tickets/:id/follow-links/revoke': STAFF,
  'GET /api/routing-rules': ['supervisor', 'admin'],
  'GET /api/routing-rules/:id': ['supervisor', 'admin'],
  'POST /api/routing-rules': ['admin'],
  'PATCH /api/routing-rules/:id': ['admin'],
  'DELETE /api/routing-rules/:id': ['admin'],
  'PUT /api/routing-rules/order': ['admin'],
  'POST /api/routing-rules/preview': ['supervisor', 'admin'],
  'POST /api/tickets/:id/merge': STAFF,
  'GET /api/tickets/:id/merge-candidates': STAFF,
  'POST /api/tickets/:id/split': STAFF,
  'GET /api/tickets/:id/links': STAFF,
  'POST /api/tickets/:id/links': STAFF,
  'DELETE /api/tickets/:id/links/:otherId': STAFF,
  'GET /api/reports/teams': ['supervisor', 'admin'],
  'GET /api/reports/satisfaction': ['supervisor', 'admin'],
  'GET /api/reports/agents': ['supervisor', 'admin'],
  'GET /api/workload': STAFF,
  'GET /api/privacy/policy': ['supervisor', 'admin'],
  'GET /api/privacy/policy/versions': ['admin'],
  'PUT /api/privacy/policy': ['admin'],
  'GET /api/privacy/retention-runs': ['admin'],
  'POST /api/privacy/retention-runs/preview': ['admin'],
  'POST /api/contacts/:id/erase': ['supervisor', 'admin'],
  'PATCH /api/contacts/:id': ['supervisor', 'admin'],
  'PUT /api/contacts/:id/legal-hold': ['supervisor', 'admin'],
  'DELETE /api/contacts/:id/legal-hold': ['supervisor', 'admin'],
  'PUT /api/tickets/:id/legal-hold': ['supervisor', 'admin'],
  'DELETE /api/tickets/:id/legal-hold': ['supervisor', 'admin'],
  'GET /api/contacts/:id': ['supervisor', 'admin'],
  'GET /api/contacts/:id/export': ['supervisor', 'admin'],
  'GET /api/privacy/register': ['supervisor', 'admin'],
  'GET /api/privacy/notice': 'public',
  'GET /api/sla/calendars': STAFF,
  'GET /api/sla/calendars/:code': STAFF,
  'PUT /api/sla/calendars/:code': ['admin'],
  'GET /api/sla/policies': ['supervisor', 'admin'],
  'GET /api/sla/policies/:id': ['supervisor', 'admin'],
  'POST /api/sla/policies': ['admin'],
  'GET /api/mail/mailboxes': ['admin'],
  'POST /api/mail/mailboxes': ['admin'],
  'GET /api/mail/mailboxes/:id': ['admin'],
  'PUT /api/mail/mailboxes/:id': ['admin'],
  'GET /api/mail/domains': ['admin'],
  'PUT /api/mail/domains': ['admin'],
  'DELETE /api/mail/domains/:domain': ['admin'],
  'GET /api/mail/inbound/:id': ['admin'],
  'POST /api/mail/inbound/:id/discard': ['admin'],
  'GET /api/mail/quarantine': ['admin'],
  'GET /api/mail/inbound/:id/raw': ['admin'],
  'POST /api/mail/inbound/:id/reprocess': ['admin'],
  'GET /api/mail/templates': ['admin'],
  'GET /api/mail/answer-templates': STAFF,
  'PUT /api/mail/templates/:code/:language': ['admin'],
  'DELETE /api/mail/templates/:code/:language': ['admin'],
  'GET /api/admin/users': ['admin'],
  'POST /api/admin/users': ['admin'],
  'GET /api/admin/users/:id': ['admin'],
  'PATCH /api/admin/users/:id': ['admin'],
  'POST /api/admin/users/:id/unlock': ['admin'],
  'GET /api/admin/tokens': ['admin'],
  'POST /api/admin/tokens': ['admin'],
  'DELETE /api/admin/tokens/:id': ['admin'],
  'GET /api/admin/audit': ['admin'],
  'GET /api/admin/audit/actions': ['admin'],
  'GET /api/metrics': ['admin'],
  'GET /api/admin/log-levels': ['admin'],
  'PUT /api/admin/log-levels': ['admin'],
  'POST /api/admin/import/tickets': ['admin'],
  'GET /api/admin/import/tickets/template': ['admin'],
  'GET /api/admin/import/tickets/columns': ['admin'],
  'POST /api/monitoring/nagios': ['admin'],
  'POST /api/cti/events': ['admin'],
  'PUT /api/calls/:id/ticket': STAFF,
  'GET /api/calls': STAFF,
  'GET /api/reports/calls': ['supervisor', 'admin'],
  'GET /api/admin/extensions': ['admin'],
  'PUT /api/admin/extensions/:extension': ['admin'],
  'DELETE /api/admin/extensions/:extension': ['admin'],
  'GET /api/reports/alerts': ['supervisor', 'admin'],
  'GET /api/reports/availability': ['supervisor', 'admin'],
  'GET /api/reports/tickets': ['ente_referent', 'supervisor', 'admin'],
  'GET /api/reports/sla': ['ente_referent', 'supervisor', 'admin'],
  'GET /api/reports/tickets/by-ente': ['ente_referent', 'supervisor', 'admin'],
  'GET /api/reports/tickets/by-category': ['ente_referent', 'supervisor', 'admin'],
  'GET /api/reports/tickets/by-tag': ['supervisor', 'admin'],
  'GET /api/reports/tickets/year-over-year': ['ente_referent', 'supervisor', 'admin'],
  'GET /api/reports/arrivals': ['ente_referent', 'supervisor', 'admin'],
  'GET /api/reports/years': ['ente_referent', 'supervisor', 'admin'],
  'GET /api/reports/period.pdf': ['ente_referent', 'supervisor', 'admin'],
  'GET /api/reports/sla/breaches': ['ente_referent', 'supervisor', 'admin'],
  'GET /api/outages': STAFF,
  'POST /api/outages': STAFF,
  'GET /api/outages/report-recipients': ['supervisor', 'admin'],
  'PUT /api/outages/report-recipients': ['admin'],
  'GET /api/outages/recipients': ['supervisor', 'admin'],
  'PUT /api/outages/recipients/:enteId': ['admin'],
  'POST /api/outages/from-problem/:problemId': STAFF,
  'GET /api/outages/:id': STAFF,
  'PATCH /api/outages/:id': STAFF,
  'POST /api/outages/:id/notices': STAFF,
  'GET /api/monitoring/problems': STAFF,
  'GET /api/reports/outages': ['supervisor', 'admin'],
  'GET /status': 'public',
  'GET /status/feed.atom': 'public',
  'GET /status/feed.rss': 'public',
  'GET /status/status.css': 'public',
  'GET /privacy': 'public',
};

/** Routes that stream (server-sent events): the walk reads their status, then hangs up. */
const STREAMS = new Set(['GET /api/events']);

function streamStatus(
  http: TestApp['http'],
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    request(http)
      .get(path)
      .set(headers)
      .buffer(false)
      .parse((res, done) => {
        (res as unknown as { destroy(): void }).destroy();
        done(null, null);
      })
      .end((error, res) => (res ? resolve({ status: res.status, body: null }) : reject(error)));
  });
}

/** Every route of the running app, as "METHOD /path/:param", read from Express's router. */
function discoverRoutes(app: INestApplication): string[] {
  const instance = app.getHttpAdapter().getInstance() as {
    router?: { stack: unknown[] };
    _router?: { stack: unknown[] };
  };
  const stack = (instance.router ?? instance._router)!.stack as {
    route?: { path: string; methods: Record<string, boolean> };
  }[];
  return stack
    .filter(
      (layer) =>
        layer.route &&
        // The public status and privacy pages are served outside /api (STATUS_PAGE_ROUTES, PRIVACY_PAGE_ROUTES).
        (layer.route.path.startsWith('/api/') ||
          layer.route.path.startsWith('/status') ||
          layer.route.path.startsWith('/privacy')) &&
        !layer.route.path.startsWith('/api/docs') &&
        // Middleware Nest binds to every path and method (the request logger: ALL /api/{*path},
        // ALL /status) is not a route: a controller's route answers one method.
        Object.keys(layer.route.methods).length === 1,
    )
    .flatMap((layer) =>
      Object.keys(layer.route!.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`),
    );
}

describe('sign-in, sessions and authorisation (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let referent: UserEntity;
  let users: Record<Exclude<Caller, 'anonymous'>, UserEntity>;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_LOCK_AFTER: '100' });
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    referent = await createUser(t.dataSource, 'ente_referent', 'Referente Pontassieve');
    await t.dataSource.query(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [
      referent.id,
      f.ente.id,
    ]);
    users = { ente_referent: referent, agent: f.agent, supervisor: f.supervisor, admin };
  });
  afterAll(() => t?.close());

  const withPassword = async (user: UserEntity) => {
    await t.dataSource.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [
      user.id,
      await hashPassword(PASSWORD),
    ]);
  };
  const login = (email: string, password: string) =>
    request(t.http).post('/api/auth/login').send({ email, password });

  it('walks every route for every role: allowed ones pass the guard, the others get 401 or 403', async () => {
    const routes = discoverRoutes(t.app);
    expect(routes.length).toBeGreaterThan(40);
    const unlisted = routes.filter((r) => !(r in MATRIX));
    expect(unlisted).toEqual([]);
    const failures: string[] = [];
    for (const route of routes) {
      const [method, path] = route.split(' ');
      const url = path.replace(/:(\w+)/g, (_, name: string) =>
        ['code', 'language'].includes(name) ? 'x' : '00000000-0000-4000-8000-00000000beef',
      );
      for (const caller of CALLERS) {
        // A fresh session per call: logout must not end the one the next call uses.
        const headers = caller === 'anonymous' ? {} : await openTestSession(t.dataSource, users[caller].id);
        const res = STREAMS.has(route)
          ? await streamStatus(t.http, url, headers)
          : await request(t.http)[method.toLowerCase() as 'get'](url).set(headers).send({});
        const rule = MATRIX[route];
        const allowed = rule === 'public' || rule.includes(caller);
        const denied = res.status === 401 || res.status === 403;
        if (allowed && denied) failures.push(`${route} as ${caller}: ${res.status}, expected to pass`);
        if (!allowed && caller === 'anonymous' && res.status !== 401)
          failures.push(`${route} anonymous: ${res.status}`);
        if (!allowed && caller !== 'anonymous' && res.status !== 403)
          failures.push(`${route} as ${caller}: ${res.status}`);
        if (res.status >= 500)
          failures.push(`${route} as ${caller}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('signs in with an HttpOnly SameSite cookie and a CSRF token, and signs out', async () => {
    await withPassword(f.agent);
    const res = await login(f.agent.email.toUpperCase(), PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      user: { id: f.agent.id, role: 'agent' },
      csrfToken: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|password/i);
    const cookie = res.headers['set-cookie'][0] as string;
    expect(cookie).toMatch(/^hd_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const session = { Cookie: cookie.split(';')[0], 'X-CSRF-Token': res.body.csrfToken };
    expect((await request(t.http).get('/api/auth/me').set(session)).body).toMatchObject({ id: f.agent.id });
    // Only a hash of the cookie is stored.
    const [stored] = await t.dataSource.query(
      `SELECT token_hash FROM user_session WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [f.agent.id],
    );
    expect(cookie).not.toContain(stored.token_hash);
    expect((await request(t.http).post('/api/auth/logout').set(session)).status).toBe(204);
    expect((await request(t.http).get('/api/auth/me').set(session)).status).toBe(401);

    const wrong = await login(f.agent.email, 'not-the-password');
    const nobody = await login('nobody@test.example', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(nobody.status).toBe(401);
    expect(wrong.body.message).toBe(nobody.body.message);
    expect((await login(f.agent.email, '')).status).toBe(400);
  });

  it('keeps sessions across an api restart (they live in PostgreSQL)', async () => {
    await withPassword(f.supervisor);
    const res = await login(f.supervisor.email, PASSWORD);
    const session = { Cookie: (res.headers['set-cookie'][0] as string).split(';')[0] };
    const second = configureHttpApp(
      await NestFactory.create(ApiModule.forRoot(t.config), { logger: ['error'] }),
    );
    await second.init();
    try {
      const me = await request(second.getHttpServer()).get('/api/auth/me').set(session);
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(f.supervisor.id);
    } finally {
      await second.close();
    }
  });

  it('ends a session past its lifetime or left idle too long', async () => {
    const user = await createUser(t.dataSource, 'agent', 'Sessione Scaduta');
    const expired = await openTestSession(t.dataSource, user.id);
    const idle = await openTestSession(t.dataSource, user.id);
    const fresh = await openTestSession(t.dataSource, user.id);
    const hash = (headers: Record<string, string>) =>
      createHash('sha256').update(headers.Cookie.replace('hd_session=', '')).digest('hex');
    await t.dataSource.query(
      `UPDATE user_session SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
      [hash(expired)],
    );
    // SESSION_IDLE_MINUTES defaults to 120.
    await t.dataSource.query(
      `UPDATE user_session SET last_seen_at = now() - interval '121 minutes' WHERE token_hash = $1`,
      [hash(idle)],
    );
    expect((await request(t.http).get('/api/auth/me').set(expired)).status).toBe(401);
    expect((await request(t.http).get('/api/auth/me').set(idle)).status).toBe(401);
    expect((await request(t.http).get('/api/auth/me').set(fresh)).status).toBe(200);
  });

  it('changes a password and ends the other sessions', async () => {
    const user = await createUser(t.dataSource, 'agent', 'Cambio Password');
    await withPassword(user);
    const other = authHeaders(user);
    const res = await login(user.email, PASSWORD);
    const mine = {
      Cookie: (res.headers['set-cookie'][0] as string).split(';')[0],
      'X-CSRF-Token': res.body.csrfToken,
    };
    const short = await request(t.http)
      .post('/api/auth/password')
      .set(mine)
      .send({ currentPassword: PASSWORD, newPassword: 'corta' });
    expect(short.status).toBe(400);
    expect(short.body.fields[0].field).toBe('newPassword');
    const ok = await request(t.http)
      .post('/api/auth/password')
      .set(mine)
      .send({ currentPassword: PASSWORD, newPassword: 'una-nuova-password-lunga' });
    expect(ok.status).toBe(204);
    expect((await request(t.http).get('/api/auth/me').set(other)).status).toBe(401);
    expect((await request(t.http).get('/api/auth/me').set(mine)).status).toBe(200);
    expect((await login(user.email, PASSWORD)).status).toBe(401);
    expect((await login(user.email, 'una-nuova-password-lunga')).status).toBe(200);
  });

  it("scopes an ente referent to their entes' tickets in the query, answers 404 for others, and audits reads", async () => {
    const create = async (enteId: string, subject: string) =>
      (
        await request(t.http)
          .post('/api/tickets')
          .set(authHeaders(f.agent))
          .send({ channel: 'phone', requester: { name: 'Cittadino', phone: '055 1' }, enteId, subject })
      ).body;
    const mine = await create(f.ente.id, 'Ticket di Pontassieve');
    const theirs = await create(f.otherEnte.id, 'Ticket di Fiesole');
    const list = await request(t.http).get('/api/tickets').query({ limit: 200 }).set(authHeaders(referent));
    expect(list.status).toBe(200);
    const ids = list.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    expect(list.body.items.every((i: { ente: { id: string } }) => i.ente.id === f.ente.id)).toBe(true);
    expect((await request(t.http).get(`/api/tickets/${theirs.id}`).set(authHeaders(referent))).status).toBe(
      404,
    );
    expect((await request(t.http).get(`/api/tickets/${mine.id}`).set(authHeaders(referent))).status).toBe(
      200,
    );
    const note = await request(t.http)
      .post(`/api/tickets/${mine.id}/notes`)
      .set(authHeaders(referent))
      .send({ body: 'Il cittadino ha richiamato' });
    expect(note.status).toBe(200);
    expect(
      (
        await request(t.http)
          .post(`/api/tickets/${theirs.id}/notes`)
          .set(authHeaders(referent))
          .send({ body: 'x' })
      ).status,
    ).toBe(404);
    expect(
      (await request(t.http).post(`/api/tickets/${mine.id}/take-charge`).set(authHeaders(referent)).send({}))
        .status,
    ).toBe(403);
    const audit = await request(t.http)
      .get('/api/admin/audit')
      .query({ action: 'ticket_read' })
      .set(authHeaders(admin));
    expect(
      audit.body.map((a: { targetId: string; actorId: string }) => [a.actorId, a.targetId]),
    ).toContainEqual([referent.id, mine.id]);
  });

  it('lets admins create users and change roles, audited, ending the changed user’s sessions', async () => {
    const created = await request(t.http).post('/api/admin/users').set(authHeaders(admin)).send({
      email: 'nuovo.operatore@test.example',
      name: 'Nuovo Operatore',
      role: 'agent',
      password: PASSWORD,
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toMatch(/argon2|password/i);
    const duplicate = await request(t.http)
      .post('/api/admin/users')
      .set(authHeaders(admin))
      .send({ email: 'NUOVO.operatore@test.example', name: 'Doppio', role: 'agent', password: PASSWORD });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.fields[0].field).toBe('email');
    const weak = await request(t.http)
      .post('/api/admin/users')
      .set(authHeaders(admin))
      .send({ email: 'debole@test.example', name: 'Debole', role: 'agent', password: 'breve' });
    expect(weak.body.fields[0].field).toBe('password');

    const res = await login('nuovo.operatore@test.example', PASSWORD);
    const session = { Cookie: (res.headers['set-cookie'][0] as string).split(';')[0] };
    const promoted = await request(t.http)
      .patch(`/api/admin/users/${created.body.id}`)
      .set(authHeaders(admin))
      .send({ role: 'supervisor' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('supervisor');
    expect((await request(t.http).get('/api/auth/me').set(session)).status).toBe(401);
    const audit = await request(t.http)
      .get('/api/admin/audit')
      .query({ action: 'role_changed' })
      .set(authHeaders(admin));
    expect(audit.body[0]).toMatchObject({
      actorId: admin.id,
      targetId: created.body.id,
      details: { from: 'agent', to: 'supervisor' },
    });
  });

  it('accepts a scoped API token only where its scope is asked for, and never after revocation', async () => {
    const created = await request(t.http)
      .post('/api/admin/tokens')
      .set(authHeaders(admin))
      .send({ name: 'Nagios', scopes: ['monitoring'] });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^hd_/);
    const bearer = { Authorization: `Bearer ${created.body.token}` };
    expect((await request(t.http).get('/api/tickets').set(bearer)).status).toBe(403);
    const [row] = await t.dataSource.query(`SELECT token_hash FROM api_token WHERE id = $1`, [
      created.body.id,
    ]);
    expect(row.token_hash).not.toBe(created.body.token);
    const listed = await request(t.http).get('/api/admin/tokens').set(authHeaders(admin));
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    expect(
      (await request(t.http).delete(`/api/admin/tokens/${created.body.id}`).set(authHeaders(admin))).status,
    ).toBe(204);
    expect((await request(t.http).get('/api/tickets').set(bearer)).status).toBe(401);
  });

  it('sends strict security headers', async () => {
    const res = await request(t.http).get('/api/health');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
