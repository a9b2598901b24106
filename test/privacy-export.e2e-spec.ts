import { MailIngestService } from '@app/mail';
import { PublicRequestService } from '@app/portal';
import { authHeaders, BasicFixtures, createBasicFixtures, createTestApp, TestApp } from '@app/testing';
import request from 'supertest';
import { fromBuffer } from 'yauzl';

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

/** Every entry of a ZIP, by path (yauzl checks the central directory and each CRC). */
function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error) return reject(error);
      const entries = new Map<string, Buffer>();
      file.on('error', reject);
      file.on('end', () => resolve(entries));
      file.on('entry', (entry: { fileName: string }) => {
        file.openReadStream(entry as never, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            file.readEntry();
          });
        });
      });
      file.readEntry();
    });
  });
}

/** Issue 18: a person's record and their access request (GDPR art. 15). */
describe('a person’s record and export (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let ingest: MailIngestService;
  let evaId: string;
  let evaTickets: string[];
  let brunoId: string;

  const contactId = async (email: string) =>
    (await t.dataSource.query<{ id: string }[]>(`SELECT id FROM contact WHERE email = $1`, [email]))[0].id;

  const download = (id: string, as: { id: string } = f.supervisor) =>
    request(t.http)
      .get(`/api/contacts/${id}/export`)
      .set(authHeaders(as))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });

  async function insertCall(contact: string, ticket: string | null, number: string) {
    await t.dataSource.query(
      `INSERT INTO phone_call (call_id, direction, from_number, caller_e164, contact_id, ticket_id, status,
                               started_at, answered_at, ended_at)
       VALUES ($1, 'in', $2, $2, $3, $4, 'answered', now() - interval '10 minutes',
               now() - interval '9 minutes', now() - interval '5 minutes')`,
      [`call-${number}`, number, contact, ticket],
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    ingest = t.app.get(MailIngestService);
    const first = await ingest.ingest(
      mailWithPdf(
        'Eva Ferretti <eva.ferretti@example.org>',
        'Ricevuta TARI',
        'eva-1@example.org',
        '%PDF-1.4 eva',
      ),
    );
    const second = await ingest.ingest(
      mailWithPdf(
        'Eva Ferretti <eva.ferretti@example.org>',
        'Mensa scolastica',
        'eva-2@example.org',
        '%PDF-1.4 eva2',
      ),
    );
    const bruno = await ingest.ingest(
      mailWithPdf(
        'Bruno Verdi <bruno.verdi@example.org>',
        'Certificato',
        'bruno-1@example.org',
        '%PDF-1.4 bruno',
      ),
    );
    evaTickets = [first.ticketId!, second.ticketId!];
    evaId = await contactId('eva.ferretti@example.org');
    brunoId = await contactId('bruno.verdi@example.org');
    await request(t.http)
      .post(`/api/tickets/${first.ticketId}/notes`)
      .set(authHeaders(f.agent))
      .send({ body: 'Verificato il pagamento con l’ufficio tributi.' })
      .expect(200);
    await request(t.http)
      .post(`/api/tickets/${first.ticketId}/reply`)
      .set(authHeaders(f.agent))
      .send({ via: 'email', body: 'Gentile signora Ferretti, il pagamento risulta registrato.' })
      .expect(200);
    await request(t.http)
      .post(`/api/tickets/${bruno.ticketId}/notes`)
      .set(authHeaders(f.agent))
      .send({ body: 'Nota sul certificato di Bruno.' })
      .expect(200);
    await insertCall(evaId, first.ticketId!, '+390551110001');
    await insertCall(brunoId, bruno.ticketId!, '+390552220002');
  });
  afterAll(() => t?.close());

  describe('GET /api/contacts/:id', () => {
    it('answers the contact and their tickets, newest first', async () => {
      const res = await request(t.http).get(`/api/contacts/${evaId}`).set(authHeaders(f.supervisor));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: evaId,
        name: 'Eva Ferretti',
        email: 'eva.ferretti@example.org',
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

  describe('GET /api/contacts/:id/export (GDPR art. 15)', () => {
    it('hands over a ZIP of the person’s data: JSON, an Italian PDF summary and their files, nobody else’s', async () => {
      const res = await download(evaId);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-disposition']).toMatch(
        new RegExp(`^attachment; filename="dati-${evaId}-\\d{4}-\\d{2}-\\d{2}\\.zip"$`),
      );
      const files = await unzip(res.body as Buffer);
      const names = [...files.keys()];
      expect(names).toEqual(expect.arrayContaining(['LEGGIMI.txt', 'dati.json', 'riepilogo.pdf']));

      const pdf = files.get('riepilogo.pdf')!;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

      const data = JSON.parse(files.get('dati.json')!.toString('utf8'));
      expect(data.contact).toMatchObject({
        id: evaId,
        name: 'Eva Ferretti',
        email: 'eva.ferretti@example.org',
      });
      expect(data.tickets.map((x: { id: string }) => x.id).sort()).toEqual([...evaTickets].sort());
      const tari = data.tickets.find((x: { id: string }) => x.id === evaTickets[0]);
      const texts = tari.timeline.map((e: { text: string | null }) => e.text);
      expect(texts).toEqual(
        expect.arrayContaining([
          expect.stringContaining('ricevuta tari'),
          'Verificato il pagamento con l’ufficio tributi.',
          'Gentile signora Ferretti, il pagamento risulta registrato.',
        ]),
      );
      expect(tari.receivedMails).toHaveLength(1);
      expect(data.sentMails.map((m: { text: string }) => m.text)).toEqual(
        expect.arrayContaining([expect.stringContaining('il pagamento risulta registrato')]),
      );
      expect(data.calls).toHaveLength(1);
      expect(data.calls[0]).toMatchObject({ from: '+390551110001', ticketNumber: tari.number });

      // The files themselves, each at the path the JSON names.
      const attachments = data.tickets.flatMap((x: { attachments: { file: string }[] }) => x.attachments);
      expect(attachments).toHaveLength(2);
      const contents = attachments.map((a: { file: string }) => files.get(a.file)?.toString()).sort();
      expect(contents).toEqual(['%PDF-1.4 eva', '%PDF-1.4 eva2']);

      // Nothing of the other contact: not his ticket, his note, his file or his call.
      const everything = [...files.values()].map((b) => b.toString('latin1')).join('\n');
      expect(everything).not.toContain('bruno');
      expect(everything).not.toContain('Bruno');
      expect(everything).not.toContain('Certificato');
      expect(everything).not.toContain('+390552220002');
    });

    it('is audited: who exported whom, not the data', async () => {
      await download(evaId).expect(200);
      const rows = await t.dataSource.query<{ actor_id: string; details: Record<string, unknown> }[]>(
        `SELECT actor_id, details FROM audit_log WHERE action = 'privacy.contact_exported' AND target_id = $1`,
        [evaId],
      );
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows[0].actor_id).toBe(f.supervisor.id);
      expect(JSON.stringify(rows)).not.toContain('eva.ferretti');
    });

    it('is for supervisors and admins: an agent gets 403 (and nothing is audited), an unknown id 404', async () => {
      const before = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'privacy.contact_exported'`,
      );
      expect((await download(evaId, f.agent)).status).toBe(403);
      expect((await download('00000000-0000-4000-8000-00000000beef')).status).toBe(404);
      const after = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'privacy.contact_exported'`,
      );
      expect(after[0].n).toBe(before[0].n);
    });

    it('includes the person’s requests sent by the public form and not yet confirmed, with their files; nobody else’s', async () => {
      const forms = t.app.get(PublicRequestService);
      const sendForm = (name: string, email: string, subject: string, file: string) =>
        request(t.http)
          .post('/richiesta')
          .field({
            name,
            email,
            phone: '',
            ente: f.ente.id,
            category: '',
            subject,
            description: `Descrizione di ${name} dal modulo.`,
            privacy: 'on',
            website: '',
            formToken: forms.formToken(new Date(Date.now() - 10_000)),
          })
          .attach('files', Buffer.from(file), { filename: 'modulo.pdf', contentType: 'application/pdf' })
          .expect(200);
      await sendForm(
        'Eva Ferretti',
        'EVA.Ferretti@example.org',
        'Iscrizione nido dal modulo',
        '%PDF-1.4 nido',
      );
      await sendForm('Bruno Verdi', 'bruno.verdi@example.org', 'Richiesta di Bruno dal modulo', '%PDF bruno');

      const files = await unzip((await download(evaId).expect(200)).body as Buffer);
      const data = JSON.parse(files.get('dati.json')!.toString('utf8'));
      expect(data.pendingWebRequests).toHaveLength(1);
      expect(data.pendingWebRequests[0]).toMatchObject({
        name: 'Eva Ferretti',
        email: 'eva.ferretti@example.org',
        ente: 'Comune di Pontassieve',
        subject: 'Iscrizione nido dal modulo',
        description: 'Descrizione di Eva Ferretti dal modulo.',
        files: [{ filename: 'modulo.pdf', file: 'modulo-web/01-modulo.pdf' }],
      });
      expect(files.get('modulo-web/01-modulo.pdf')?.toString()).toBe('%PDF-1.4 nido');
      expect(files.get('LEGGIMI.txt')?.toString()).toContain('modulo-web/');
      const everything = [...files.values()].map((b) => b.toString('latin1')).join('\n');
      expect(everything).not.toContain('Bruno');
      expect(everything).not.toContain('%PDF bruno');
      const [audit] = await t.dataSource.query<{ details: Record<string, unknown> }[]>(
        `SELECT details FROM audit_log WHERE action = 'privacy.contact_exported' AND target_id = $1
          ORDER BY id DESC LIMIT 1`,
        [evaId],
      );
      expect(audit!.details).toMatchObject({ publicRequests: 1 });
    });

    it('exports an anonymised contact as what is left: the pseudonym, no name, address, text or file', async () => {
      for (const ticket of evaTickets) {
        await request(t.http)
          .post(`/api/tickets/${ticket}/resolve`)
          .set(authHeaders(f.agent))
          .send({ resolution: 'Fatto.' })
          .expect(200);
      }
      // The worker has sent the mails by now (no SMTP server here): erasure redacts sent copies and
      // leaves a mail still in the outbox to go.
      await t.dataSource.query(
        `UPDATE outbound_mail SET status = 'sent', sent_at = now() WHERE ticket_id = ANY($1::uuid[])`,
        [evaTickets],
      );
      await request(t.http)
        .post(`/api/contacts/${evaId}/erase`)
        .set(authHeaders(f.supervisor))
        .send({ reason: 'Richiesta PEC prot. 4521' })
        .expect(200);
      const res = await download(evaId);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toMatch(
        /filename="dati-anonimo-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}\.zip"/,
      );
      const files = await unzip(res.body as Buffer);
      const data = JSON.parse(files.get('dati.json')!.toString('utf8'));
      expect(data.contact.name).toMatch(/^Anonimo [0-9A-F]{8}$/);
      expect(data.contact.anonymisedAt).not.toBeNull();
      expect(data.tickets).toHaveLength(2);
      expect(data.tickets.every((x: { anonymisedAt: string | null }) => x.anonymisedAt)).toBe(true);
      expect([...files.keys()].filter((name) => name.startsWith('allegati/'))).toEqual([]);
      // Her request waiting in the public form went with the erasure.
      expect(data.pendingWebRequests).toEqual([]);
      expect([...files.keys()].filter((name) => name.startsWith('modulo-web/'))).toEqual([]);
      const everything = [...files.values()].map((b) => b.toString('latin1')).join('\n');
      for (const gone of [
        'Eva',
        'Ferretti',
        'eva.ferretti',
        'EVA.Ferretti',
        'TARI',
        'Mensa',
        'pagamento',
        'nido',
        '+390551110001',
      ]) {
        expect(everything).not.toContain(gone);
      }
    });
  });
});
