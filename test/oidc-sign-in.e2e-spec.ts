import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';

import { createBasicFixtures, createTestApp, freePort, TestApp } from '@app/testing';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import request from 'supertest';

/**
 * OpenID Connect sign-in (issue 21) over HTTP with the browser's cookies, against an identity
 * provider played by this file: discovery, keys and a token endpoint whose ID token each test
 * chooses. That is how a wrong audience, nonce or signature can be sent at all; the full flow
 * through a real provider (oidc-provider) and a real browser is test/web-oidc-sign-in.e2e-spec.ts.
 */
const CLIENT_ID = 'helpdesk';
const CLIENT_SECRET = 'client-secret-for-tests';

interface TokenScenario {
  claims: Record<string, unknown>;
  audience?: string;
  nonce?: string;
  signWithStrangerKey?: boolean;
}

describe('OpenID Connect sign-in (e2e, HTTP)', () => {
  let t: TestApp;
  let provider: Server;
  let issuer: string;
  let key: KeyLike;
  let strangerKey: KeyLike;
  let jwk: JWK;
  let scenario: TokenScenario;
  let tokenRequests = 0;
  let lastNonce = '';

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const json = (body: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/openid-configuration') {
      return json({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
      });
    }
    if (req.url === '/jwks') return json({ keys: [{ ...jwk, kid: 'k1', use: 'sig', alg: 'RS256' }] });
    if (req.url === '/token' && req.method === 'POST') {
      tokenRequests += 1;
      for await (const chunk of req) void chunk;
      const idToken = await new SignJWT({ nonce: scenario.nonce ?? lastNonce, ...scenario.claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(issuer)
        .setAudience(scenario.audience ?? CLIENT_ID)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(scenario.signWithStrangerKey ? strangerKey : key);
      return json({ access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: idToken });
    }
    res.writeHead(404).end();
  };

  beforeAll(async () => {
    ({ privateKey: key, publicKey: jwk } = await generateKeyPair('RS256').then(async (pair) => ({
      privateKey: pair.privateKey,
      publicKey: await exportJWK(pair.publicKey),
    })));
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    provider = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => provider.listen(port, '127.0.0.1', resolve));
    t = await createTestApp({
      PUBLIC_URL: 'http://helpdesk.test',
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_GROUP_ROLES:
        '/helpdesk/agents => agent; /helpdesk/referenti-pontassieve => ente_referent:PONTASSIEVE',
    });
    await createBasicFixtures(t.dataSource);
  });
  afterAll(async () => {
    await t?.close();
    provider?.close();
  });

  /** Starts a sign-in as a browser would: the provider URL and the state cookie. */
  const start = async () => {
    const res = await request(t.http).get('/api/auth/oidc/start');
    expect(res.status).toBe(302);
    const url = new URL(res.headers.location);
    const cookie = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('hd_oidc_state='))!;
    lastNonce = url.searchParams.get('nonce')!;
    return { url, state: url.searchParams.get('state')!, cookie: cookie.split(';')[0], rawCookie: cookie };
  };
  const callback = (state: string, cookie?: string) => {
    const call = request(t.http).get(
      `/api/auth/oidc/callback?code=the-code&state=${encodeURIComponent(state)}`,
    );
    return cookie ? call.set('Cookie', cookie) : call;
  };
  const failures = async () =>
    (
      (await t.dataSource.query(
        `SELECT details FROM audit_log WHERE action = 'oidc_login_failed' ORDER BY id`,
      )) as { details: { reason: string; detail?: string } }[]
    ).map((r) => r.details);

  it('sends the browser to the provider with PKCE (S256), state and nonce, the state in an HttpOnly cookie', async () => {
    const { url, rawCookie } = await start();
    expect(url.origin + url.pathname).toBe(`${issuer}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      response_type: 'code',
      redirect_uri: 'http://helpdesk.test/api/auth/oidc/callback',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      scope: 'openid profile email',
    });
    expect(rawCookie).toMatch(/HttpOnly/i);
    expect(rawCookie).toMatch(/Path=\/api\/auth\/oidc/);
    const methods = await request(t.http).get('/api/auth/methods');
    expect(methods.body.oidc).toMatchObject({ start: '/api/auth/oidc/start' });
  });

  it('signs in with a valid ID token: a session exactly like a local one, role from the groups claim', async () => {
    scenario = {
      claims: {
        sub: 'u-1',
        email: 'anna.neri@ente.example',
        name: 'Anna Neri',
        groups: ['/helpdesk/agents'],
      },
    };
    const { state, cookie } = await start();
    const res = await callback(state, cookie);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/');
    const session = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('hd_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    const me = await request(t.http).get('/api/auth/me').set('Cookie', session.split(';')[0]);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ name: 'Anna Neri', role: 'agent', csrfToken: expect.any(String) });
    // The CSRF token guards writes as for a local session.
    const noCsrf = await request(t.http).post('/api/auth/logout').set('Cookie', session.split(';')[0]);
    expect(noCsrf.status).toBe(403);
    // The same state cannot be used twice.
    const replay = await callback(state, cookie);
    expect(replay.headers.location).toBe('/?signin_error=failed');
    expect((await failures()).at(-1)).toMatchObject({ reason: 'expired_state' });
  });

  it.each([
    ['a wrong audience', { audience: 'another-client' }, /aud/],
    ['a wrong nonce', { nonce: 'not-the-nonce' }, /nonce/],
    ['a signature by another key', { signWithStrangerKey: true }, /signature/],
  ])('refuses an ID token with %s, audited', async (_, twist, detail) => {
    scenario = { claims: { sub: 'u-2', email: 'x@ente.example', groups: ['/helpdesk/agents'] }, ...twist };
    const { state, cookie } = await start();
    const res = await callback(state, cookie);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/?signin_error=failed');
    expect(res.headers['set-cookie']?.toString() ?? '').not.toMatch(/hd_session=[^;]/);
    const last = (await failures()).at(-1)!;
    expect(last.reason).toBe('invalid_response');
    expect(last.detail).toMatch(detail);
  });

  it('refuses an expired state, or one this browser did not start, without asking the provider', async () => {
    const before = tokenRequests;
    const old = await start();
    await t.dataSource.query(
      `UPDATE oidc_login SET created_at = now() - interval '11 minutes' WHERE state = $1`,
      [old.state],
    );
    expect((await callback(old.state, old.cookie)).headers.location).toBe('/?signin_error=failed');
    expect((await failures()).at(-1)).toMatchObject({ reason: 'expired_state' });

    const other = await start();
    expect((await callback(other.state)).headers.location).toBe('/?signin_error=failed');
    expect((await failures()).at(-1)).toMatchObject({ reason: 'state_mismatch' });
    expect(tokenRequests).toBe(before);
  });

  it('refuses a user in no mapped group with its reason, and maps a referent group to its entes', async () => {
    scenario = { claims: { sub: 'u-3', email: 'ospite@ente.example', groups: ['/altro'] } };
    let flow = await start();
    expect((await callback(flow.state, flow.cookie)).headers.location).toBe('/?signin_error=no_mapped_group');

    scenario = {
      claims: {
        sub: 'u-4',
        email: 'ref@ente.example',
        name: 'Referente',
        groups: ['/helpdesk/referenti-pontassieve'],
      },
    };
    flow = await start();
    const res = await callback(flow.state, flow.cookie);
    expect(res.headers.location).toBe('/');
    const [row] = await t.dataSource.query(
      `SELECT role, oidc_subject AS subject FROM app_user WHERE email = 'ref@ente.example'`,
    );
    expect(row).toEqual({ role: 'ente_referent', subject: `${issuer} u-4` });
  });

  it('ends every session of a subject on a valid back-channel logout token, and refuses forged ones', async () => {
    scenario = {
      claims: { sub: 'u-5', email: 'bea@ente.example', name: 'Bea', groups: ['/helpdesk/agents'] },
    };
    const flow = await start();
    const signedIn = await callback(flow.state, flow.cookie);
    const session = ([] as string[])
      .concat(signedIn.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('hd_session='))!
      .split(';')[0];
    const me = () => request(t.http).get('/api/auth/me').set('Cookie', session);
    expect((await me()).status).toBe(200);

    const logoutToken = (
      twist: { key?: KeyLike; extra?: Record<string, unknown>; event?: boolean; audience?: string } = {},
    ) =>
      new SignJWT({
        sub: 'u-5',
        jti: `j-${Math.random()}`,
        ...(twist.event === false
          ? {}
          : { events: { 'http://schemas.openid.net/event/backchannel-logout': {} } }),
        ...twist.extra,
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(issuer)
        .setAudience(twist.audience ?? CLIENT_ID)
        .setIssuedAt()
        .sign(twist.key ?? key);
    const post = async (token: string) =>
      request(t.http).post('/api/auth/oidc/backchannel-logout').type('form').send({ logout_token: token });

    for (const forged of [
      await logoutToken({ key: strangerKey }),
      await logoutToken({ extra: { nonce: 'n' } }),
      await logoutToken({ event: false }),
      await logoutToken({ audience: 'another-client' }),
    ]) {
      const res = await post(forged);
      expect({ forged, status: res.status }).toEqual({ forged, status: 400 });
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'logout_token' })]);
    }
    expect((await me()).status).toBe(200);

    const res = await post(await logoutToken());
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await me()).status).toBe(401);
    const [logged] = await t.dataSource.query(
      `SELECT details FROM audit_log WHERE action = 'oidc_backchannel_logout' ORDER BY id DESC LIMIT 1`,
    );
    expect(logged.details).toEqual({ subject: `${issuer} u-5`, sessionsEnded: 1 });
  });

  it('answers 503 when the provider cannot be reached', async () => {
    const down = await createTestApp({
      PUBLIC_URL: 'http://helpdesk.test',
      OIDC_ISSUER: `http://127.0.0.1:${await freePort()}`,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_GROUP_ROLES: '/helpdesk/agents => agent',
    });
    try {
      const res = await request(down.http).get('/api/auth/oidc/start');
      expect(res.status).toBe(503);
      expect(res.body.message).toMatch(/non risponde.*not answering/);
    } finally {
      await down.close();
    }
  });
});
