import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  TestApp,
} from '@app/testing';
import { openEventStream, OpenStream, StreamEvent as Event } from '@app/testing/event-stream';
import { ContactEntity, UserEntity } from '@app/tickets';
import request from 'supertest';

interface LiveCallEvent {
  id: string;
  callId: string;
  status: string;
  startedAt: string;
  contact: { id: string; name: string; enteName: string | null } | null;
  openTickets: { id: string; number: string; subject: string }[];
}
interface StreamData {
  calls?: LiveCallEvent[];
}
type StreamEvent = Event<StreamData>;

/**
 * Issue 24.3: while it rings, the caller (contact, ente, open tickets) reaches the signed-in staff
 * through /api/events over a real HTTP connection; never a referent.
 */
describe('the ringing call on the live stream (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let base: string;
  let bearer: Record<string, string>;
  let contact: ContactEntity;
  const opened: OpenStream<StreamData>[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const token = await request(t.http)
      .post('/api/admin/tokens')
      .set(authHeaders(admin))
      .send({ name: 'Centralino', scopes: ['cti'] });
    bearer = { Authorization: `Bearer ${token.body.token}` };
    contact = await t.dataSource
      .getRepository(ContactEntity)
      .save({ name: 'Luca Gialli', phone: '+39 347 765 4321', enteId: f.ente.id });
    const ticket = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({ channel: 'phone', requesterId: contact.id, enteId: f.ente.id, subject: 'PagoPA non risponde' });
    expect(ticket.status).toBe(201);
  });
  afterAll(async () => {
    opened.forEach((stream) => stream.close());
    await t?.close();
  });

  /** Opens the stream as a browser would and collects its events. */
  async function openStream(headers: Record<string, string>) {
    const stream = await openEventStream<StreamData>(`${base}/api/events`, headers);
    opened.push(stream);
    return stream;
  }

  const cti = (body: Record<string, unknown>) =>
    request(t.http).post('/api/cti/events').set(bearer).send(body);
  const call = (callId: string, status: string) => (e: StreamEvent) =>
    !!e.data.calls?.some((c) => c.callId === callId && c.status === status);

  it('shows every agent the caller, their ente and open tickets while it rings, then the answer', async () => {
    const agent = await openStream(authHeaders(f.agent));
    const other = await openStream(authHeaders(f.otherAgent));
    const ring = await cti({
      event: 'newCall',
      callId: 'live-1',
      from: '3477654321',
      to: '0550001000',
      direction: 'in',
    });
    expect(ring.status).toBe(200);
    const seen = (await agent.next(call('live-1', 'ringing'))).data.calls!.find(
      (c) => c.callId === 'live-1',
    )!;
    expect(seen.contact).toMatchObject({
      id: contact.id,
      name: 'Luca Gialli',
      enteName: 'Comune di Pontassieve',
    });
    expect(seen.openTickets.map((x) => x.subject)).toEqual(['PagoPA non risponde']);
    await other.next(call('live-1', 'ringing'));
    await cti({ event: 'answer', callId: 'live-1', user: '201' });
    await agent.next(call('live-1', 'talking'));
    await other.next(call('live-1', 'talking'));
  });

  it('a browser that connects while a call rings gets it at once', async () => {
    await cti({ event: 'newCall', callId: 'live-2', from: '3477654321', to: '0550001000', direction: 'in' });
    const late = await openStream(authHeaders(f.supervisor));
    await late.next(call('live-2', 'ringing'));
    await cti({ event: 'hangup', callId: 'live-2', cause: 'cancel' });
    await late.next(call('live-2', 'missed'));
  });

  it('never tells a referent', async () => {
    const referent = await createUser(t.dataSource, 'ente_referent', 'Referente');
    await t.dataSource.query(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [
      referent.id,
      f.ente.id,
    ]);
    const theirs = await openStream(authHeaders(referent));
    const staff = await openStream(authHeaders(f.agent));
    await cti({ event: 'newCall', callId: 'live-3', from: '3477654321', to: '0550001000', direction: 'in' });
    await staff.next(call('live-3', 'ringing'));
    expect(theirs.events.some((e) => e.type === 'calls')).toBe(false);
  });

  it('a call rung at a mapped extension reaches its agent only; unmapped calls go to everyone', async () => {
    const mapped = await request(t.http)
      .put('/api/admin/extensions/205')
      .set(authHeaders(admin))
      .send({ userId: f.otherAgent.id });
    expect(mapped.status).toBe(200);
    const agent = await openStream(authHeaders(f.agent));
    const other = await openStream(authHeaders(f.otherAgent));
    const ring = { from: '3477654321', to: '0550001000', direction: 'in' };
    await cti({ event: 'newCall', callId: 'live-4', user: '205', ...ring });
    await other.next(call('live-4', 'ringing'));
    await cti({ event: 'newCall', callId: 'live-5', ...ring });
    await agent.next(call('live-5', 'ringing'));
    await other.next(call('live-5', 'ringing'));
    expect(agent.events.some(call('live-4', 'ringing'))).toBe(false);
    expect((await request(t.http).delete('/api/admin/extensions/205').set(authHeaders(admin))).status).toBe(
      204,
    );
  });

  it('records the ticket the call became', async () => {
    const [row] = await t.dataSource.query(`SELECT id, started_at FROM phone_call WHERE call_id = 'live-1'`);
    const ticket = await request(t.http).post('/api/tickets').set(authHeaders(f.agent)).send({
      channel: 'phone',
      requesterId: contact.id,
      enteId: f.ente.id,
      subject: 'Richiesta al telefono',
      receivedAt: row.started_at,
    });
    expect(ticket.status).toBe(201);
    expect(new Date(ticket.body.receivedAt).getTime()).toBe(new Date(row.started_at).getTime());
    const link = (id: string, ticketId: string) =>
      request(t.http).put(`/api/calls/${id}/ticket`).set(authHeaders(f.agent)).send({ ticketId });
    expect((await link(row.id, ticket.body.id)).status).toBe(204);
    const [linked] = await t.dataSource.query(`SELECT ticket_id FROM phone_call WHERE id = $1`, [row.id]);
    expect(linked.ticket_id).toBe(ticket.body.id);
    expect((await link(row.id, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await link('00000000-0000-4000-8000-000000000000', ticket.body.id)).status).toBe(404);
    expect((await link(row.id, 'not-a-uuid')).status).toBe(400);
  });
});
