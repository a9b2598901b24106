import { MailIngestService } from '@app/mail';
import { authHeaders, BasicFixtures, createBasicFixtures, createTestApp, TestApp } from '@app/testing';
import request from 'supertest';

function mail(headers: string[], body: string[]): Buffer {
  return Buffer.from([...headers, 'MIME-Version: 1.0', ...body].join('\r\n'));
}

/** A citizen's mail with one PDF attached. */
function mailWithPdf(from: string, subject: string, messageId: string, pdf: string): Buffer {
  const boundary = 'b1';
  return mail(
    [`From: ${from}`, 'To: assistenza@cst.example', `Subject: ${subject}`, `Message-ID: <${messageId}>`],
    [
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Buongiorno, ${subject.toLowerCase()}.`,
      `--${boundary}`,
      'Content-Type: application/pdf; name="ricevuta.pdf"',
      'Content-Disposition: attachment; filename="ricevuta.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(pdf).toString('base64'),
      `--${boundary}--`,
      '',
    ],
  );
}

/** Issue 18: a person's record and their access request (GDPR art. 15). */
describe('a person’s record and export (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let ingest: MailIngestService;
  let evaId: string;
  let evaTickets: string[];

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    ingest = t.app.get(MailIngestService);
    const first = await ingest.ingest(
      mailWithPdf('Eva Rossi <eva.rossi@example.org>', 'Ricevuta TARI', 'eva-1@example.org', '%PDF-1.4 eva'),
    );
    const second = await ingest.ingest(
      mailWithPdf(
        'Eva Rossi <eva.rossi@example.org>',
        'Mensa scolastica',
        'eva-2@example.org',
        '%PDF-1.4 eva2',
      ),
    );
    await ingest.ingest(
      mailWithPdf(
        'Bruno Verdi <bruno.verdi@example.org>',
        'Certificato',
        'bruno-1@example.org',
        '%PDF-1.4 bruno',
      ),
    );
    evaTickets = [first.ticketId!, second.ticketId!];
    const [eva] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM contact WHERE email = $1`, [
      'eva.rossi@example.org',
    ]);
    evaId = eva.id;
  });
  afterAll(() => t?.close());

  describe('GET /api/contacts/:id', () => {
    it('answers the contact and their tickets, newest first', async () => {
      const res = await request(t.http).get(`/api/contacts/${evaId}`).set(authHeaders(f.supervisor));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: evaId,
        name: 'Eva Rossi',
        email: 'eva.rossi@example.org',
        legalHold: null,
        anonymisedAt: null,
      });
      expect(res.body.tickets.map((x: { id: string }) => x.id)).toEqual([...evaTickets].reverse());
      expect(res.body.tickets[0]).toMatchObject({ subject: 'Mensa scolastica', channel: 'email' });
    });

    it('is for supervisors and admins: an agent gets 403, an unknown id 404', async () => {
      expect((await request(t.http).get(`/api/contacts/${evaId}`).set(authHeaders(f.agent))).status).toBe(
        403,
      );
      const unknown = await request(t.http)
        .get('/api/contacts/00000000-0000-4000-8000-00000000beef')
        .set(authHeaders(f.supervisor));
      expect(unknown.status).toBe(404);
    });
  });
});
