import { authHeaders, createTestApp, createUser, TestApp } from '@app/testing';
import { UserEntity } from '@app/tickets';
import request from 'supertest';

/** Liveness and readiness for load balancers and for the centre's Nagios. */
describe('Health: live and ready (e2e)', () => {
  let t: TestApp;
  let prod: TestApp;
  let agent: UserEntity;

  beforeAll(async () => {
    t = await createTestApp({ MAIL_POLL_SECONDS: '30' });
    agent = await createUser(t.dataSource, 'agent', 'Marco Rossi');
    prod = await createTestApp({ NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await t?.close();
    await prod?.close();
  });

  const ready = async () => {
    const res = await request(t.http).get('/api/health/ready');
    return {
      status: res.status,
      body: res.body as { status: string; checks: Array<{ name: string; ok: boolean; detail?: string }> },
    };
  };

  it('is live without asking anything else', async () => {
    const res = await request(t.http).get('/api/health/live');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('is degraded (still 200, the api serves) while no worker beats, and ok once one does', async () => {
    let r = await ready();
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('degraded');
    expect(r.body.checks).toEqual(
      expect.arrayContaining([
        { name: 'database', ok: true },
        { name: 'queue', ok: true },
        expect.objectContaining({ name: 'workers', ok: false, detail: expect.stringContaining('heartbeat') }),
      ]),
    );
    await t.dataSource.query(
      `INSERT INTO worker_heartbeat (worker_id, hostname, pid, started_at, seen_at) VALUES ('w1', 'worker-1', 4242, now(), now())`,
    );
    r = await ready();
    expect(r.body).toEqual({
      status: 'ok',
      checks: [
        { name: 'database', ok: true },
        { name: 'queue', ok: true },
        { name: 'workers', ok: true },
      ],
    });
  });

  it('names a mailbox that failed or was not read recently', async () => {
    await t.dataSource.query(
      `INSERT INTO mailbox (name, address, imap_host, imap_port, imap_user, last_polled_at, last_error) VALUES
         ('protocollo', 'protocollo@cst.example', 'imap.example', 993, 'p', now() - interval '10 seconds', NULL),
         ('urp', 'urp@cst.example', 'imap.example', 993, 'u', now() - interval '10 seconds', 'AUTHENTICATIONFAILED'),
         ('tributi', 'tributi@cst.example', 'imap.example', 993, 't', now() - interval '1 hour', NULL)`,
    );
    const r = await ready();
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('degraded');
    const byName = Object.fromEntries(r.body.checks.map((c) => [c.name, c]));
    expect(byName['mailbox protocollo']).toEqual({ name: 'mailbox protocollo', ok: true });
    expect(byName['mailbox urp']).toEqual({ name: 'mailbox urp', ok: false, detail: 'last poll failed' });
    expect(byName['mailbox tributi']).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/^not polled for \d+ s$/),
    });
    // The IMAP server's own words stay in the admin pages, never on a public probe.
    expect(JSON.stringify(r.body)).not.toContain('AUTHENTICATIONFAILED');
  });

  it('in production shows anonymous probes the bare status only', async () => {
    const bare = await request(prod.http).get('/api/health/ready');
    expect(Object.keys(bare.body)).toEqual(['status']);
    expect(
      (await request(t.http).get('/api/health/ready').set(authHeaders(agent))).body.checks,
    ).toBeDefined();
  });
});
