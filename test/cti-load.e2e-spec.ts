import { authHeaders, createTestApp, createUser, TestApp } from '@app/testing';
import request from 'supertest';

import { CTI_EVENTS_PER_MINUTE } from '../libs/telephony/src/cti.controller';

/**
 * The loopback load test of the phone line (issue 24): a busy minute of 50 calls, their events
 * posted in parallel, out of order and each retried once (a PBX script that did not see the first
 * answer), leaves 50 calls and 150 events, nothing doubled, nothing lost; a flood past the bound
 * is refused with 429 and Retry-After, never a 5xx, and nothing of it is stored.
 */
describe('CTI load: a busy minute, then a flood (e2e)', () => {
  let t: TestApp;
  let bearer: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    const token = await request(t.http)
      .post('/api/admin/tokens')
      .set(authHeaders(admin))
      .send({ name: 'Centralino', scopes: ['cti'] })
      .expect(201);
    bearer = { Authorization: `Bearer ${token.body.token}` };
  });
  afterAll(() => t?.close());

  const post = (body: Record<string, unknown>) =>
    request(t.http).post('/api/cti/events').set(bearer).send(body);

  /** Runs the requests `width` at a time, as a PBX with several lines posts them. */
  async function inParallel<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
    const results: T[] = new Array(jobs.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < jobs.length) {
          const i = next++;
          results[i] = await jobs[i]();
        }
      }),
    );
    return results;
  }

  it('takes 50 calls in a minute, in parallel, out of order and retried, exactly once each', async () => {
    const base = Math.floor(Date.now() / 1000) - 120;
    const events: Record<string, unknown>[] = [];
    for (let i = 0; i < 50; i++) {
      const callId = `load-${i}`;
      const from = `055 77${String(i).padStart(5, '0')}`;
      const start = base + i;
      const call = [
        { event: 'newCall', callId, from, to: '0550001000', direction: 'in', timestamp: start },
        { event: 'answer', callId, user: String(200 + (i % 5)), timestamp: start + 5 },
        { event: 'hangup', callId, cause: 'normalClearing', timestamp: start + 65 },
      ];
      // Every fifth call's hangup overtakes its answer; every event is posted twice.
      if (i % 5 === 0) call.reverse();
      events.push(...call, ...call);
    }
    const answers = await inParallel(
      events.map((e) => () => post(e)),
      8,
    );
    expect(answers.filter((a) => a.status !== 200).map((a) => [a.status, a.body])).toEqual([]);
    const actions = answers.map((a) => a.body.action as string);
    expect(actions.filter((a) => a === 'recorded')).toHaveLength(150);
    expect(actions.filter((a) => a === 'duplicate')).toHaveLength(150);
    const [counts] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM phone_call WHERE call_id LIKE 'load-%') AS calls,
              (SELECT count(*)::int FROM phone_call_event WHERE call_id LIKE 'load-%') AS events,
              (SELECT count(*)::int FROM phone_call WHERE call_id LIKE 'load-%' AND status = 'answered'
                  AND ended_at - answered_at = interval '60 seconds') AS whole`,
    );
    expect(counts).toEqual({ calls: 50, events: 150, whole: 50 });
  }, 120_000);

  it('refuses a flood past the bound with 429 and Retry-After, no 5xx, nothing of it stored', async () => {
    const flood = Array.from({ length: CTI_EVENTS_PER_MINUTE + 100 }, (_, i) => ({
      event: 'newCall',
      callId: `flood-${i}`,
      from: '055 7000000',
      to: '0550001000',
      direction: 'in',
    }));
    const answers = await inParallel(
      flood.map((e) => () => post(e)),
      16,
    );
    const statuses = new Set(answers.map((a) => a.status));
    expect([...statuses].sort()).toEqual([200, 429]);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.every((a) => Number(a.headers['retry-after']) > 0)).toBe(true);
    const accepted = answers.filter((a) => a.status === 200).length;
    const [{ stored }] = await t.dataSource.query(
      `SELECT count(*)::int AS stored FROM phone_call WHERE call_id LIKE 'flood-%'`,
    );
    expect(stored).toBe(accepted);
  }, 120_000);
});
