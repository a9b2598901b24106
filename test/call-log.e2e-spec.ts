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

const epoch = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

/** Issue 24.4 and 24.7: the call log of a day, and the admins' map of extensions to agents. */
describe('call log and extensions (e2e)', () => {
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
    bearer = { Authorization: `Bearer ${token.body.token}` };
    contact = await t.dataSource
      .getRepository(ContactEntity)
      .save({ name: 'Paolo Verdi', phone: '0558 123456', enteId: f.ente.id });
  });
  afterAll(() => t?.close());

  const cti = (body: Record<string, unknown>) =>
    request(t.http).post('/api/cti/events').set(bearer).send(body);
  const inbound = { from: '+390558123456', to: '0550001000', direction: 'in' };

  it('maps extensions to active staff only, audited', async () => {
    const put = (extension: string, userId: string) =>
      request(t.http)
        .put(`/api/admin/extensions/${encodeURIComponent(extension)}`)
        .set(authHeaders(admin))
        .send({ userId });
    const mapped = await put('201', f.agent.id);
    expect(mapped.status).toBe(200);
    expect(mapped.body).toEqual([{ extension: '201', userId: f.agent.id, userName: 'Marco Rossi' }]);
    expect((await put('201', f.otherAgent.id)).body[0].userName).toBe('Sara Conti');
    expect((await put('201', f.agent.id)).status).toBe(200);
    const referent = await createUser(t.dataSource, 'ente_referent', 'Referente');
    expect((await put('202', referent.id)).status).toBe(404);
    const bad = await put('2 01;', f.agent.id);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('extension');
    expect((await put('202', 'nobody')).status).toBe(400);
    expect((await request(t.http).delete('/api/admin/extensions/999').set(authHeaders(admin))).status).toBe(
      404,
    );
    const audit = await request(t.http)
      .get('/api/admin/audit')
      .query({ action: 'phone_extension_mapped' })
      .set(authHeaders(admin));
    expect(audit.body[0]).toMatchObject({ actorId: admin.id, details: { extension: '201' } });
    expect((await request(t.http).get('/api/admin/extensions').set(authHeaders(f.agent))).status).toBe(403);
  });

  it('lists a Europe/Rome day of calls: answered, missed and called back, outbound, with durations', async () => {
    // Answered at 201 (Marco Rossi) after 15 s, 3 min on the line, became a ticket.
    await cti({ event: 'newCall', callId: 'log-1', ...inbound, timestamp: epoch('2026-12-03T08:00:00Z') });
    await cti({ event: 'answer', callId: 'log-1', user: '201', timestamp: epoch('2026-12-03T08:00:15Z') });
    await cti({
      event: 'hangup',
      callId: 'log-1',
      cause: 'normalClearing',
      timestamp: epoch('2026-12-03T08:03:15Z'),
    });
    const [first] = await t.dataSource.query(`SELECT id FROM phone_call WHERE call_id = 'log-1'`);
    const ticket = await request(t.http).post('/api/tickets').set(authHeaders(f.agent)).send({
      channel: 'phone',
      requesterId: contact.id,
      subject: 'Accesso SPID',
      receivedAt: '2026-12-03T08:00:00Z',
    });
    await request(t.http)
      .put(`/api/calls/${first.id}/ticket`)
      .set(authHeaders(f.agent))
      .send({ ticketId: ticket.body.id });
    // Missed after 30 s of ringing, called back an hour later.
    await cti({ event: 'newCall', callId: 'log-2', ...inbound, timestamp: epoch('2026-12-03T09:00:00Z') });
    await cti({
      event: 'hangup',
      callId: 'log-2',
      cause: 'noAnswer',
      timestamp: epoch('2026-12-03T09:00:30Z'),
    });
    await cti({
      event: 'newCall',
      callId: 'log-3',
      from: '201',
      to: '0558123456',
      direction: 'out',
      user: '201',
      timestamp: epoch('2026-12-03T10:00:00Z'),
    });
    // 23:30 UTC on the 3rd is 00:30 of the 4th in Rome: not this day.
    await cti({ event: 'newCall', callId: 'log-4', ...inbound, timestamp: epoch('2026-12-03T23:30:00Z') });

    const res = await request(t.http)
      .get('/api/calls')
      .query({ date: '2026-12-03' })
      .set(authHeaders(f.agent));
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual({ ringing: 0, answered: 1, missed: 1, outbound: 1 });
    expect(res.body.calls.map((c: { callId: string }) => c.callId)).toEqual(['log-1', 'log-2', 'log-3']);
    const [answered, missed, outbound] = res.body.calls;
    expect(answered).toMatchObject({
      status: 'answered',
      ringSeconds: 15,
      talkSeconds: 180,
      answeredBy: '201',
      answeredByName: 'Marco Rossi',
      contact: { id: contact.id, name: 'Paolo Verdi', enteName: 'Comune di Pontassieve' },
      ticket: { id: ticket.body.id, number: ticket.body.number },
      calledBackAt: null,
    });
    expect(missed).toMatchObject({ status: 'missed', ringSeconds: 30, talkSeconds: null, cause: 'noAnswer' });
    expect(new Date(missed.calledBackAt).toISOString()).toBe('2026-12-03T10:00:00.000Z');
    expect(outbound).toMatchObject({ direction: 'out', caller: '+390558123456' });
    const next = await request(t.http)
      .get('/api/calls')
      .query({ date: '2026-12-04' })
      .set(authHeaders(f.agent));
    expect(next.body.calls.map((c: { callId: string }) => c.callId)).toEqual(['log-4']);
    expect(next.body.totals.ringing).toBe(1);
  });

  it('reports calls per month beside the tickets: answered, missed, never called back, median answer time', async () => {
    // Missed in November and never called back.
    await cti({
      event: 'newCall',
      callId: 'log-5',
      ...inbound,
      from: '3471112223',
      timestamp: epoch('2026-11-10T09:00:00Z'),
    });
    await cti({ event: 'hangup', callId: 'log-5', cause: 'busy', timestamp: epoch('2026-11-10T09:00:05Z') });
    const res = await request(t.http)
      .get('/api/reports/calls')
      .query({ year: 2026 })
      .set(authHeaders(f.supervisor));
    expect(res.status).toBe(200);
    expect(res.body.months[10]).toMatchObject({ month: 11, incoming: 1, missed: 1, missedNotCalledBack: 1 });
    expect(res.body.months[11]).toEqual({
      month: 12,
      incoming: 3,
      answered: 1,
      missed: 1,
      missedNotCalledBack: 0,
      outbound: 1,
      medianAnswerSeconds: 15,
    });
    expect(res.body.months[0]).toMatchObject({ incoming: 0, medianAnswerSeconds: null });
    expect(res.body.total).toEqual({
      incoming: 4,
      answered: 1,
      missed: 2,
      missedNotCalledBack: 1,
      outbound: 1,
    });
    // The same figures in the exports (issue 24.6): CSV and a workbook.
    const csv = await request(t.http)
      .get('/api/reports/calls')
      .query({ year: 2026, format: 'csv' })
      .set(authHeaders(f.supervisor));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toContain('telefonate-2026.csv');
    expect(csv.text).toContain('Perse e mai richiamate');
    expect(csv.text).toMatch(/novembre 2026.1.0.1.1.0/);
    expect(csv.text).toMatch(/dicembre 2026.3.1.1.0.1.15/);
    expect(csv.text).toMatch(/Totale 2026.4.1.2.1.1/);
    const xlsx = await request(t.http)
      .get('/api/reports/calls')
      .query({ year: 2026, format: 'xlsx' })
      .set(authHeaders(f.supervisor))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const bad = await request(t.http)
      .get('/api/reports/calls')
      .query({ year: 'last' })
      .set(authHeaders(f.supervisor));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('year');
  });

  it('answers a bad day with a 400 naming it', async () => {
    const res = await request(t.http)
      .get('/api/calls')
      .query({ date: '3/12/2026' })
      .set(authHeaders(f.agent));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('date');
  });
});
