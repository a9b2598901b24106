import { FollowLinks, MailIngestService } from '@app/mail';
import { SatisfactionService } from '@app/portal';
import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  publicFormToken,
  TestApp,
} from '@app/testing';
import request from 'supertest';

const SECRETS_KEY = '12'.repeat(32);

/**
 * The embedded default (npm start without DATABASE_URL) has ONE database connection. Work done
 * inside a transaction must read through that transaction: a read on another connection waits
 * for the one the transaction holds, until the pool's connect timeout (every mail ticket was
 * quarantined so, by the routing rules' first read). Here the api runs with a pool of one on the
 * test server, and the paths that open and follow tickets are walked through.
 */
describe('one database connection, as the embedded default has (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;

  beforeAll(async () => {
    // As the embedded default runs in the tests: one connection, the database already migrated.
    t = await createTestApp({
      DATABASE_POOL_SIZE: '1',
      RUN_MIGRATIONS: 'false',
      SECRETS_KEY,
      TRUST_PROXY: 'loopback',
    });
    f = await createBasicFixtures(t.dataSource);
  });
  afterAll(() => t?.close());

  it('a mail opens its ticket (routing rules read in the transaction), not a quarantine', async () => {
    const raw = Buffer.from(
      [
        'From: Anna Bianchi <anna.bianchi@example.org>',
        'To: assistenza@cst.example',
        'Subject: Stampante guasta',
        'Message-ID: <single-connection-1@example.org>',
        'Date: Sat, 05 Dec 2026 10:00:00 +0100',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'La stampante non stampa.',
        '',
      ].join('\r\n'),
    );
    const result = await t.app.get(MailIngestService).ingest(raw);
    expect(result).toMatchObject({ outcome: 'ticket_created' });
  });

  it('phone intake, the public form and its confirmation, the follow page and the survey', async () => {
    await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        subject: 'Rete lenta',
        enteId: f.ente.id,
        requester: { name: 'Ugo', phone: '055 1' },
      })
      .expect(201);

    const form = request(t.http).post('/richiesta').set('X-Forwarded-For', '192.0.2.77');
    const fields = {
      name: 'Giulia Verdi',
      email: 'giulia@example.org',
      ente: f.ente.id,
      subject: 'Portale',
      description: 'Non si apre.',
      privacy: 'on',
      formToken: publicFormToken(SECRETS_KEY),
    };
    for (const [k, v] of Object.entries(fields)) form.field(k, v);
    await form.expect(200);
    const [mail] = await t.dataSource.query<{ text_body: string }[]>(
      `SELECT text_body FROM outbound_mail WHERE kind = 'confirmation' ORDER BY created_at DESC LIMIT 1`,
    );
    const token = /conferma\?t=([A-Za-z0-9_-]{43})/.exec(mail!.text_body)![1]!;
    await request(t.http).post('/richiesta/conferma').type('form').send({ t: token }).expect(200);
    // Again, and the link's page: the ticket's number read in the same transaction.
    await request(t.http).post('/richiesta/conferma').type('form').send({ t: token }).expect(200);
    await request(t.http).get(`/richiesta/conferma?t=${token}`).expect(200);

    const [{ id }] = await t.dataSource.query<{ id: string }[]>(
      `SELECT ticket_id AS id FROM public_request WHERE email = 'giulia@example.org'`,
    );
    const follow = /t=([A-Za-z0-9_-]{50})/.exec(t.app.get(FollowLinks).url(id, 'it')!)![1]!;
    await request(t.http).get(`/richiesta/segui?t=${follow}`).expect(200);
    await request(t.http)
      .post(`/richiesta/segui?t=${follow}`)
      .field('description', 'Ancora rotto')
      .expect(303);
    await request(t.http)
      .post(`/api/tickets/${id}/resolve`)
      .set(authHeaders(f.agent))
      .send({ resolution: 'Sistemato' })
      .expect(200);
    expect(await t.app.get(SatisfactionService).sendDue()).toBe(1);
  });
});
