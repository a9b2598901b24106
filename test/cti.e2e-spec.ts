import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  TestApp,
} from '@app/testing';
import { ContactEntity, UserEntity } from '@app/tickets';
import request from 'supertest';

/** The README's PBX script (`/usr/local/bin/helpdesk-cti`), as an administrator would paste it. */
function readmeScript(): string {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const start = readme.indexOf('```bash', readme.indexOf('/usr/local/bin/helpdesk-cti'));
  const end = readme.indexOf('```', start + 7);
  if (start < 0 || end < 0) throw new Error('README: the PBX script was not found');
  return readme
    .slice(start + 7, end)
    .split('\n')
    .map((line) => line.replace(/^ {2}/, ''))
    .join('\n')
    .trim();
}

const epoch = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

describe('CTI events from the PBX (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let bearer: Record<string, string>;
  let contact: ContactEntity;

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    const token = await request(t.http)
      .post('/api/admin/tokens')
      .set(authHeaders(admin))
      .send({ name: 'Centralino', scopes: ['cti'] });
    expect(token.status).toBe(201);
    bearer = { Authorization: `Bearer ${token.body.token}` };
    // Typed by hand in the intake form, in its own format.
    contact = await t.dataSource.getRepository(ContactEntity).save({
      name: 'Anna Neri',
      email: 'anna.neri@comune.pontassieve.fi.it',
      phone: '055/834.56.78',
      enteId: f.ente.id,
    });
  });
  afterAll(() => t?.close());

  it("takes a call from the README's PBX script, run verbatim with bash and curl", async () => {
    await t.app.listen(0, '127.0.0.1');
    const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const dir = mkdtempSync(join(tmpdir(), 'helpdesk-cti-'));
    try {
      writeFileSync(join(dir, 'helpdesk-cti'), readmeScript(), { mode: 0o755 });
      writeFileSync(join(dir, 'token'), bearer.Authorization.replace('Bearer ', ''));
      const env = { PATH: process.env.PATH, HELPDESK_URL: base, HELPDESK_TOKEN_FILE: join(dir, 'token') };
      const run = (...pairs: string[]) =>
        promisify(execFile)('bash', [join(dir, 'helpdesk-cti'), ...pairs], { env });
      await run(
        'event=newCall',
        'callId=1764840000.9',
        'from=+39 055 8345678',
        'to=0550001000',
        'direction=in',
      );
      await run('event=answer', 'callId=1764840000.9', 'user=201');
      await run('event=answer', 'callId=1764840000.9', 'user=201'); // a retry: nothing doubled
      await run('event=hangup', 'callId=1764840000.9', 'cause=normalClearing');
      await expect(run('event=hangup', 'callId=1764840000.9', 'from=3470000000')).rejects.toThrow(/409/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const [call] = await t.dataSource.query(
      `SELECT status, answered_by, contact_id FROM phone_call WHERE call_id = '1764840000.9'`,
    );
    expect(call).toEqual({ status: 'answered', answered_by: '201', contact_id: contact.id });
  });

  const post = (body: Record<string, unknown>, headers = bearer) =>
    request(t.http).post('/api/cti/events').set(headers).send(body);
  const postForm = (body: Record<string, string>) =>
    request(t.http).post('/api/cti/events').set(bearer).type('form').send(body);

  it('follows a call from ringing to answered and ended, the caller matched on the normalised number', async () => {
    const ring = await postForm({
      event: 'newCall',
      callId: 'pbx-1',
      from: '+39 055 8345678',
      to: '0550001000',
      direction: 'in',
      timestamp: String(epoch('2026-12-04T09:00:00Z')),
    });
    expect(ring.status).toBe(200);
    expect(ring.body).toMatchObject({
      action: 'recorded',
      call: { callId: 'pbx-1', status: 'ringing', caller: '+390558345678', contactId: contact.id },
    });
    expect(new Date(ring.body.call.startedAt).toISOString()).toBe('2026-12-04T09:00:00.000Z');

    const answer = await post({
      event: 'answer',
      callId: 'pbx-1',
      user: '201',
      timestamp: epoch('2026-12-04T09:00:12Z'),
    });
    expect(answer.body.call).toMatchObject({ status: 'talking', answeredBy: '201' });
    const hangup = await post({
      event: 'hangup',
      callId: 'pbx-1',
      cause: 'normalClearing',
      timestamp: epoch('2026-12-04T09:03:12Z'),
    });
    expect(hangup.body.call).toMatchObject({ status: 'answered', cause: 'normalClearing' });
    expect(new Date(hangup.body.call.endedAt).toISOString()).toBe('2026-12-04T09:03:12.000Z');
  });

  it("phone intake's contact lookup finds a number typed in any format", async () => {
    for (const q of ['0039 055 8345678', '+39 055 834 5678', '0558345678']) {
      const res = await request(t.http).get('/api/contacts').query({ q }).set(authHeaders(f.agent));
      expect(res.status).toBe(200);
      expect(res.body.map((c: { id: string }) => c.id)).toContain(contact.id);
    }
  });

  it('is idempotent by callId and event: a retried post writes nothing', async () => {
    const body = { event: 'newCall', callId: 'pbx-2', from: '3471234567', to: '0550001000', direction: 'in' };
    expect((await post(body)).body.action).toBe('recorded');
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(again.body.action).toBe('duplicate');
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM phone_call_event WHERE call_id = 'pbx-2'`,
    );
    expect(n).toBe(1);
    const [{ calls }] = await t.dataSource.query(
      `SELECT count(*)::int AS calls FROM phone_call WHERE call_id = 'pbx-2'`,
    );
    expect(calls).toBe(1);
  });

  it('handles events out of order: a hangup before its answer, an answer before its newCall', async () => {
    const from = '0039 055 8345678';
    await post({
      event: 'hangup',
      callId: 'pbx-3',
      cause: 'normalClearing',
      timestamp: epoch('2026-12-04T10:02:00Z'),
    });
    await post({ event: 'answer', callId: 'pbx-3', user: '202', timestamp: epoch('2026-12-04T10:00:20Z') });
    const ring = await post({
      event: 'newCall',
      callId: 'pbx-3',
      from,
      to: '0550001000',
      direction: 'in',
      timestamp: epoch('2026-12-04T10:00:00Z'),
    });
    expect(ring.body.call).toMatchObject({
      status: 'answered',
      answeredBy: '202',
      caller: '+390558345678',
      contactId: contact.id,
    });
    expect(new Date(ring.body.call.startedAt).toISOString()).toBe('2026-12-04T10:00:00.000Z');
    expect(new Date(ring.body.call.answeredAt).toISOString()).toBe('2026-12-04T10:00:20.000Z');
  });

  it('records a missed call and an outbound call (the outside party is the called number)', async () => {
    await post({ event: 'newCall', callId: 'pbx-4', from: '055 8345678', to: '0550001000', direction: 'in' });
    const missed = await post({ event: 'hangup', callId: 'pbx-4', cause: 'cancel' });
    expect(missed.body.call).toMatchObject({ status: 'missed', cause: 'cancel', answeredAt: null });

    const out = await post({
      event: 'newCall',
      callId: 'pbx-5',
      from: '201',
      to: '0558345678',
      direction: 'out',
      user: '201',
    });
    expect(out.body.call).toMatchObject({ direction: 'out', caller: '+390558345678', contactId: contact.id });
  });

  it('refuses a call id reused with another number (409) and writes nothing', async () => {
    await post({ event: 'newCall', callId: 'pbx-6', from: '3471234567', to: '0550001000', direction: 'in' });
    const reused = await post({
      event: 'hangup',
      callId: 'pbx-6',
      from: '3479999999',
      cause: 'normalClearing',
    });
    expect(reused.status).toBe(409);
    expect(reused.body.message).toContain('callId');
    const again = await post({
      event: 'newCall',
      callId: 'pbx-6',
      from: '3479999999',
      to: '0550001000',
      direction: 'in',
    });
    expect(again.status).toBe(409);
    // The same number written another way is the same call.
    const same = await post({ event: 'hangup', callId: 'pbx-6', from: '+39 347 1234567', cause: 'busy' });
    expect(same.status).toBe(200);
    expect(same.body.call.status).toBe('missed');
  });

  it.each([
    [{ callId: 'x', from: '1', to: '2', direction: 'in' }, 'event'],
    [{ event: 'ring', callId: 'x' }, 'event'],
    [{ event: 'newCall', from: '0558345678', to: '0550001000', direction: 'in' }, 'callId'],
    [{ event: 'newCall', callId: 'x', to: '0550001000', direction: 'in' }, 'from'],
    [{ event: 'newCall', callId: 'x', from: '0558345678', to: '0550001000' }, 'direction'],
    [
      { event: 'newCall', callId: 'x', from: '0558345678', to: '0550001000', direction: 'sideways' },
      'direction',
    ],
    [{ event: 'hangup', callId: 'x', cause: 'two words' }, 'cause'],
    [{ event: 'hangup', callId: 'x', timestamp: 'yesterday' }, 'timestamp'],
    [{ event: 'hangup', callId: 'x', timestamp: epoch('2026-12-04T00:00:00Z') + 86_400 * 3650 }, 'timestamp'],
    [{ event: 'hangup', callId: 'x', colour: 'red' }, 'colour'],
  ])('answers a malformed event %j with a 400 naming %s', async (body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(field);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM phone_call_event WHERE call_id = 'x'`,
    );
    expect(n).toBe(0);
  });

  it('takes only a token with the cti scope', async () => {
    const body = { event: 'newCall', callId: 'pbx-7', from: '3471234567', to: '0550001000', direction: 'in' };
    expect((await post(body, { Authorization: 'Bearer hd_unknown' })).status).toBe(401);
    const nagios = await request(t.http)
      .post('/api/admin/tokens')
      .set(authHeaders(admin))
      .send({ name: 'Nagios', scopes: ['monitoring'] });
    expect((await post(body, { Authorization: `Bearer ${nagios.body.token}` })).status).toBe(403);
    const cti = await request(t.http)
      .post('/api/admin/tokens')
      .set(authHeaders(admin))
      .send({ name: 'PBX', scopes: ['cti'] });
    expect(
      (
        await request(t.http)
          .get('/api/tickets')
          .set({ Authorization: `Bearer ${cti.body.token}` })
      ).status,
    ).toBe(403);
  });

  it('applies concurrent posts of one call one at a time: nothing doubled', async () => {
    const events = ['newCall', 'answer', 'hangup'].flatMap((event) =>
      [1, 2, 3].map(() => ({
        event,
        callId: 'pbx-8',
        from: '3471234567',
        to: '0550001000',
        direction: 'in',
        user: '203',
        cause: 'normalClearing',
      })),
    );
    const answers = await Promise.all(events.map((e) => post(e)));
    expect(answers.map((a) => a.status)).toEqual(events.map(() => 200));
    expect(answers.filter((a) => a.body.action === 'recorded')).toHaveLength(3);
    const [call] = await t.dataSource.query(`SELECT status FROM phone_call WHERE call_id = 'pbx-8'`);
    expect(call.status).toBe('answered');
  });
});
