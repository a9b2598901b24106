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
import { TicketChangeFeed } from '../libs/tickets/src/live/ticket-change-feed.service';

interface StreamEvent {
  type: string;
  data: { changes?: { id: string; enteId: string | null }[] };
}

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
  async function openStream(headers: Record<string, string>) {
    const abort = new AbortController();
    const res = await fetch(`${base}/api/events`, { headers, signal: abort.signal });
    expect(res.status).toBe(200);
    const events: StreamEvent[] = [];
    const waiters: { test: (e: StreamEvent) => boolean; resolve: (e: StreamEvent) => void }[] = [];
    const ended = (async () => {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const field = (name: string) =>
              block
                .split('\n')
                .find((l) => l.startsWith(`${name}:`))
                ?.slice(name.length + 1)
                .trim();
            const event = { type: field('event') ?? 'message', data: JSON.parse(field('data') ?? '{}') };
            events.push(event);
            for (const w of waiters.filter((w) => w.test(event))) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(event);
            }
          }
        }
      } catch {
        // aborted by the test
      }
    })();
    const next = (test: (e: StreamEvent) => boolean) =>
      new Promise<StreamEvent>((resolve) => {
        const seen = events.find(test);
        if (seen) resolve(seen);
        else waiters.push({ test, resolve });
      });
    return { events, ended, next, close: () => abort.abort() };
  }

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
