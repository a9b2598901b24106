import { PublicRequestService } from '@app/portal';
import { BasicFixtures, createBasicFixtures, createTestApp, publicFormToken, TestApp } from '@app/testing';
import request from 'supertest';

const SECRETS_KEY = 'ab'.repeat(32);
/** A form served `agoMs` back by the api under test. */
const formToken = (agoMs = 10_000) => publicFormToken(SECRETS_KEY, new Date(Date.now() - agoMs));

/**
 * The citizens' public request form (issue 20.1): /richiesta without sign-in, the request held
 * until the e-mail address is confirmed by the mailed link, then a `web` ticket with its files
 * and the acknowledgement; bad input, robots and floods refused in plain words, nothing stored.
 */
describe('Public request form (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let client = 0;

  beforeAll(async () => {
    t = await createTestApp({
      SECRETS_KEY,
      // X-Forwarded-For from the test is the client's address: each test is its own visitor.
      TRUST_PROXY: 'loopback',
      PUBLIC_FORM_PER_ADDRESS_PER_HOUR: '3',
      PUBLIC_FORM_PER_EMAIL_PER_DAY: '2',
      MAIL_MAX_ATTACHMENT_MB: '1',
      PUBLIC_FORM_MAX_FILES: '2',
    });
    f = await createBasicFixtures(t.dataSource);
  });
  afterAll(() => t?.close());

  const visitor = () => `198.51.100.${++client}`;
  const valid = (over: Record<string, string> = {}) => ({
    name: 'Maria Bianchi',
    email: `maria.${client}@example.org`,
    phone: '+39 055 123456',
    ente: f.ente.id,
    category: '',
    subject: 'Stampante non funziona',
    description: 'Dalla mattina la stampante dell’ufficio anagrafe non stampa.\nErrore 0x1234.',
    privacy: 'on',
    website: '',
    formToken: formToken(),
    ...over,
  });
  const send = (
    fields: Record<string, string>,
    files: { name: string; content: Buffer; type?: string }[] = [],
    ip = visitor(),
    path = '/richiesta',
  ) => {
    const req = request(t.http).post(path).set('X-Forwarded-For', ip);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    for (const file of files)
      req.attach('files', file.content, { filename: file.name, contentType: file.type ?? 'application/pdf' });
    return req;
  };
  const count = async (table: string) =>
    Number((await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
  const confirmationLink = async (to: string) => {
    const [mail] = await t.dataSource.query<{ text_body: string; subject: string }[]>(
      `SELECT text_body, subject FROM outbound_mail WHERE kind = 'confirmation' AND to_addresses[1] = $1 ORDER BY created_at DESC LIMIT 1`,
      [to],
    );
    return { mail, token: /\/richiesta\/conferma\?t=([A-Za-z0-9_-]{43})/.exec(mail!.text_body)![1]! };
  };

  it('serves the form without sign-in, in Italian or English, with the ente of an embedding link chosen', async () => {
    const it = await request(t.http).get('/richiesta').expect(200);
    expect(it.headers['content-type']).toMatch(/text\/html/);
    expect(it.headers['cache-control']).toBe('no-store');
    expect(it.text).toContain('<html lang="it">');
    expect(it.text).toContain('Invia una richiesta di assistenza');
    expect(it.text).toContain('Comune di Pontassieve');
    expect(it.text).toMatch(/name="formToken" value="\d+\.[A-Za-z0-9_-]{43}"/);
    const en = await request(t.http).get('/richiesta?lang=en&ente=FIESOLE').expect(200);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('Send a support request');
    expect(en.text).toContain(`<option value="${f.otherEnte.id}" selected>Comune di Fiesole</option>`);
  });

  it('holds the request until the address is confirmed; the confirmation opens one web ticket with its file and the acknowledgement', async () => {
    const fields = valid();
    const pdf = Buffer.from('%PDF-1.4 prova');
    const sent = await send(fields, [{ name: 'errore.pdf', content: pdf }]).expect(200);
    expect(sent.text).toContain('Controlli la sua e-mail');
    expect(sent.text).toContain(fields.email);
    const tickets = await count('ticket');
    const { mail, token } = await confirmationLink(fields.email);
    expect(mail!.subject).toBe('Confermi la sua richiesta: Stampante non funziona');

    // Opening the link (or a mail scanner opening it) confirms nothing: a button does.
    const prompt = await request(t.http).get(`/richiesta/conferma?t=${token}`).expect(200);
    expect(prompt.text).toContain('Conferma la richiesta');
    expect(await count('ticket')).toBe(tickets);

    const done = await request(t.http)
      .post('/richiesta/conferma')
      .type('form')
      .send({ t: token })
      .expect(200);
    const number = /numero (\d{4}-\d+)/.exec(done.text)![1];
    const [ticket] = await t.dataSource.query<
      { id: string; channel: string; subject: string; ente_id: string; status: string; email: string }[]
    >(
      `SELECT t.id, t.channel, t.subject, t.ente_id, t.status, c.email FROM ticket t JOIN contact c ON c.id = t.requester_id WHERE t.number = $1`,
      [number],
    );
    expect(ticket).toMatchObject({
      channel: 'web',
      subject: 'Stampante non funziona',
      ente_id: f.ente.id,
      status: 'new',
      email: fields.email,
    });
    const files = await t.dataSource.query<{ filename: string; content: Buffer }[]>(
      `SELECT filename, content FROM attachment WHERE ticket_id = $1`,
      [ticket!.id],
    );
    expect(files.map((x) => [x.filename, x.content.toString()])).toEqual([['errore.pdf', '%PDF-1.4 prova']]);
    const acks = await t.dataSource.query<{ subject: string }[]>(
      `SELECT subject FROM outbound_mail WHERE ticket_id = $1 AND kind = 'ack'`,
      [ticket!.id],
    );
    expect(acks).toEqual([{ subject: `[CST ${number}] Segnalazione ricevuta: Stampante non funziona` }]);
    const [clock] = await t.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM sla_clock WHERE ticket_id = $1`,
      [ticket!.id],
    );
    expect(Number(clock!.n)).toBeGreaterThan(0);

    // A second confirmation (a double click, the link opened again) shows the same ticket: one ticket, one ack.
    const again = await request(t.http)
      .post('/richiesta/conferma')
      .type('form')
      .send({ t: token })
      .expect(200);
    expect(again.text).toContain(number);
    expect((await request(t.http).get(`/richiesta/conferma?t=${token}`).expect(200)).text).toContain(number);
    expect(await count('ticket')).toBe(tickets + 1);
    // The held copy of the citizen's words and files is gone: they live on the ticket only.
    const [held] = await t.dataSource.query<{ description: string; files: string }[]>(
      `SELECT description, (SELECT count(*) FROM public_request_file x WHERE x.request_id = r.id) AS files
         FROM public_request r WHERE r.ticket_id = $1`,
      [ticket!.id],
    );
    expect(held).toEqual({ description: '', files: '0' });
  });

  it('bad fields: the form again (400) with every problem in words, linked to its field, the values kept and HTML shown as text', async () => {
    const before = await count('public_request');
    const res = await send(
      valid({
        name: '',
        email: 'non-un-indirizzo',
        subject: '<script>alert(1)</script>',
        privacy: '',
        ente: 'XYZ',
      }),
    ).expect(400);
    expect(res.text).toContain('Ci sono 4 errori nel modulo');
    expect(res.text).toContain('<a href="#name">Nome e cognome: Campo obbligatorio.</a>');
    expect(res.text).toContain('Indirizzo e-mail non valido');
    expect(res.text).toContain('Scelga un comune o ente dall’elenco.');
    expect(res.text).toContain('deve dichiarare di aver letto l’informativa');
    expect(res.text).toMatch(/id="email"[^>]*aria-invalid="true"/);
    expect(res.text).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(res.text).not.toContain('<script>');
    const en = await send(valid({ email: '' }), [], visitor(), '/richiesta?lang=en').expect(400);
    expect(en.text).toContain('There is an error in the form');
    expect(await count('public_request')).toBe(before);
  });

  it('files: too many or too large are named; a body past every limit is cut off with 413', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 1);
    const small = Buffer.from('x');
    const res = await send(valid(), [
      { name: 'a.pdf', content: small },
      { name: 'grande.pdf', content: big },
    ]).expect(400);
    expect(res.text).toContain('Il file «grande.pdf» supera il limite di 1 MB.');
    const many = await send(valid(), [
      { name: 'a.pdf', content: small },
      { name: 'b.pdf', content: small },
      { name: 'c.pdf', content: small },
    ]).expect(400);
    expect(many.text).toContain('Troppi allegati: al massimo 2.');
    const huge = await request(t.http)
      .post('/richiesta')
      .set('Content-Type', 'multipart/form-data; boundary=x')
      .set('Content-Length', String(50 * 1024 * 1024))
      .send('--x--')
      .ok(() => true);
    expect(huge.status).toBe(413);
  });

  it('a robot (the hidden field filled) is refused in words and nothing is stored', async () => {
    const before = await count('public_request');
    const res = await send(valid({ website: 'http://spam.example' })).expect(400);
    expect(res.text).toContain('programma automatico');
    expect(await count('public_request')).toBe(before);
  });

  it('a form sent back at once, forged or stale is shown again with the values kept, to send once more', async () => {
    const served = await request(t.http).get('/richiesta').expect(200);
    const token = /name="formToken" value="([^"]+)"/.exec(served.text)![1]!;
    for (const bad of [token, 'forged.token', formToken(25 * 3_600_000)]) {
      const res = await send(valid({ formToken: bad, subject: 'Da rimandare' })).expect(400);
      expect(res.text).toContain('controlli i dati e lo invii di nuovo');
      expect(res.text).toContain('value="Da rimandare"');
    }
  });

  it('limits per connection and per e-mail address: past them, 429 in words and nothing stored', async () => {
    const ip = visitor();
    for (let i = 0; i < 3; i++) await send(valid({ email: `conn${i}@example.org` }), [], ip).expect(200);
    const before = await count('public_request');
    const perIp = await send(valid({ email: 'conn9@example.org' }), [], ip).expect(429);
    expect(perIp.text).toContain('troppe richieste nell’ultima ora');
    await send(valid({ email: 'same@example.org' })).expect(200);
    await send(valid({ email: 'same@example.org' })).expect(200);
    const perEmail = await send(valid({ email: 'SAME@example.org' })).expect(429);
    expect(perEmail.text).toContain('Per questo indirizzo e-mail sono arrivate troppe richieste oggi');
    expect(await count('public_request')).toBe(before + 2);
  });

  it('a burst from everyone at once waits for the next minute (Retry-After)', async () => {
    const service = t.app.get(PublicRequestService);
    const at = new Date('2031-03-03T10:00:10Z');
    const token = publicFormToken(SECRETS_KEY, new Date(at.getTime() - 10_000));
    const outcomes = [];
    for (let i = 0; i < 31; i++) {
      outcomes.push(
        await service.submit(
          { ...valid({ email: `burst${i}@example.org` }), formToken: token },
          [],
          [],
          `203.0.113.${i}`,
          'it',
          at,
        ),
      );
    }
    expect(outcomes.slice(0, 30).every((o) => o.kind === 'sent')).toBe(true);
    expect(outcomes[30]).toEqual({ kind: 'refused', reason: 'burst', retryAfterSeconds: 50 });
  });

  it('a forged or expired confirmation link is a clear page; unconfirmed requests are deleted with their files when they expire', async () => {
    const bad = await request(t.http)
      .get('/richiesta/conferma?t=' + 'A'.repeat(43))
      .expect(404);
    expect(bad.text).toContain('Link non valido o scaduto');
    await request(t.http).post('/richiesta/conferma').type('form').send({ t: '../../etc' }).expect(404);
    const fields = valid({ email: 'late@example.org' });
    await send(fields, [{ name: 'x.pdf', content: Buffer.from('x') }]).expect(200);
    const { token } = await confirmationLink('late@example.org');
    await t.dataSource.query(
      `UPDATE public_request SET expires_at = now() - interval '1 minute' WHERE email = 'late@example.org'`,
    );
    await request(t.http).post('/richiesta/conferma').type('form').send({ t: token }).expect(404);
    const files = await count('public_request_file');
    expect(await t.app.get(PublicRequestService).deleteExpired()).toBeGreaterThanOrEqual(1);
    expect(await count('public_request_file')).toBe(files - 1);
    expect(await t.dataSource.query(`SELECT 1 FROM public_request WHERE email = 'late@example.org'`)).toEqual(
      [],
    );
  });
});
