import { MailIngestService } from '@app/mail';
import {
  expectNoRemoteLoads,
  expectSafeHtml,
  pecEnvelope,
  pecOriginal,
} from '@app/mail/parsing/mail-test.fixture';
import { authHeaders, BasicFixtures, createBasicFixtures, createTestApp, TestApp } from '@app/testing';
import request from 'supertest';

/** A hostile HTML mail: the payloads a sanitiser must survive, plus a remote tracking image. */
const XSS_HTML = [
  '<p>Buongiorno, <b>allego</b> la ricevuta.</p>',
  '<a href="https://www.comune.fiesole.fi.it/">sito del comune</a>',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '<a href="javascript:alert(3)">clicca</a>',
  '<a href="JaVaScRiPt:alert(4)">qui</a>',
  '<a href="&#106;avascript:alert(5)">ancora</a>',
  '<svg onload=alert(6)><script>alert(7)</script></svg>',
  '<div style="background:url(javascript:alert(8))">stile</div>',
  '<iframe src="https://evil.example/"></iframe>',
  '<form action="javascript:alert(10)"><input type=submit></form>',
  '<img src="https://tracker.example/pixel.gif">',
  // Last: an unclosed <style> inside <math> swallows the rest of the document, as a browser would.
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(9)>',
].join('\n');

function mail(headers: string[], body: string[]): Buffer {
  return Buffer.from([...headers, 'MIME-Version: 1.0', ...body].join('\r\n'));
}

describe('what ingested mail shows to agents (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let ingest: MailIngestService;
  const as = (user: { id: string }) => authHeaders(user);

  beforeAll(async () => {
    t = await createTestApp({ MAIL_MAX_ATTACHMENT_MB: '1' });
    f = await createBasicFixtures(t.dataSource);
    ingest = t.app.get(MailIngestService);
  });
  afterAll(() => t?.close());

  it('serves e-mail HTML sanitised: no script, handler, javascript: URL or remote image reaches the browser', async () => {
    const result = await ingest.ingest(
      mail(
        [
          'From: Eva Rossi <eva.rossi@example.org>',
          'To: assistenza@cst.example',
          'Subject: Ricevuta',
          'Message-ID: <xss-1@example.org>',
        ],
        ['Content-Type: text/html; charset=utf-8', '', XSS_HTML],
      ),
    );
    expect(result.outcome).toBe('ticket_created');
    const ticket = (await request(t.http).get(`/api/tickets/${result.ticketId}`).set(authHeaders(f.agent)))
      .body;
    const message = ticket.timeline.find((e: { type: string }) => e.type === 'message');
    const html: string = message.payload.html;
    expect(html).toContain('<b>allego</b>');
    expect(html).toContain('https://www.comune.fiesole.fi.it/');
    expectSafeHtml(html);
    expectNoRemoteLoads(html);
    // The whole API answer is free of the payloads too (subject, text, description).
    expectSafeHtml(JSON.stringify(ticket).replace(/\\"/g, '"'));
  });

  it('lists attachments and serves each as a download, never as a page', async () => {
    const boundary = 'b1';
    const result = await ingest.ingest(
      mail(
        [
          'From: Eva Rossi <eva.rossi@example.org>',
          'To: assistenza@cst.example',
          'Subject: Allegati',
          'Message-ID: <att-1@example.org>',
        ],
        [
          `Content-Type: multipart/mixed; boundary="${boundary}"`,
          '',
          `--${boundary}`,
          'Content-Type: text/plain; charset=utf-8',
          '',
          'In allegato.',
          `--${boundary}`,
          'Content-Type: text/html; name="pagina.html"',
          'Content-Disposition: attachment; filename="pagina.html"',
          '',
          '<script>alert(1)</script>',
          `--${boundary}`,
          'Content-Type: application/pdf; name="ricevuta è.pdf"',
          "Content-Disposition: attachment; filename*=UTF-8''ricevuta%20%C3%A8.pdf",
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.from('%PDF-1.4 prova').toString('base64'),
          `--${boundary}--`,
          '',
        ],
      ),
    );
    const list = await request(t.http).get(`/api/tickets/${result.ticketId}/attachments`).set(as(f.agent));
    expect(list.status).toBe(200);
    expect(list.body.map((a: { filename: string }) => a.filename).sort()).toEqual([
      'pagina.html',
      'ricevuta è.pdf',
    ]);
    expect((await request(t.http).get(`/api/tickets/${result.ticketId}/attachments`)).status).toBe(401);

    const html = list.body.find((a: { filename: string }) => a.filename === 'pagina.html');
    const download = await request(t.http)
      .get(`/api/tickets/${result.ticketId}/attachments/${html.id}`)
      .set(as(f.agent));
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="pagina.html"; filename*=UTF-8''pagina.html`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    const pdf = list.body.find((a: { filename: string }) => a.filename.endsWith('.pdf'));
    const pdfDownload = await request(t.http)
      .get(`/api/tickets/${result.ticketId}/attachments/${pdf.id}`)
      .set(as(f.agent))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect((pdfDownload.body as Buffer).toString()).toBe('%PDF-1.4 prova');
    expect(pdfDownload.headers['content-disposition']).toContain("filename*=UTF-8''ricevuta%20%C3%A8.pdf");

    // An attachment of another ticket is not reachable through this one.
    const other = await ingest.ingest(
      mail(
        ['From: x@example.org', 'Subject: Altro', 'Message-ID: <att-2@example.org>'],
        ['Content-Type: text/plain', '', 'ciao'],
      ),
    );
    const cross = await request(t.http)
      .get(`/api/tickets/${other.ticketId}/attachments/${pdf.id}`)
      .set(as(f.agent));
    expect(cross.status).toBe(404);
  });

  it('refuses an attachment over the size limit, notes it on the ticket and tells the sender', async () => {
    const big = Buffer.alloc(1_300_000, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
    const result = await ingest.ingest(
      mail(
        [
          'From: Eva Rossi <eva.rossi@example.org>',
          'To: assistenza@cst.example',
          'Subject: Scansione',
          'Message-ID: <big-1@example.org>',
        ],
        [
          'Content-Type: multipart/mixed; boundary="b2"',
          '',
          '--b2',
          'Content-Type: text/plain',
          '',
          'Scansione allegata.',
          '--b2',
          'Content-Type: application/pdf; name="scansione.pdf"',
          'Content-Disposition: attachment; filename="scansione.pdf"',
          'Content-Transfer-Encoding: base64',
          '',
          big,
          '--b2--',
          '',
        ],
      ),
    );
    expect(result).toMatchObject({ outcome: 'ticket_created', refusedAttachments: 1, attachments: 0 });
    const ticket = (await request(t.http).get(`/api/tickets/${result.ticketId}`).set(authHeaders(f.agent)))
      .body;
    const refused = ticket.timeline.find((e: { type: string }) => e.type === 'attachment_refused');
    expect(refused.payload.refused[0]).toMatchObject({ filename: 'scansione.pdf' });
    const mails = await request(t.http).get(`/api/tickets/${result.ticketId}/mails`).set(as(f.agent));
    expect(mails.body.map((m: { kind: string }) => m.kind).sort()).toEqual(['ack', 'attachment_refused']);
    expect(mails.body.find((m: { kind: string }) => m.kind === 'attachment_refused').to).toEqual([
      'eva.rossi@example.org',
    ]);
  });

  it('unwraps a PEC envelope: the ticket shows the office that wrote, not the certified-mail provider', async () => {
    const result = await ingest.ingest(
      pecEnvelope(
        pecOriginal({ subject: 'Richiesta accesso atti', messageId: '<pec-e2e-1@pec.comune.esempio.it>' }),
      ),
    );
    expect(result.outcome).toBe('ticket_created');
    const ticket = (await request(t.http).get(`/api/tickets/${result.ticketId}`).set(authHeaders(f.agent)))
      .body;
    expect(ticket.subject).toBe('Richiesta accesso atti');
    expect(ticket.requester.email).toBe('protocollo@pec.comune.esempio.it');
    const message = ticket.timeline.find((e: { type: string }) => e.type === 'message');
    expect(message.payload.pec).toEqual({ kind: 'envelope' });
  });

  it('opens the new tickets of a fetched chunk together, exactly as one at a time would', async () => {
    const batch = ['uno', 'due', 'tre'].map((n) =>
      mail(
        [
          `From: Utente ${n} <utente.${n}@comune.esempio.it>`,
          'To: assistenza@cst.example',
          `Subject: Problema ${n}`,
          `Message-ID: <bulk-${n}@esempio.it>`,
        ],
        ['Content-Type: text/plain; charset=utf-8', '', `Descrizione del problema ${n}.`],
      ),
    );
    // The third answers the first: it must wait for it, in order, and thread onto its ticket.
    batch.push(
      mail(
        [
          'From: Utente uno <utente.uno@comune.esempio.it>',
          'Subject: R: Problema uno',
          'Message-ID: <bulk-reply@esempio.it>',
          'In-Reply-To: <bulk-uno@esempio.it>',
        ],
        ['Content-Type: text/plain', '', 'Aggiungo un dettaglio.'],
      ),
    );
    const results = await ingest.ingestBatch(
      batch.map((raw) => ({ raw })),
      null,
    );
    expect(results.map((r) => r.outcome)).toEqual([
      'ticket_created',
      'ticket_created',
      'ticket_created',
      'reply_added',
    ]);
    expect(results.slice(0, 3).every((r) => r.flags.includes('bulk') && r.acknowledged)).toBe(true);
    expect(results[3].ticketId).toBe(results[0].ticketId);
    const ticket = (await request(t.http).get(`/api/tickets/${results[0].ticketId}`).set(as(f.agent))).body;
    expect(ticket).toMatchObject({
      channel: 'email',
      status: 'new',
      subject: 'Problema uno',
      requester: { email: 'utente.uno@comune.esempio.it' },
    });
    expect(ticket.number).toMatch(/^\d{4}-\d{6}$/);
    expect(ticket.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'message', 'message']);
    expect(ticket.timeline[1].payload).toMatchObject({
      direction: 'in',
      via: 'email',
      messageId: '<bulk-uno@esempio.it>',
    });
    expect(ticket.sla.map((c: { code: string }) => c.code).sort()).toEqual(['SLA.6', 'SLA.7']);
    const mails = await request(t.http).get(`/api/tickets/${results[1].ticketId}/mails`).set(as(f.agent));
    expect(mails.body).toHaveLength(1);
    expect(mails.body[0]).toMatchObject({ kind: 'ack', to: ['utente.due@comune.esempio.it'] });
    // The same chunk again: every mail is recognised, nothing is opened twice.
    const again = await ingest.ingestBatch(
      batch.map((raw) => ({ raw })),
      null,
    );
    expect(again.map((r) => r.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
  });
});
