import { createHash } from 'node:crypto';

import { hashPassword } from '@app/auth';
import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  TestApp,
} from '@app/testing';
import { UserEntity } from '@app/tickets';
import request from 'supertest';

/**
 * Issue 16.16, 16.17, 16.19: the api pieces the admin pages need — password refusals with a code
 * to translate, whether the user has a local password, the audit log filtered by user, action and
 * time range and paged, a quarantined mail read and discarded, a sender domain removed, the
 * import's columns and template.
 */
describe('the admin pages’ api (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratrice Pagine');
  });
  afterAll(() => t?.close());

  const as = (user: { id: string }) => authHeaders(user);

  it('says whether the user has a local password, and refuses a new one with a code to translate', async () => {
    const user = await createUser(t.dataSource, 'agent', 'Locale Lucia');
    let me = await request(t.http).get('/api/auth/me').set(as(user)).expect(200);
    expect(me.body.localPassword).toBe(false); // no password kept here (a directory user)
    const current = 'una-password-lunga-e-sicura-2026';
    await t.dataSource.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [
      user.id,
      await hashPassword(current),
    ]);
    me = await request(t.http).get('/api/auth/me').set(as(user)).expect(200);
    expect(me.body.localPassword).toBe(true);

    const change = (body: Record<string, string>) =>
      request(t.http).post('/api/auth/password').set(as(user)).send(body);
    const wrong = await change({
      currentPassword: 'non-la-mia',
      newPassword: 'cavallo-batteria-graffetta-9',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields).toEqual([
      expect.objectContaining({ field: 'currentPassword', code: 'wrongCurrentPassword' }),
    ]);
    const short = await change({ currentPassword: current, newPassword: 'breve' });
    expect(short.body.fields).toEqual([
      expect.objectContaining({ field: 'newPassword', code: 'passwordTooShort', params: { min: 12 } }),
    ]);
    const common = await change({ currentPassword: current, newPassword: 'password1234' });
    expect(common.body.fields[0]).toMatchObject({ field: 'newPassword', code: 'passwordCommon' });
    const reset = await request(t.http)
      .patch(`/api/admin/users/${user.id}`)
      .set(as(admin))
      .send({ password: 'aaaaaaaaaaaaaaa' });
    expect(reset.body.fields[0]).toMatchObject({ field: 'password', code: 'passwordRepeated' });
    await change({ currentPassword: current, newPassword: 'cavallo-batteria-graffetta-9' }).expect(204);
  });

  it('filters the audit log by user, action and time range, and pages back by id', async () => {
    const who = await createUser(t.dataSource, 'agent', 'Auditata Anna');
    const other = await createUser(t.dataSource, 'agent', 'Altro Aldo');
    const insert = (actor: string, action: string, at: string) =>
      t.dataSource.query(`INSERT INTO audit_log (actor_id, action, at, details) VALUES ($1, $2, $3, '{}')`, [
        actor,
        action,
        at,
      ]);
    for (let day = 1; day <= 5; day++) await insert(who.id, 'login', `2026-03-0${day}T10:00:00Z`);
    await insert(who.id, 'logout', '2026-03-03T11:00:00Z');
    await insert(other.id, 'login', '2026-03-03T10:00:00Z');
    const audit = (query: Record<string, string | number>) =>
      request(t.http).get('/api/admin/audit').query(query).set(as(admin));

    const mine = await audit({ actorId: who.id }).expect(200);
    expect(mine.body).toHaveLength(6);
    expect(mine.body.every((r: { actorId: string }) => r.actorId === who.id)).toBe(true);
    const range = await audit({
      actorId: who.id,
      action: 'login',
      from: '2026-03-02T00:00:00Z',
      to: '2026-03-04T00:00:00Z',
    }).expect(200);
    expect(range.body.map((r: { at: string }) => r.at)).toEqual([
      '2026-03-03T10:00:00.000Z',
      '2026-03-02T10:00:00.000Z',
    ]);
    const first = await audit({ actorId: who.id, limit: 4 }).expect(200);
    const next = await audit({ actorId: who.id, limit: 4, before: first.body[3].id }).expect(200);
    expect(next.body).toHaveLength(2);
    const ids = [...first.body, ...next.body].map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(6);

    const backwards = await audit({ from: '2026-03-04T00:00:00Z', to: '2026-03-02T00:00:00Z' }).expect(400);
    expect(backwards.body.fields[0]).toMatchObject({ field: 'to', code: 'toBeforeFrom' });
    await audit({ actorId: 'nessuno' }).expect(400);
    const actions = await request(t.http).get('/api/admin/audit/actions').set(as(admin)).expect(200);
    expect(actions.body).toEqual(expect.arrayContaining(['login', 'logout']));
    await request(t.http).get('/api/admin/audit/actions').set(as(f.supervisor)).expect(403);
  });

  it('reads a quarantined mail as plain text, discards it (kept, no longer listed)', async () => {
    const raw = Buffer.from(
      [
        'From: Spam Sender <spam@example.org>',
        'To: assistenza@cst.example',
        'Subject: Offerta imperdibile',
        'Message-ID: <quarantena-1@example.org>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/alternative; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Testo in chiaro della mail.',
        '--b',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Testo <script>alert(1)</script> in HTML</p>',
        '--b--',
        '',
      ].join('\r\n'),
    );
    const [{ id }] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO inbound_mail (message_id, dedup_key, raw, raw_sha256, size, from_address, subject, outcome, reason)
       VALUES ('<quarantena-1@example.org>', 'quarantena-1', $1, $2, $3, 'spam@example.org', 'Offerta imperdibile',
               'quarantined', 'mittente sconosciuto / unknown sender') RETURNING id`,
      [raw, createHash('sha256').update(raw).digest('hex'), raw.length],
    );
    const read = await request(t.http).get(`/api/mail/inbound/${id}`).set(as(admin)).expect(200);
    expect(read.body).toMatchObject({
      id,
      from: 'spam@example.org',
      subject: 'Offerta imperdibile',
      outcome: 'quarantined',
      to: ['assistenza@cst.example'],
    });
    expect(read.body.text).toContain('Testo in chiaro della mail.');
    expect(JSON.stringify(read.body)).not.toContain('<script>');
    expect(read.body).not.toHaveProperty('raw');
    await request(t.http).get(`/api/mail/inbound/${id}`).set(as(f.supervisor)).expect(403);

    const listed = async () =>
      (await request(t.http).get('/api/mail/quarantine').set(as(admin))).body.some(
        (m: { id: string }) => m.id === id,
      );
    expect(await listed()).toBe(true);
    const discarded = await request(t.http)
      .post(`/api/mail/inbound/${id}/discard`)
      .set(as(admin))
      .expect(200);
    expect(discarded.body).toEqual({ id, outcome: 'discarded' });
    expect(await listed()).toBe(false);
    const again = await request(t.http).post(`/api/mail/inbound/${id}/discard`).set(as(admin)).expect(400);
    expect(again.body.fields[0]).toMatchObject({ field: 'id', code: 'notQuarantined' });
    await request(t.http).post(`/api/mail/inbound/${id}/reprocess`).set(as(admin)).expect(400);
    await request(t.http).get(`/api/mail/inbound/${id}/raw`).set(as(admin)).expect(200);
  });

  it('removes a sender domain from the map', async () => {
    await request(t.http)
      .put('/api/mail/domains')
      .set(as(admin))
      .send({ domain: 'Comune.Pontassieve.Fi.It', enteId: f.ente.id })
      .expect(200);
    const domains = async () =>
      (await request(t.http).get('/api/mail/domains').set(as(admin))).body.map(
        (d: { domain: string }) => d.domain,
      );
    expect(await domains()).toContain('comune.pontassieve.fi.it');
    await request(t.http).delete('/api/mail/domains/COMUNE.pontassieve.fi.it').set(as(admin)).expect(204);
    expect(await domains()).not.toContain('comune.pontassieve.fi.it');
    await request(t.http).delete('/api/mail/domains/comune.pontassieve.fi.it').set(as(admin)).expect(404);
    const bad = await request(t.http)
      .delete('/api/mail/domains/non%20un%20dominio')
      .set(as(admin))
      .expect(400);
    expect(bad.body.fields[0]).toMatchObject({ field: 'domain' });
    await request(t.http).delete('/api/mail/domains/comune.fiesole.fi.it').set(as(f.supervisor)).expect(403);
  });

  it('lists the import’s columns and offers a template the import itself accepts', async () => {
    const columns = await request(t.http).get('/api/admin/import/tickets/columns').set(as(admin)).expect(200);
    expect(columns.body[0]).toEqual({ name: 'number', required: true });
    expect(columns.body).toContainEqual({ name: 'redirected_to', required: false });
    const template = await request(t.http)
      .get('/api/admin/import/tickets/template')
      .set(as(admin))
      .expect(200);
    expect(template.headers['content-type']).toMatch(/^text\/csv/);
    expect(template.headers['content-disposition']).toContain('attachment');
    const [header] = template.text.split('\r\n');
    expect(header.split(',')).toEqual(columns.body.map((c: { name: string }) => c.name));
    const dryRun = await request(t.http)
      .post('/api/admin/import/tickets')
      .query({ dryRun: true })
      .set(as(admin))
      .set('Content-Type', 'text/csv')
      .send(template.text)
      .expect(200);
    expect(dryRun.body).toMatchObject({ dryRun: true, total: 1, imported: 1, problems: [] });
    await request(t.http).get('/api/admin/import/tickets/template').set(as(f.supervisor)).expect(403);
  });
});
