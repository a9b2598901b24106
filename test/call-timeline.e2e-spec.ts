import { CallSweepJob, PhoneCallRepository } from '@app/telephony';
import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  TestApp,
} from '@app/testing';
import { TicketWriter } from '@app/tickets';
import request from 'supertest';

// The timeline service is internal to the telephony module: the sweep is built from its parts.
import { CallTimelineService } from '../libs/telephony/src/call-timeline.service';

/**
 * A phone call on its ticket's timeline (issue 24.5), exactly once whichever comes last, the
 * hangup or the link; a call back recorded on the ticket of the call it answers; a call whose
 * hangup never came closed by the sweep instead of ringing forever.
 */
describe('calls on the ticket timeline, call backs, lost hangups (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let bearer: Record<string, string>;
  let sweep: CallSweepJob;

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    const admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    const token = await request(t.http)
      .post('/api/admin/tokens')
      .set(authHeaders(admin))
      .send({ name: 'Centralino', scopes: ['cti'] })
      .expect(201);
    bearer = { Authorization: `Bearer ${token.body.token}` };
    await request(t.http)
      .put('/api/admin/extensions/201')
      .set(authHeaders(admin))
      .send({ userId: f.agent.id })
      .expect((r) => expect(r.status).toBeLessThan(300));
    const calls = t.app.get(PhoneCallRepository, { strict: false });
    sweep = new CallSweepJob(
      calls,
      new CallTimelineService(calls, t.app.get(TicketWriter, { strict: false })),
    );
  });
  afterAll(() => t?.close());

  const minutesAgo = (m: number) => Math.floor((Date.now() - m * 60_000) / 1000);
  const cti = (body: Record<string, unknown>) =>
    request(t.http)
      .post('/api/cti/events')
      .set(bearer)
      .send(body)
      .expect((r) => expect(r.status).toBe(200));
  const callRow = async (callId: string) =>
    (
      await t.dataSource.query(`SELECT id, status, cause, ticket_id FROM phone_call WHERE call_id = $1`, [
        callId,
      ])
    )[0];
  const callEntries = async (ticketId: string) =>
    (
      await request(t.http).get(`/api/tickets/${ticketId}`).set(authHeaders(f.agent)).expect(200)
    ).body.timeline.filter((e: { type: string }) => e.type === 'phone_call') as Array<{
      occurredAt: string;
      payload: Record<string, unknown>;
    }>;
  async function ticketFor(subject: string, phone: string) {
    const res = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({ channel: 'phone', subject, requester: { name: 'Rita Galli', phone } })
      .expect(201);
    return res.body.id as string;
  }

  it('writes an answered call on its ticket once it is over, with its ring and talk time and who answered', async () => {
    const from = '055 4441122';
    const at = minutesAgo(10);
    await cti({
      event: 'newCall',
      callId: 'tl-1',
      from,
      to: '0550001000',
      direction: 'in',
      user: '201',
      timestamp: at,
    });
    await cti({ event: 'answer', callId: 'tl-1', user: '201', timestamp: at + 12 });
    const ticketId = await ticketFor('Password del portale scaduta', from);
    const call = await callRow('tl-1');
    await request(t.http)
      .put(`/api/calls/${call.id}/ticket`)
      .set(authHeaders(f.agent))
      .send({ ticketId })
      .expect(204);
    // Still talking: nothing on the timeline yet.
    expect(await callEntries(ticketId)).toEqual([]);
    const hangup = { event: 'hangup', callId: 'tl-1', cause: 'normalClearing', timestamp: at + 12 + 185 };
    await cti(hangup);
    await cti(hangup);
    const entries = await callEntries(ticketId);
    expect(entries).toHaveLength(1);
    expect(entries[0].payload).toMatchObject({
      direction: 'in',
      number: from,
      status: 'answered',
      ringSeconds: 12,
      talkSeconds: 185,
      answeredBy: '201',
      answeredByName: f.agent.name,
    });
    expect(new Date(entries[0].occurredAt).getTime()).toBe(at * 1000);
  });

  it('answers 404 linking an unknown call', async () => {
    const ticketId = await ticketFor('Chiamata fantasma', '055 4441177');
    await request(t.http)
      .put('/api/calls/5f0c1b7e-7d1a-4b57-9a4e-1b2b3c4d5e6f/ticket')
      .set(authHeaders(f.agent))
      .send({ ticketId })
      .expect(404);
  });

  it('writes a call that ended before it was linked when it is linked, once', async () => {
    const from = '055 4441133';
    const at = minutesAgo(30);
    await cti({ event: 'newCall', callId: 'tl-2', from, to: '0550001000', direction: 'in', timestamp: at });
    await cti({ event: 'answer', callId: 'tl-2', user: '201', timestamp: at + 5 });
    await cti({ event: 'hangup', callId: 'tl-2', cause: 'normalClearing', timestamp: at + 65 });
    const ticketId = await ticketFor('Stampante ferma', from);
    const call = await callRow('tl-2');
    for (let i = 0; i < 2; i++) {
      await request(t.http)
        .put(`/api/calls/${call.id}/ticket`)
        .set(authHeaders(f.agent))
        .send({ ticketId })
        .expect(204);
    }
    const entries = await callEntries(ticketId);
    expect(entries).toHaveLength(1);
    expect(entries[0].payload).toMatchObject({ talkSeconds: 60, ringSeconds: 5 });
  });

  it('records a call back on the ticket of the missed call it answers', async () => {
    const from = '+39 055 4441144';
    const at = minutesAgo(50);
    const back = minutesAgo(5);
    await cti({ event: 'newCall', callId: 'tl-3', from, to: '0550001000', direction: 'in', timestamp: at });
    await cti({ event: 'hangup', callId: 'tl-3', cause: 'cancel', timestamp: at + 20 });
    const ticketId = await ticketFor('Richiamare per la TARI', '055 4441144');
    const missed = await callRow('tl-3');
    await request(t.http)
      .put(`/api/calls/${missed.id}/ticket`)
      .set(authHeaders(f.agent))
      .send({ ticketId })
      .expect(204);
    // The agent calls back from extension 201: the PBX reports an outbound call to the same number.
    await cti({
      event: 'newCall',
      callId: 'tl-3b',
      from: '201',
      to: '0554441144',
      direction: 'out',
      user: '201',
      timestamp: back,
    });
    await cti({ event: 'answer', callId: 'tl-3b', user: '201', timestamp: back + 8 });
    await cti({ event: 'hangup', callId: 'tl-3b', cause: 'normalClearing', timestamp: back + 98 });
    expect((await callRow('tl-3b')).ticket_id).toBe(ticketId);
    const entries = await callEntries(ticketId);
    expect(entries.map((e) => [e.payload.direction, e.payload.status])).toEqual([
      ['in', 'missed'],
      ['out', 'answered'],
    ]);
    expect(entries[1].payload).toMatchObject({ talkSeconds: 90, number: '0554441144' });
  });

  it('closes a call whose hangup never came, and a late hangup still tells the truth', async () => {
    const from = '055 4441155';
    await cti({
      event: 'newCall',
      callId: 'tl-4',
      from,
      to: '0550001000',
      direction: 'in',
      timestamp: minutesAgo(20),
    });
    await cti({
      event: 'newCall',
      callId: 'tl-5',
      from: '055 4441166',
      to: '0550001000',
      direction: 'in',
      timestamp: minutesAgo(2),
    });
    const ticketId = await ticketFor('Linea caduta', from);
    const lost = await callRow('tl-4');
    await request(t.http)
      .put(`/api/calls/${lost.id}/ticket`)
      .set(authHeaders(f.agent))
      .send({ ticketId })
      .expect(204);

    const stale = await t.dataSource.query(
      `SELECT call_id FROM phone_call WHERE status IN ('ringing', 'talking')`,
    );
    expect(stale.map((r: { call_id: string }) => r.call_id).sort()).toEqual(['tl-4', 'tl-5']);
    expect(await sweep.closeStale()).toBe(1);
    expect(await callRow('tl-4')).toMatchObject({ status: 'missed', cause: 'noHangup' });
    // A call ringing for two minutes is left alone.
    expect(await callRow('tl-5')).toMatchObject({ status: 'ringing' });
    expect(await sweep.closeStale()).toBe(0);
    const entries = await callEntries(ticketId);
    expect(entries).toHaveLength(1);
    expect(entries[0].payload).toMatchObject({ status: 'missed', cause: 'noHangup', talkSeconds: null });
    // No longer live for the agents' banners.
    const live = await t.dataSource.query(
      `SELECT call_id FROM phone_call WHERE status IN ('ringing', 'talking')`,
    );
    expect(live.map((r: { call_id: string }) => r.call_id)).toEqual(['tl-5']);
    // The PBX's hangup arrives after all: the call is refolded from its events, the entry stays one.
    await cti({ event: 'hangup', callId: 'tl-4', cause: 'noAnswer', timestamp: minutesAgo(20) + 40 });
    expect(await callRow('tl-4')).toMatchObject({ status: 'missed', cause: 'noAnswer' });
    expect(await callEntries(ticketId)).toHaveLength(1);
  });
});
