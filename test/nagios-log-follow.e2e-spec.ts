import { appendFile, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AppConfig } from '@app/config';
import { MonitoringLogCursorRepository, MonitoringService, NagiosLogFollower } from '@app/monitoring';
import { authHeaders, createTestApp, createUser, TestApp } from '@app/testing';
import request from 'supertest';

/**
 * The worker follows Nagios's current log (NAGIOS_LOG_FILE) for what no notification brought: a
 * flapping host's HARD changes, which Nagios logs and does not notify, must reach availability;
 * what a notification brought is not stored twice; no line opens a ticket; the position survives,
 * a half-written line and a fresh one wait, a rotation starts the new file over.
 */
describe('Nagios log followed for the changes nobody notified (e2e)', () => {
  let t: TestApp;
  let dir: string;
  let logFile: string;
  let bearer: Record<string, string>;
  // An hour ago, whole seconds: the webhook refuses the future.
  const t0 = Math.floor(Date.now() / 1000) - 3600;
  const line = (at: number, text: string) => `[${at}] ${text}\n`;

  beforeAll(async () => {
    t = await createTestApp();
    dir = await mkdtemp(join(tmpdir(), 'nagios-log-'));
    logFile = join(dir, 'nagios.log');
    const admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    const token = await request(t.http)
      .post('/api/admin/tokens')
      .set(authHeaders(admin))
      .send({ name: 'Nagios', scopes: ['monitoring'] });
    bearer = { Authorization: `Bearer ${token.body.token}` };
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const follower = (settleSeconds = 0) =>
    new NagiosLogFollower(
      { ...t.config, NAGIOS_LOG_FILE: logFile, NAGIOS_LOG_SETTLE_SECONDS: settleSeconds } as AppConfig,
      t.app.get(MonitoringService),
      new MonitoringLogCursorRepository(t.dataSource),
    );
  const history = async (host: string) =>
    (
      await t.dataSource.query<{ at: string; kind: string; state: string; phase: string; origin: string }[]>(
        `SELECT extract(epoch FROM occurred_at)::int AS at, kind, state, phase, origin FROM monitoring_event
          WHERE host = $1 ORDER BY occurred_at, id`,
        [host],
      )
    ).map((r) => `${Number(r.at) - t0} ${r.kind === 'state' ? r.state : r.phase} ${r.origin}`);
  const tickets = async (host: string) =>
    Number(
      (
        await t.dataSource.query<{ n: string }[]>(
          `SELECT count(DISTINCT ticket_id) AS n FROM monitoring_problem WHERE host = $1`,
          [host],
        )
      )[0]!.n,
    );

  it('a flapping host: the HARD changes Nagios never notified are stored, the notified one once, no ticket from the log', async () => {
    // Notified: the DOWN (stamped with $TIMET$, a second after the log line). Then Nagios sees the
    // host flapping and only logs its changes.
    const down = await request(t.http)
      .post('/api/monitoring/nagios')
      .set(bearer)
      .send({
        type: 'PROBLEM',
        host: 'flapper',
        state: 'DOWN',
        stateType: 'HARD',
        output: 'PING CRITICAL',
        timestamp: t0 + 1,
      });
    expect(down.status).toBe(200);
    await writeFile(
      logFile,
      line(t0, 'HOST ALERT: flapper;DOWN;HARD;1;PING CRITICAL') +
        line(t0, 'HOST NOTIFICATION: helpdesk;flapper;DOWN;notify-helpdesk-host;PING CRITICAL') +
        line(t0 + 5, 'HOST FLAPPING ALERT: flapper;STARTED; Host appears to have started flapping') +
        line(t0 + 10, 'HOST ALERT: flapper;UP;HARD;1;PING OK') +
        line(t0 + 20, 'HOST ALERT: flapper;DOWN;SOFT;1;PING CRITICAL') +
        line(t0 + 21, 'HOST ALERT: flapper;DOWN;HARD;2;PING CRITICAL') +
        line(t0 + 30, 'HOST ALERT: flapper;UP;HARD;1;PING OK'),
    );
    const first = await follower().follow();
    expect(first).toMatchObject({ stored: 3 });
    expect(await history('flapper')).toEqual(['1 DOWN webhook', '10 UP log', '21 DOWN log', '30 UP log']);
    // History only: the webhook's ticket is the one ticket, and the log opened no problem.
    expect(await tickets('flapper')).toBe(1);
    // The position is kept: nothing read twice.
    expect(await follower().follow()).toEqual({ bytes: 0, events: 0, stored: 0 });
  });

  it('a half-written line and a line newer than the settling time wait for the next run', async () => {
    await appendFile(logFile, '[' + (t0 + 40) + '] HOST ALERT: flapper;DOWN;HA');
    expect(await follower().follow()).toMatchObject({ stored: 0 });
    await appendFile(logFile, 'RD;1;PING CRITICAL\n');
    // A line ten seconds old, with two minutes to settle: left for the notification.
    const now = new Date((t0 + 50) * 1000);
    expect(await follower(120).follow(now)).toMatchObject({ bytes: 0 });
    expect(await follower(120).follow(new Date((t0 + 40 + 120) * 1000))).toMatchObject({ stored: 1 });
    expect((await history('flapper')).at(-1)).toBe('40 DOWN log');
  });

  it('a repeated state (CURRENT STATE at a rotation) and a notified downtime are not stored again; a rotated log is read from its start', async () => {
    // The downtime's notification arrives first (as it does: the log is read once settled).
    await request(t.http)
      .post('/api/monitoring/nagios')
      .set(bearer)
      .send({
        type: 'DOWNTIMESTART',
        host: 'flapper',
        state: 'DOWN',
        output: 'PING CRITICAL',
        timestamp: t0 + 71,
      })
      .expect(200);
    await rename(logFile, join(dir, 'nagios-archived.log'));
    await writeFile(
      logFile,
      line(t0 + 60, 'LOG ROTATION: DAILY') +
        line(t0 + 60, 'CURRENT HOST STATE: flapper;DOWN;HARD;1;PING CRITICAL') +
        line(
          t0 + 70,
          'HOST DOWNTIME ALERT: flapper;STARTED; Host has entered a period of scheduled downtime',
        ) +
        line(t0 + 80, 'HOST ALERT: flapper;UP;HARD;1;PING OK'),
    );
    expect(await follower().follow()).toMatchObject({ events: 3, stored: 1 });
    // (The DOWNTIMESTART also carries the state, DOWN, stored with it.)
    expect((await history('flapper')).filter((h) => Number(h.split(' ')[0]) > 40)).toEqual([
      '71 STARTED webhook',
      '71 DOWN webhook',
      '80 UP log',
    ]);
  });
});
