import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  TestApp,
} from '@app/testing';
import { openEventStream, StreamEvent as Event } from '@app/testing/event-stream';
import { UserEntity } from '@app/tickets';
import request from 'supertest';

import { TicketChangeFeed } from '../libs/tickets/src/live/ticket-change-feed.service';

interface StreamData {
  changes?: { id: string; enteId: string | null }[];
}
type StreamEvent = Event<StreamData>;

/**
 * Issue 14, point 7: GET /api/events over a real HTTP connection. The stream closes once its
 * session is gone (sign-out, deactivation) and carries a referent only their entes' tickets.
 */
describe('live event stream: bound to the session and scoped (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => t?.close());

  /** Opens the stream as a browser would and collects its events until it ends. */
  const openStream = (headers: Record<string, string>) =>
    openEventStream<StreamData>(`${base}/api/events`, headers);

  const feed = () => t.app.get(TicketChangeFeed);
  const newTicket = async (enteId: string, subject: string): Promise<string> => {
    const res = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        requester: { name: 'Mario Rossi', phone: '+39 055 1234567' },
        enteId,
        subject,
      });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  /** Makes the feed publish now (its timer would, a moment later) until the stream has what it waits for. */
  async function until<T>(wanted: Promise<T>): Promise<T> {
    let done = false;
    void wanted.then(() => (done = true));
    while (!done) {
      await feed().poll();
      await new Promise((r) => setTimeout(r, 50));
    }
    return wanted;
  }
  const carries = (id: string) => (e: StreamEvent) => !!e.data.changes?.some((c) => c.id === id);

  it('closes the stream after sign-out, without sending the changes that came after', async () => {
    const agent = await createUser(t.dataSource, 'agent', 'Operatore in uscita');
    const stream = await openStream(authHeaders(agent));
    const before = await newTicket(f.ente.id, 'Prima della disconnessione');
    await until(stream.next(carries(before)));
    expect((await request(t.http).post('/api/auth/logout').set(authHeaders(agent))).status).toBeLessThan(300);
    const after = await newTicket(f.ente.id, 'Dopo la disconnessione');
    await until(stream.next((e) => e.type === 'session_ended'));
    await stream.ended;
    expect(stream.events.some(carries(after))).toBe(false);
    expect(stream.events.at(-1)?.type).toBe('session_ended');
  });

  it('closes the stream of a user an admin deactivates', async () => {
    const agent = await createUser(t.dataSource, 'agent', 'Operatore disattivato');
    const stream = await openStream(authHeaders(agent));
    const first = await newTicket(f.ente.id, 'Prima della disattivazione');
    await until(stream.next(carries(first)));
    const off = await request(t.http)
      .patch(`/api/admin/users/${agent.id}`)
      .set(authHeaders(admin))
      .send({ active: false });
    expect(off.status).toBe(200);
    const later = await newTicket(f.ente.id, 'Dopo la disattivazione');
    await until(stream.next((e) => e.type === 'session_ended'));
    await stream.ended;
    expect(stream.events.some(carries(later))).toBe(false);
  });

  it("carries an ente referent only their entes' tickets", async () => {
    const referent = await createUser(t.dataSource, 'ente_referent', 'Referente Rossi');
    await t.dataSource.query(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [
      referent.id,
      f.ente.id,
    ]);
    const stream = await openStream(authHeaders(referent));
    const staff = await openStream(authHeaders(f.supervisor));
    const other = await newTicket(f.otherEnte.id, 'Di un altro ente');
    const own = await newTicket(f.ente.id, 'Del proprio ente');
    await until(
      Promise.all([stream.next(carries(own)), staff.next(carries(own)), staff.next(carries(other))]),
    );
    const seen = stream.events.flatMap((e) => e.data.changes ?? []);
    expect(seen.every((c) => c.enteId === f.ente.id)).toBe(true);
    expect(seen.some((c) => c.id === other)).toBe(false);
    stream.close();
    staff.close();
  });
});
