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

interface Event {
  type: string;
  body: string | null;
}

/** Issue 14, point 5: staff notes are internal; a referent's own notes are a kind the ente sees. */
describe('An ente referent’s view of a ticket: no internal notes (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let referent: UserEntity;
  let ticketId: string;

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    referent = await createUser(t.dataSource, 'ente_referent', 'Referente Gialli');
    await t.dataSource.query(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [
      referent.id,
      f.ente.id,
    ]);
    const ticket = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        requester: { name: 'Mario Rossi', phone: '+39 055 1234567' },
        enteId: f.ente.id,
        subject: 'Pagamento non registrato',
        takeCharge: true,
      });
    expect(ticket.status).toBe(201);
    ticketId = ticket.body.id;
    const staffNote = await request(t.http)
      .post(`/api/tickets/${ticketId}/notes`)
      .set(authHeaders(f.agent))
      .send({ body: 'Riservato: il fornitore zanzibar ha sbagliato la configurazione' });
    expect(staffNote.status).toBe(200);
    const started = await request(t.http)
      .post(`/api/tickets/${ticketId}/start-intervention`)
      .set(authHeaders(f.agent))
      .send({ note: 'Accesso al server con la chiave di emergenza' });
    expect(started.status).toBe(200);
  });
  afterAll(() => t?.close());

  const read = async (user: UserEntity): Promise<Event[]> => {
    const res = await request(t.http).get(`/api/tickets/${ticketId}`).set(authHeaders(user));
    expect(res.status).toBe(200);
    return res.body.timeline;
  };

  it('leaves staff notes and the intervention note out of the referent’s view; staff still see them', async () => {
    const seen = await read(referent);
    expect(seen.map((e) => e.type)).not.toContain('note');
    expect(JSON.stringify(seen)).not.toMatch(/zanzibar|chiave di emergenza/);
    expect(seen.find((e) => e.type === 'intervention_started')).toMatchObject({ body: null });
    const staff = await read(f.supervisor);
    expect(staff.find((e) => e.type === 'note')?.body).toContain('zanzibar');
    expect(staff.find((e) => e.type === 'intervention_started')?.body).toContain('chiave di emergenza');
  });

  it('records a referent’s note as a referent_note both the referent and staff see', async () => {
    const res = await request(t.http)
      .post(`/api/tickets/${ticketId}/notes`)
      .set(authHeaders(referent))
      .send({ body: 'Il pagamento risulta addebitato il 3 marzo' });
    expect(res.status).toBe(200);
    // The answer to the referent's own write is their view too.
    expect(res.body.timeline.map((e: Event) => e.type)).not.toContain('note');
    expect(res.body.timeline.at(-1)).toMatchObject({
      type: 'referent_note',
      body: expect.stringContaining('3 marzo'),
    });
    expect((await read(referent)).filter((e) => e.type === 'referent_note')).toHaveLength(1);
    expect((await read(f.agent)).filter((e) => e.type === 'referent_note')).toHaveLength(1);
  });

  it('does not find a ticket for a referent by the words of an internal note', async () => {
    const search = (user: UserEntity, q: string) =>
      request(t.http).get('/api/tickets').query({ q }).set(authHeaders(user));
    expect((await search(f.agent, 'zanzibar')).body.items.map((i: { id: string }) => i.id)).toEqual([
      ticketId,
    ]);
    expect((await search(referent, 'zanzibar')).body.items).toEqual([]);
    // Their own ente's words still find it.
    expect((await search(referent, 'addebitato')).body.items.map((i: { id: string }) => i.id)).toEqual([
      ticketId,
    ]);
  });
});
