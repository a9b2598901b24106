import { FollowLinks } from '@app/mail';
import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  publicFormToken,
  TestApp,
} from '@app/testing';
import request from 'supertest';

const SECRETS_KEY = 'cd'.repeat(32);
const formToken = () => publicFormToken(SECRETS_KEY);

/**
 * The citizen's personal link (issue 20.2): every acknowledgement and answer carries one; it shows
 * the status, when the answer is due, the messages exchanged (no internal notes, staff by first
 * name only) and takes a message with files; forged, expired or revoked links are refused; a lost
 * link is mailed again to the address on file, and only there.
 */
describe('Follow link (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp({ SECRETS_KEY, TRUST_PROXY: 'loopback' });
    f = await createBasicFixtures(t.dataSource);
  });
  afterAll(() => t?.close());

  const lastMail = async (kind: string, to: string) =>
    (
      await t.dataSource.query<{ subject: string; text_body: string; ticket_id: string }[]>(
        `SELECT subject, text_body, ticket_id FROM outbound_mail WHERE kind = $1 AND to_addresses[1] = $2
          ORDER BY created_at DESC, id DESC LIMIT 1`,
        [kind, to],
      )
    )[0]!;
  const linkIn = (text: string) => /\/richiesta\/segui\?t=([A-Za-z0-9_-]{50})/.exec(text)?.[1];

  /** A citizen's request through the public form, confirmed: its ticket and the acknowledgement's link. */
  async function citizenTicket(subject: string) {
    const email = `cittadino.${++seq}@example.org`;
    const req = request(t.http).post('/richiesta').set('X-Forwarded-For', `192.0.2.${seq}`);
    const fields = {
      name: 'Giulia Verdi',
      email,
      ente: f.ente.id,
      subject,
      description: 'Il portale dei tributi non si apre.',
      privacy: 'on',
      formToken: formToken(),
    };
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    await req.expect(200);
    const confirm = /\/richiesta\/conferma\?t=([A-Za-z0-9_-]{43})/.exec(
      (await lastMail('confirmation', email)).text_body,
    )![1];
    await request(t.http).post('/richiesta/conferma').type('form').send({ t: confirm }).expect(200);
    const ack = await lastMail('ack', email);
    return { email, ticketId: ack.ticket_id, token: linkIn(ack.text_body)! };
  }

  it('the acknowledgement carries the link; the page shows the status, the due answer and the messages, never a note or a full staff name', async () => {
    const { ticketId, token, email } = await citizenTicket('Portale tributi');
    const page = await request(t.http).get(`/richiesta/segui?t=${token}`).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.text).toMatch(/<h1>Richiesta \d{4}-\d+<\/h1>/);
    expect(page.text).toContain('Ricevuta, in attesa di essere presa in carico');
    expect(page.text).toMatch(/Le risponderemo entro \S+ \d+ \S+ \d{4} alle \d\d:\d\d\./);
    expect(page.text).toContain('Il portale dei tributi non si apre.');

    await request(t.http)
      .post(`/api/tickets/${ticketId}/notes`)
      .set(authHeaders(f.agent))
      .send({ body: 'NOTA INTERNA: utente già noto' })
      .expect(200);
    await request(t.http)
      .post(`/api/tickets/${ticketId}/reply`)
      .set(authHeaders(f.agent))
      .send({ via: 'email', body: 'Gentile Giulia, il portale è di nuovo raggiungibile.' })
      .expect(200);
    // The answer's mail carries a fresh link of its own.
    const reply = await lastMail('reply', email);
    expect(reply.text_body).toContain('Gentile Giulia, il portale è di nuovo raggiungibile.');
    expect(linkIn(reply.text_body)).toBeDefined();

    const after = await request(t.http).get(`/richiesta/segui?t=${token}&lang=en`).expect(200);
    expect(after.text).toContain('<html lang="en">');
    expect(after.text).toContain('Being worked on');
    expect(after.text).toContain('Gentile Giulia, il portale è di nuovo raggiungibile.');
    expect(after.text).toContain('Marco, service centre');
    expect(after.text).not.toContain('Rossi');
    expect(after.text).not.toContain('NOTA INTERNA');
  });

  it('a message with a file from the page lands on the ticket as the citizen’s, reopening it when resolved; bad input says why', async () => {
    const { ticketId, token } = await citizenTicket('Stampante');
    await request(t.http)
      .post(`/api/tickets/${ticketId}/resolve`)
      .set(authHeaders(f.agent))
      .send({ resolution: 'Driver reinstallato' })
      .expect(200);
    const resolved = await request(t.http).get(`/richiesta/segui?t=${token}`).expect(200);
    expect(resolved.text).toContain('Se il problema si ripresenta, lo scriva qui sotto.');

    const empty = await request(t.http)
      .post(`/richiesta/segui?t=${token}`)
      .field('description', '   ')
      .expect(400);
    expect(empty.text).toContain('Campo obbligatorio.');
    const sent = await request(t.http)
      .post(`/richiesta/segui?t=${token}`)
      .field('description', 'Il problema è tornato <b>stamattina</b>.')
      .attach('files', Buffer.from('PNG!'), { filename: 'schermata.png', contentType: 'image/png' })
      .expect(303);
    expect(sent.headers.location).toBe(`/richiesta/segui?t=${token}&sent=1`);
    const page = await request(t.http).get(sent.headers.location!).expect(200);
    expect(page.text).toContain('Il suo messaggio è stato aggiunto alla richiesta.');
    expect(page.text).toContain('Il problema è tornato &lt;b&gt;stamattina&lt;/b&gt;.');
    const [ticket] = await t.dataSource.query<{ status: string }[]>(
      `SELECT status FROM ticket WHERE id = $1`,
      [ticketId],
    );
    expect(ticket!.status).toBe('open');
    const [message] = await t.dataSource.query<
      { body: string; payload: { direction: string; via: string } }[]
    >(
      `SELECT body, payload FROM ticket_event WHERE ticket_id = $1 AND type = 'message' ORDER BY id DESC LIMIT 1`,
      [ticketId],
    );
    expect(message).toMatchObject({
      body: 'Il problema è tornato <b>stamattina</b>.',
      payload: { direction: 'in', via: 'web' },
    });
    const files = await t.dataSource.query<{ filename: string }[]>(
      `SELECT filename FROM attachment WHERE ticket_id = $1`,
      [ticketId],
    );
    expect(files.map((x) => x.filename)).toContain('schermata.png');
  });

  it('forged, expired and revoked links are refused with a page offering a new one; only staff revoke', async () => {
    const { ticketId, token } = await citizenTicket('Posta elettronica');
    for (const bad of ['x'.repeat(50), token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), '']) {
      const res = await request(t.http).get(`/richiesta/segui?t=${bad}`).expect(404);
      expect(res.text).toContain('Questo link non è valido, è scaduto o è stato revocato.');
      expect(res.text).toContain('href="/richiesta/segui"');
    }
    const links = t.app.get(FollowLinks);
    const old = linkIn(links.url(ticketId, 'it', new Date(Date.now() - 91 * 86_400_000))!)!;
    await request(t.http).get(`/richiesta/segui?t=${old}`).expect(404);
    await request(t.http).post(`/richiesta/segui?t=${old}`).field('description', 'ciao').expect(404);

    await request(t.http).post(`/api/tickets/${ticketId}/follow-links/revoke`).expect(401);
    const referent = await createUser(t.dataSource, 'ente_referent', 'Referente');
    await request(t.http)
      .post(`/api/tickets/${ticketId}/follow-links/revoke`)
      .set(authHeaders(referent))
      .expect(403);
    const revoked = await request(t.http)
      .post(`/api/tickets/${ticketId}/follow-links/revoke`)
      .set(authHeaders(f.agent))
      .expect(200);
    expect(new Date(revoked.body.revokedBefore).getTime()).toBeLessThanOrEqual(Date.now());
    await request(t.http).get(`/richiesta/segui?t=${token}`).expect(404);
    // The next mail's link (issued after the revocation) works.
    await new Promise((r) => setTimeout(r, 1100));
    const fresh = linkIn(links.url(ticketId, 'it')!)!;
    await request(t.http).get(`/richiesta/segui?t=${fresh}`).expect(200);
    await request(t.http)
      .post(`/api/tickets/00000000-0000-4000-8000-000000000000/follow-links/revoke`)
      .set(authHeaders(f.agent))
      .expect(404);
  });

  it('a lost link is mailed again to the address on file only; the answer is the same either way', async () => {
    const { ticketId, email } = await citizenTicket('Wi-Fi');
    const [{ number }] = await t.dataSource.query<{ number: string }[]>(
      `SELECT number FROM ticket WHERE id = $1`,
      [ticketId],
    );
    const form = await request(t.http).get('/richiesta/segui').expect(200);
    expect(form.text).toContain('Ricevi di nuovo il link della richiesta');
    const wrong = await request(t.http)
      .post('/richiesta/segui/link')
      .type('form')
      .send({ number, email: 'altro@example.org' })
      .expect(200);
    const right = await request(t.http)
      .post('/richiesta/segui/link')
      .type('form')
      .send({ number, email: email.toUpperCase() })
      .expect(200);
    expect(right.text).toBe(wrong.text);
    expect(
      await t.dataSource.query(
        `SELECT 1 FROM outbound_mail WHERE kind = 'follow_link' AND to_addresses[1] = 'altro@example.org'`,
      ),
    ).toEqual([]);
    const mail = await lastMail('follow_link', email);
    expect(mail.subject).toBe(`Il link per seguire la richiesta ${number}`);
    await request(t.http)
      .get(`/richiesta/segui?t=${linkIn(mail.text_body)}`)
      .expect(200);
    const missing = await request(t.http)
      .post('/richiesta/segui/link')
      .type('form')
      .send({ number: '', email: 'x' })
      .expect(400);
    expect(missing.text).toContain('Campo obbligatorio.');
  });
});
