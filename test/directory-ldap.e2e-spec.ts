import { createServer, Server, Socket } from 'node:net';

import { hashPassword } from '@app/auth';
import {
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  LdapServer,
  requireSlapd,
  startLdapServer,
  TestApp,
} from '@app/testing';
import request from 'supertest';

/**
 * Staff sign-in through LDAP (issue 21) against a real OpenLDAP started for this file: service
 * account bind, user search, user bind, groups mapped to roles, refusals, and the directory down.
 */
const describeLdap = requireSlapd() ? describe : describe.skip;

const MARIO_PASSWORD = 'password-di-mario-2026';

describeLdap('Directory sign-in (LDAP, real slapd)', () => {
  let ldap: LdapServer;
  let t: TestApp;
  let f: BasicFixtures;

  const ldapEnv = (overrides: Record<string, string> = {}) => ({
    LDAP_URL: ldap.url,
    LDAP_BIND_DN: ldap.serviceDn,
    LDAP_BIND_PASSWORD: ldap.servicePassword,
    LDAP_USER_BASE: `ou=people,${ldap.suffix}`,
    LDAP_GROUP_BASE: `ou=groups,${ldap.suffix}`,
    // Written as people write DNs (capitals, blanks): matched all the same.
    LDAP_GROUP_ROLES: [
      `CN=HD-Agents, OU=Groups, ${ldap.suffix.toUpperCase()} => agent`,
      `${ldap.groupDn('hd-supervisors')} => supervisor`,
      `${ldap.groupDn('ref-pontassieve')} => ente_referent:PONTASSIEVE`,
    ].join('; '),
    ...overrides,
  });

  beforeAll(async () => {
    ldap = await startLdapServer();
    await ldap.addUser({
      uid: 'mrossi',
      name: 'Mario Rossi',
      mail: 'mario.rossi@ente.example',
      password: MARIO_PASSWORD,
    });
    await ldap.addUser({
      uid: 'lbianchi',
      name: 'Lucia Bianchi',
      mail: 'lucia.bianchi@ente.example',
      password: 'password-di-lucia',
    });
    await ldap.addUser({
      uid: 'vverdi',
      name: 'Vera Verdi',
      mail: 'vera.verdi@ente.example',
      password: 'password-di-vera',
    });
    await ldap.addUser({ uid: 'nomail', name: 'Senza Posta', password: 'password-senza-posta' });
    await ldap.addGroup('hd-agents', [ldap.userDn('mrossi'), ldap.userDn('nomail')]);
    await ldap.addGroup('hd-supervisors', []);
    await ldap.addGroup('ref-pontassieve', [ldap.userDn('vverdi')]);
    await ldap.addGroup('unrelated', [ldap.userDn('lbianchi')]);
    t = await createTestApp(ldapEnv());
    f = await createBasicFixtures(t.dataSource);
  });
  afterAll(async () => {
    await t?.close();
    await ldap?.stop();
  });

  const login = (email: string, password: string) =>
    request(t.http).post('/api/auth/login').send({ email, password });
  const audit = async (action: string) =>
    (await t.dataSource.query(
      `SELECT details, actor_id AS "actorId" FROM audit_log WHERE action = $1 ORDER BY id`,
      [action],
    )) as { details: Record<string, unknown>; actorId: string | null }[];
  const sessionCookie = (res: request.Response) =>
    ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('hd_session='));

  it('tells the sign-in page that a directory login is accepted', async () => {
    const res = await request(t.http).get('/api/auth/methods');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ local: true, directory: true, oidc: null });
  });

  it('counts directory sign-ins in the sign-in throttle: past the limit the directory is not even asked', async () => {
    const guesses = t.config.LOGIN_LOCK_AFTER;
    for (let i = 0; i < guesses; i += 1) {
      expect((await login('ospite', `guess-${i}`)).status).toBe(401);
    }
    expect((await login('ospite', 'one-more-guess')).status).toBe(429);
    const failures = (await audit('directory_login_failed')).filter((a) => a.details.login === 'ospite');
    expect(failures).toHaveLength(guesses);
  });

  it('signs a directory user in by login name: account created, role from the group, a session like a local one', async () => {
    const res = await login('mrossi', MARIO_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      user: { name: 'Mario Rossi', email: 'mario.rossi@ente.example', role: 'agent' },
      csrfToken: expect.any(String),
    });
    const cookie = sessionCookie(res);
    expect(cookie).toMatch(/HttpOnly/i);
    const me = await request(t.http).get('/api/auth/me').set('Cookie', cookie!.split(';')[0]);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: res.body.user.id, role: 'agent' });
    const [row] = await t.dataSource.query(
      `SELECT directory_dn AS dn, password_hash AS hash FROM app_user WHERE id = $1`,
      [res.body.user.id],
    );
    expect(row).toEqual({ dn: ldap.userDn('mrossi'), hash: null });
    expect((await audit('directory_user_created')).map((a) => a.actorId)).toEqual([res.body.user.id]);
    expect((await audit('directory_login')).at(-1)?.details).toMatchObject({ role: 'agent' });

    // By e-mail address too, and the same account.
    const again = await login('Mario.Rossi@ente.example', MARIO_PASSWORD);
    expect(again.status).toBe(200);
    expect(again.body.user.id).toBe(res.body.user.id);
  });

  it('refuses a wrong password and an unknown user with the same answer, audited with the reason', async () => {
    const wrong = await login('mrossi', 'not-the-password');
    const unknown = await login('nessuno', MARIO_PASSWORD);
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.message).toBe(unknown.body.message);
    const reasons = (await audit('directory_login_failed')).map((a) => a.details);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ login: 'mrossi', reason: 'wrong_password' }),
        expect.objectContaining({ login: 'nessuno', reason: 'unknown_user' }),
      ]),
    );
  });

  it('refuses an account the directory locked (password policy), even with the right password, and says it is locked', async () => {
    await ldap.addUser({
      uid: 'bloccato',
      name: 'Bruno Blocco',
      mail: 'bruno@ente.example',
      password: 'password-di-bruno',
    });
    await ldap.addMember('hd-agents', ldap.userDn('bloccato'));
    expect((await login('bloccato', 'password-di-bruno')).status).toBe(200);
    await ldap.lockUser('bloccato');
    // Told apart from a wrong password: the person learns whom to ask, the audit says why.
    const res = await login('bloccato', 'password-di-bruno');
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/^Account bloccato nella directory aziendale/);
    expect((await audit('directory_login_failed')).at(-1)?.details).toMatchObject({
      login: 'bloccato',
      reason: 'account_locked',
    });
    // A wrong password of an account that is not locked stays a wrong password.
    const wrong = await login('mrossi', 'non-la-sua-password');
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toMatch(/^E-mail o password errati/);
    expect((await audit('directory_login_failed')).at(-1)?.details).toMatchObject({
      login: 'mrossi',
      reason: 'wrong_password',
    });
  });

  it('refuses a name that finds several entries (two or more), never the first of them', async () => {
    for (const uid of ['dup1', 'dup2', 'dup3']) {
      await ldap.addUser({ uid, name: uid, mail: 'condiviso@ente.example', password: 'password-condivisa' });
    }
    await ldap.addMember('hd-agents', ldap.userDn('dup1'));
    const res = await login('condiviso@ente.example', 'password-condivisa');
    expect(res.status).toBe(401);
    const last = (await audit('directory_login_failed')).at(-1);
    expect(last?.details).toMatchObject({ login: 'condiviso@ente.example', reason: 'ambiguous_user' });
  });

  it('escapes LDAP filter syntax in the sign-in name: "*)(uid=*" and "mross*" match nobody', async () => {
    // Unescaped, "mross*" would find mrossi and his password would let it in.
    for (const name of ['*)(uid=*', 'mross*', '*', 'mrossi)(|(uid=*', 'mrossi\\']) {
      const res = await login(name, MARIO_PASSWORD);
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
    }
    const reasons = (await audit('directory_login_failed')).filter((a) => a.details.login === '*)(uid=*');
    expect(reasons.map((a) => a.details.reason)).toEqual(['unknown_user']);
  });

  it('refuses a user in no mapped group with a clear reason and creates no account', async () => {
    const res = await login('lbianchi', 'password-di-lucia');
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/nessun gruppo abilitato.*no group allowed/);
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM app_user WHERE email = 'lucia.bianchi@ente.example'`,
    );
    expect(count).toBe(0);
    expect((await audit('directory_login_refused')).map((a) => a.details)).toEqual(
      expect.arrayContaining([expect.objectContaining({ login: 'lbianchi', reason: 'no_mapped_group' })]),
    );
  });

  it('re-reads the role at every sign-in; out of every mapped group: refused and every session ended', async () => {
    const first = await login('mrossi', MARIO_PASSWORD);
    expect(first.body.user.role).toBe('agent');
    const oldCookie = sessionCookie(first)!.split(';')[0];

    await ldap.removeMember('hd-agents', ldap.userDn('mrossi'));
    await ldap.addMember('hd-supervisors', ldap.userDn('mrossi'));
    const promoted = await login('mrossi', MARIO_PASSWORD);
    expect(promoted.status).toBe(200);
    expect(promoted.body.user.role).toBe('supervisor');
    expect((await audit('directory_role_changed')).at(-1)?.details).toMatchObject({
      from: 'agent',
      to: 'supervisor',
    });
    // The role is the account's, so the earlier session acts as a supervisor now too.
    expect((await request(t.http).get('/api/auth/me').set('Cookie', oldCookie)).body.role).toBe('supervisor');

    await ldap.removeMember('hd-supervisors', ldap.userDn('mrossi'));
    const removed = await login('mrossi', MARIO_PASSWORD);
    expect(removed.status).toBe(403);
    expect((await request(t.http).get('/api/auth/me').set('Cookie', oldCookie)).status).toBe(401);
    const withdrawn = (await audit('directory_access_withdrawn')).at(-1);
    expect(withdrawn?.details).toMatchObject({ previousRole: 'supervisor' });
    expect(withdrawn?.details.sessionsEnded).toBeGreaterThanOrEqual(3);

    // Back in a group: back in.
    await ldap.addMember('hd-agents', ldap.userDn('mrossi'));
    expect((await login('mrossi', MARIO_PASSWORD)).body.user?.role).toBe('agent');
  });

  it('makes a referent group an ente_referent of its entes', async () => {
    const res = await login('vverdi', 'password-di-vera');
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe('ente_referent');
    const me = await request(t.http).get('/api/auth/me').set('Cookie', sessionCookie(res)!.split(';')[0]);
    expect(me.body.enteIds).toEqual([f.ente.id]);
  });

  it('refuses a directory entry without an e-mail address', async () => {
    const res = await login('nomail', 'password-senza-posta');
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/indirizzo e-mail/);
  });

  it('keeps local accounts working (break-glass) and never hands one to a directory entry with its address', async () => {
    const admin = await createUser(t.dataSource, 'admin', 'Admin Locale');
    await t.dataSource.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [
      admin.id,
      await hashPassword('password-locale-2026'),
    ]);
    const local = await login(admin.email, 'password-locale-2026');
    expect(local.status).toBe(200);
    expect(local.body.user.role).toBe('admin');

    // A local account already holds the address of Gino's entry: her directory entry may not take it over.
    await ldap.addUser({ uid: 'gneri', name: 'Gino Neri', mail: admin.email, password: 'password-di-gino' });
    await ldap.addMember('hd-agents', ldap.userDn('gneri'));
    const takeover = await login('gneri', 'password-di-gino');
    expect(takeover.status).toBe(403);
    expect(takeover.body.message).toMatch(/account locale/);
  });

  it('answers 503 with a clear message, fast, when the directory is silent (timeout) or down', async () => {
    // A server that accepts connections and never answers: only the timeout ends the wait.
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const mute = await createTestApp(
      ldapEnv({ LDAP_URL: `ldap://127.0.0.1:${port}`, LDAP_TIMEOUT_MS: '300' }),
    );
    try {
      const viaMute = await request(mute.http)
        .post('/api/auth/login')
        .send({ email: 'mrossi', password: MARIO_PASSWORD });
      expect(viaMute.status).toBe(503);
      expect(viaMute.body.message).toMatch(/non risponde.*not answering/);
      const [logged] = await mute.dataSource.query(
        `SELECT details FROM audit_log WHERE action = 'directory_unavailable'`,
      );
      expect(logged.details.cause).toMatch(/timed out/i);
    } finally {
      await mute.close();
      sockets.forEach((s) => s.destroy());
      silent.close();
    }

    // The real directory stopped: refused connections, the same answer; local accounts still sign in.
    await ldap.stop();
    const down = await login('mrossi', MARIO_PASSWORD);
    expect(down.status).toBe(503);
    expect(down.body.message).toMatch(/non risponde.*not answering/);
    expect((await audit('directory_unavailable')).map((a) => a.details.login)).toEqual(['mrossi']);
    const admin = await createUser(t.dataSource, 'admin', 'Admin di emergenza');
    await t.dataSource.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [
      admin.id,
      await hashPassword('password-emergenza-2026'),
    ]);
    expect((await login(admin.email, 'password-emergenza-2026')).status).toBe(200);
  });
});

describeLdap('Directory sign-in over TLS (LDAPS and StartTLS, real slapd with a test CA)', () => {
  let ldap: LdapServer;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    ldap = await startLdapServer({ tls: true });
    await ldap.addUser({
      uid: 'mrossi',
      name: 'Mario Rossi',
      mail: 'mario.rossi@ente.example',
      password: MARIO_PASSWORD,
    });
    await ldap.addGroup('hd-agents', [ldap.userDn('mrossi')]);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await ldap?.stop();
  });

  const signIn = async (env: Record<string, string>) => {
    const t = await createTestApp({
      LDAP_BIND_DN: ldap.serviceDn,
      LDAP_BIND_PASSWORD: ldap.servicePassword,
      LDAP_USER_BASE: `ou=people,${ldap.suffix}`,
      LDAP_GROUP_BASE: `ou=groups,${ldap.suffix}`,
      LDAP_GROUP_ROLES: `${ldap.groupDn('hd-agents')} => agent`,
      LDAP_TIMEOUT_MS: '3000',
      ...env,
    });
    apps.push(t);
    return request(t.http).post('/api/auth/login').send({ email: 'mrossi', password: MARIO_PASSWORD });
  };

  it('signs in over LDAPS trusting the CA of LDAP_CA_FILE', async () => {
    const res = await signIn({ LDAP_URL: ldap.ldapsUrl!, LDAP_CA_FILE: ldap.caFile! });
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe('agent');
  });

  it('signs in with StartTLS (the server refuses anything in the clear)', async () => {
    const res = await signIn({ LDAP_URL: ldap.url, LDAP_START_TLS: 'true', LDAP_CA_FILE: ldap.caFile! });
    expect(res.status).toBe(200);
    const clear = await signIn({ LDAP_URL: ldap.url });
    expect(clear.status).toBe(503);
  });

  it('refuses a certificate from a CA it was not told to trust: 503, no sign-in', async () => {
    const res = await signIn({ LDAP_URL: ldap.ldapsUrl! });
    expect(res.status).toBe(503);
    expect(res.body.message).toMatch(/non risponde.*not answering/);
  });
});
