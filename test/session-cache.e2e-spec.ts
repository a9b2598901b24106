import { SessionCacheInvalidator } from '@app/auth';
import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  eventually,
  openTestSession,
  TestApp,
} from '@app/testing';
import { Client } from 'pg';
import request from 'supertest';

/**
 * The session cache (issue 22.1): a signed-in agent's requests cost no session statement, yet a
 * sign-out, a deactivation, a role or ente change reaches every replica within about a second,
 * whoever made it (database triggers record each change in auth_change, which every process polls).
 * The cache lives far longer here (SESSION_CACHE_SECONDS=120) than any wait below: only the
 * invalidation can make these requests fail.
 */
describe('Session cache (e2e)', () => {
  let t: TestApp;
  let replica: TestApp;
  let f: BasicFixtures;
  const sessionReads: string[] = [];
  const original = Client.prototype.query;

  beforeAll(async () => {
    t = await createTestApp({ SESSION_CACHE_SECONDS: '120' });
    // A second api process on the same database, as behind a load balancer.
    replica = await createTestApp({ SESSION_CACHE_SECONDS: '120' }, t.database);
    f = await createBasicFixtures(t.dataSource);
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
      if (text?.includes('FROM user_session s JOIN app_user u')) sessionReads.push(text);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
  });
  afterAll(async () => {
    Client.prototype.query = original;
    await replica?.app.close();
    await t?.close();
  });

  const me = (app: TestApp, headers: Record<string, string>) =>
    request(app.http).get('/api/auth/me').set(headers);
  /** Signed in on `app` and answered from its memory from now on (its first poll done). */
  async function cachedOn(app: TestApp, headers: Record<string, string>) {
    await me(app, headers).expect(200);
    await app.app.get(SessionCacheInvalidator).poll();
    await me(app, headers).expect(200);
    sessionReads.length = 0;
    await me(app, headers).expect(200);
    expect(sessionReads).toEqual([]);
  }
  const refusedOn = (app: TestApp, headers: Record<string, string>, status: number, what: string) =>
    eventually(async () => ((await me(app, headers)).status === status ? true : undefined), what, 5_000);

  it('answers a signed-in agent from memory after the first request', async () => {
    await me(t, authHeaders(f.agent)).expect(200);
    // The first poll (started by the first session looked up) makes the cache trusted.
    await t.app.get(SessionCacheInvalidator).poll();
    await me(t, authHeaders(f.agent)).expect(200);
    sessionReads.length = 0;
    for (let i = 0; i < 5; i++) await me(t, authHeaders(f.agent)).expect(200);
    await request(t.http).get('/api/tickets').set(authHeaders(f.agent)).expect(200);
    expect(sessionReads).toEqual([]);
  });

  it('a sign-out ends the session at once here and within a poll on the other replica', async () => {
    const headers = await openTestSession(t.dataSource, f.agent.id);
    await cachedOn(t, headers);
    await cachedOn(replica, headers);
    await request(t.http).post('/api/auth/logout').set(headers).expect(204);
    await me(t, headers).expect(401);
    await refusedOn(replica, headers, 401, 'the replica to refuse the signed-out session');
  });

  it('a deactivation or a role change made behind the api reaches both processes', async () => {
    const headers = await openTestSession(t.dataSource, f.otherAgent.id);
    await cachedOn(t, headers);
    await cachedOn(replica, headers);
    // The supervisors' reports are not for agents; promoted, the agent gets them.
    const reports = (app: TestApp) =>
      request(app.http).get('/api/reports/satisfaction?from=2026-01-01&to=2026-01-31').set(headers);
    await reports(t).expect(403);
    await t.dataSource.query(`UPDATE app_user SET role = 'supervisor' WHERE id = $1`, [f.otherAgent.id]);
    for (const app of [t, replica]) {
      await eventually(
        async () => ((await reports(app)).status === 200 ? true : undefined),
        'the new role to apply',
        5_000,
      );
    }
    await t.dataSource.query(`UPDATE app_user SET active = false WHERE id = $1`, [f.otherAgent.id]);
    await refusedOn(t, headers, 401, 'this process to refuse the deactivated user');
    await refusedOn(replica, headers, 401, 'the replica to refuse the deactivated user');
  });

  it("a referent's entes follow a change of their entes", async () => {
    const [referent] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO app_user (email, name, role) VALUES ('ref.cache@example.org', 'Referente', 'ente_referent') RETURNING id`,
    );
    await t.dataSource.query(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [
      referent!.id,
      f.ente.id,
    ]);
    const headers = await openTestSession(t.dataSource, referent!.id);
    await cachedOn(replica, headers);
    expect((await me(replica, headers).expect(200)).body.enteIds).toEqual([f.ente.id]);
    await t.dataSource.query(`DELETE FROM user_ente WHERE user_id = $1`, [referent!.id]);
    await eventually(
      async () => ((await me(replica, headers)).body.enteIds?.length === 0 ? true : undefined),
      "the replica to drop the referent's ente",
      5_000,
    );
  });

  it('asks the database every time when the cache is off', async () => {
    const off = await createTestApp({ SESSION_CACHE_SECONDS: '0' }, t.database);
    try {
      expect(off.app.get(SessionCacheInvalidator).cache.enabled).toBe(false);
      sessionReads.length = 0;
      await me(off, authHeaders(f.supervisor)).expect(200);
      await me(off, authHeaders(f.supervisor)).expect(200);
      expect(sessionReads).toHaveLength(2);
    } finally {
      await off.app.close();
    }
  });
});
