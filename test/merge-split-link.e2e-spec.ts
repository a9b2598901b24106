import { MailIngestService } from '@app/mail';
import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  TestApp,
} from '@app/testing';
import { AttachmentRepository, TicketService, UserEntity } from '@app/tickets';
import request from 'supertest';

interface TimelineItem {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  body: string | null;
}

/** Issue 19.7: merge a duplicate, split a message into a new ticket, link related and parent/child tickets. */
describe('merge, split and link (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let referent: UserEntity;

  const api = (user: UserEntity) => ({
    get: (path: string) => request(t.http).get(path).set(authHeaders(user)),
    post: (path: string, body: object) => request(t.http).post(path).set(authHeaders(user)).send(body),
    del: (path: string) => request(t.http).delete(path).set(authHeaders(user)),
  });

  async function newTicket(subject: string, phone = '055 2223334', name = 'Lucia Serra') {
    const res = await api(f.agent)
      .post('/api/tickets', { channel: 'phone', subject, requester: { name, phone }, enteId: f.ente.id })
      .expect(201);
    return res.body as { id: string; number: string; version: number; timeline: TimelineItem[] };
  }
  const read = async (id: string) =>
    (await api(f.agent).get(`/api/tickets/${id}`).expect(200)).body as {
      id: string;
      number: string;
      status: string;
      version: number;
      mergedIntoId: string | null;
      receivedAt: string;
      requester: { id: string };
      ente: { id: string };
      timeline: TimelineItem[];
    };
  /** A requester's message on an existing ticket, as mail ingestion adds it. */
  async function inbound(id: string, body: string, at: Date) {
    const tickets = t.app.get(TicketService);
    await t.dataSource.transaction((em) =>
      tickets.addInboundMessage(
        em,
        id,
        { occurredAt: at, via: 'email', payload: { from: { address: 'lucia@example.it' } }, body },
        { reopen: false, resume: false },
        new Date(),
      ),
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    referent = await createUser(t.dataSource, 'ente_referent', 'Referente');
    await t.dataSource.query(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [
      referent.id,
      f.ente.id,
    ]);
  });
  afterAll(() => t?.close());

  describe('merge', () => {
    it('copies the duplicate’s messages onto the target and closes the duplicate as merged', async () => {
      const target = await newTicket('Non riesco ad accedere al portale');
      const duplicate = await newTicket('Accesso al portale, di nuovo');
      await inbound(duplicate.id, 'Scusate, vi riscrivo: il portale non mi fa entrare.', new Date());
      const candidates = await api(f.agent).get(`/api/tickets/${duplicate.id}/merge-candidates`).expect(200);
      expect(candidates.body.map((c: { id: string }) => c.id)).toContain(target.id);
      expect(candidates.body.map((c: { id: string }) => c.id)).not.toContain(duplicate.id);

      const res = await api(f.agent)
        .post(`/api/tickets/${duplicate.id}/merge`, {
          targetId: target.id,
          version: (await read(duplicate.id)).version,
        })
        .expect(200);
      expect(res.body.id).toBe(target.id);
      const after = res.body.timeline as TimelineItem[];
      const mergedFrom = after.find((e) => e.type === 'merged_from')!;
      expect(mergedFrom.payload).toEqual({ from: duplicate.id, number: duplicate.number, messages: 2 });
      const copies = after.filter((e) => e.type === 'message' && e.payload.mergedFrom);
      expect(copies.map((c) => c.body)).toEqual([
        'Accesso al portale, di nuovo',
        'Scusate, vi riscrivo: il portale non mi fa entrare.',
      ]);
      expect(copies[0].payload).toMatchObject({
        direction: 'in',
        mergedFrom: { ticketId: duplicate.id, number: duplicate.number },
      });

      const closed = await read(duplicate.id);
      expect(closed).toMatchObject({ status: 'resolved', mergedIntoId: target.id });
      const types = closed.timeline.map((e) => e.type);
      expect(types).toContain('merged');
      const status = closed.timeline.filter((e) => e.type === 'status_changed').pop()!;
      expect(status.payload).toMatchObject({ to: 'resolved', reason: 'merged' });
      expect(closed.timeline.find((e) => e.type === 'merged')!.payload).toEqual({
        into: target.id,
        number: target.number,
        messages: 2,
      });

      const fromTarget = await api(f.agent).get(`/api/tickets/${target.id}/links`).expect(200);
      expect(fromTarget.body).toEqual([
        expect.objectContaining({ ticketId: duplicate.id, kind: 'merged_from' }),
      ]);
      const fromDuplicate = await api(f.agent).get(`/api/tickets/${duplicate.id}/links`).expect(200);
      expect(fromDuplicate.body).toEqual([
        expect.objectContaining({ ticketId: target.id, kind: 'merged_into' }),
      ]);

      // Closed for good: reopening the duplicate is refused (the target is the one to reopen).
      const reopen = await api(f.agent)
        .post(`/api/tickets/${duplicate.id}/reopen`, { reason: 'Riprovo' })
        .expect(409);
      expect(reopen.body.message).toMatch(/unito a un altro/);

      // The requester's later reply to the duplicate lands on the target.
      await inbound(duplicate.id, 'Ora funziona, grazie', new Date());
      expect((await read(target.id)).timeline.pop()!.body).toBe('Ora funziona, grazie');
      expect((await read(duplicate.id)).timeline.map((e) => e.body)).not.toContain('Ora funziona, grazie');
    });

    it('brings the duplicate’s files onto the target: downloadable there, none lost, none twice', async () => {
      const ingest = t.app.get(MailIngestService);
      const mail = (subject: string, id: string, parts: string[]) =>
        Buffer.from(
          [
            'From: Rita Neri <rita.neri@example.org>',
            'To: assistenza@cst.example',
            `Subject: ${subject}`,
            `Message-ID: <${id}@example.org>`,
            'MIME-Version: 1.0',
            ...parts,
          ].join('\r\n'),
        );
      const first = await ingest.ingest(
        mail('Badge non funzionante', 'badge-1', ['Content-Type: text/plain', '', 'Il badge non apre.']),
      );
      const pdf = Buffer.from('%PDF-1.4 modulo di richiesta badge');
      const second = await ingest.ingest(
        mail('Badge, allego il modulo', 'badge-2', [
          'Content-Type: multipart/mixed; boundary="b1"',
          '',
          '--b1',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Vi allego il modulo compilato.',
          '--b1',
          'Content-Type: application/pdf; name="modulo-badge.pdf"',
          'Content-Disposition: attachment; filename="modulo-badge.pdf"',
          'Content-Transfer-Encoding: base64',
          '',
          pdf.toString('base64'),
          '--b1--',
          '',
        ]),
      );
      expect([first.outcome, second.outcome]).toEqual(['ticket_created', 'ticket_created']);
      const targetId = first.ticketId!;
      const duplicateId = second.ticketId!;
      // A file staff uploaded on the duplicate goes too: everything the duplicate holds.
      await request(t.http)
        .post(`/api/tickets/${duplicateId}/attachments`)
        .query({ filename: 'nota-interna.txt' })
        .set(authHeaders(f.agent))
        .set('Content-Type', 'text/plain')
        .send('verificato il lettore')
        .expect(201);
      const files = async (id: string) =>
        (await api(f.agent).get(`/api/tickets/${id}/attachments`).expect(200)).body as {
          id: string;
          filename: string;
          sha256: string;
        }[];
      const download = async (ticketId: string, fileId: string) =>
        (
          await request(t.http)
            .get(`/api/tickets/${ticketId}/attachments/${fileId}`)
            .set(authHeaders(f.agent))
            .buffer(true)
            .parse((res, done) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () => done(null, Buffer.concat(chunks)));
            })
            .expect(200)
        ).body as Buffer;
      const original = await files(duplicateId);
      expect(original.map((a) => a.filename).sort()).toEqual(['modulo-badge.pdf', 'nota-interna.txt']);
      expect(await files(targetId)).toEqual([]);

      await api(f.agent)
        .post(`/api/tickets/${duplicateId}/merge`, {
          targetId,
          version: (await read(duplicateId)).version,
        })
        .expect(200);
      const onTarget = await files(targetId);
      expect(onTarget.map((a) => a.filename).sort()).toEqual(['modulo-badge.pdf', 'nota-interna.txt']);
      const copy = onTarget.find((a) => a.filename === 'modulo-badge.pdf')!;
      expect(copy.id).not.toBe(original.find((a) => a.filename === 'modulo-badge.pdf')!.id);
      expect(copy.sha256).toBe(original.find((a) => a.filename === 'modulo-badge.pdf')!.sha256);
      expect((await download(targetId, copy.id)).equals(pdf)).toBe(true);
      // The duplicate keeps its own files.
      expect((await files(duplicateId)).map((a) => a.id).sort()).toEqual(original.map((a) => a.id).sort());
      // The copied message on the target still names its file.
      const copied = (await read(targetId)).timeline.find(
        (e) => e.type === 'message' && e.payload.mergedFrom && e.body?.includes('modulo compilato'),
      )!;
      expect(copied.payload.attachments).toEqual([expect.objectContaining({ filename: 'modulo-badge.pdf' })]);

      // Retried (a replay, or after a failure part-way): the merge is refused and no file doubles,
      // even if the copy step itself runs again.
      await api(f.agent).post(`/api/tickets/${duplicateId}/merge`, { targetId }).expect(409);
      const again = await t.dataSource.transaction((em) =>
        t.app.get(AttachmentRepository).copyToTicket(em, duplicateId, targetId),
      );
      expect(again.map((c) => c.to).sort()).toEqual(onTarget.map((a) => a.id).sort());
      expect((await files(targetId)).map((a) => a.id).sort()).toEqual(onTarget.map((a) => a.id).sort());
    });

    it('refuses bad merges clearly and changes nothing', async () => {
      const target = await newTicket('Certificato anagrafico');
      const duplicate = await newTicket('Certificato, sollecito');
      const stranger = await newTicket('Altro richiedente', '055 9998887', 'Mario Bianchi');
      const before = (await read(target.id)).timeline.length;

      const self = await api(f.agent)
        .post(`/api/tickets/${duplicate.id}/merge`, { targetId: duplicate.id })
        .expect(400);
      expect(self.body.fields[0]).toMatchObject({ field: 'targetId', code: 'self' });
      const across = await api(f.agent)
        .post(`/api/tickets/${duplicate.id}/merge`, { targetId: stranger.id })
        .expect(400);
      expect(across.body.fields[0]).toMatchObject({ field: 'targetId', code: 'otherRequester' });
      const unknown = await api(f.agent)
        .post(`/api/tickets/${duplicate.id}/merge`, { targetId: '00000000-0000-4000-8000-000000000000' })
        .expect(400);
      expect(unknown.body.fields[0]).toMatchObject({ field: 'targetId', code: 'notFound' });
      await api(f.agent).post(`/api/tickets/${duplicate.id}/merge`, { targetId: 'nope' }).expect(400);
      const stale = await api(f.agent)
        .post(`/api/tickets/${duplicate.id}/merge`, { targetId: target.id, version: 99 })
        .expect(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');

      const resolved = await newTicket('Già risolto');
      await api(f.agent).post(`/api/tickets/${resolved.id}/resolve`, { resolution: 'Fatto' }).expect(200);
      const intoResolved = await api(f.agent)
        .post(`/api/tickets/${duplicate.id}/merge`, { targetId: resolved.id })
        .expect(409);
      expect(intoResolved.body).toMatchObject({ code: 'CONFLICT', reason: 'targetResolved' });
      expect(intoResolved.body.message).toMatch(/risolto/);

      await api(f.agent).post(`/api/tickets/${duplicate.id}/merge`, { targetId: target.id }).expect(200);
      const again = await api(f.agent)
        .post(`/api/tickets/${duplicate.id}/merge`, { targetId: target.id })
        .expect(409);
      expect(again.body.reason).toBe('alreadyMerged');
      const intoMerged = await newTicket('Terzo');
      const chained = await api(f.agent)
        .post(`/api/tickets/${intoMerged.id}/merge`, { targetId: duplicate.id })
        .expect(409);
      expect(chained.body.reason).toBe('targetMerged');

      // Only the one successful merge wrote on the target: merged_from and one copied message.
      expect((await read(target.id)).timeline.length).toBe(before + 2);
      expect((await read(stranger.id)).status).toBe('new');
    });
  });

  describe('split', () => {
    it('turns a received message into a new ticket of the same requester, linked, clocks from the message', async () => {
      const source = await newTicket('Problema con la PEC');
      const at = new Date(Date.now() - 60_000);
      await inbound(source.id, 'Altra cosa: non mi arriva la ricevuta del pagamento.', at);
      const message = (await read(source.id)).timeline.filter((e) => e.type === 'message').pop()!;

      const res = await api(f.agent)
        .post(`/api/tickets/${source.id}/split`, { eventId: message.id, subject: 'Ricevuta del pagamento' })
        .expect(201);
      const created = res.body;
      expect(created.id).not.toBe(source.id);
      expect(created.subject).toBe('Ricevuta del pagamento');
      expect(created.channel).toBe('email');
      expect(new Date(created.receivedAt).toISOString()).toBe(at.toISOString());
      const src = await read(source.id);
      expect(created.requester.id).toBe(src.requester.id);
      expect(created.ente.id).toBe(src.ente.id);
      const first = (created.timeline as TimelineItem[]).find((e) => e.type === 'message')!;
      expect(first.body).toBe('Altra cosa: non mi arriva la ricevuta del pagamento.');
      expect(first.payload.splitFrom).toEqual({
        ticketId: source.id,
        number: source.number,
        eventId: message.id,
      });
      expect((created.timeline as TimelineItem[]).find((e) => e.type === 'split_from')!.payload).toEqual({
        from: source.id,
        number: source.number,
        eventId: message.id,
      });
      expect(src.timeline.find((e) => e.type === 'split')!.payload).toEqual({
        to: created.id,
        number: created.number,
        eventId: message.id,
      });
      // The new ticket's clocks started at the message's instant.
      const clocks = created.sla as { code: string; startedAt: string }[];
      expect(clocks.find((c) => c.code === 'SLA.6')?.startedAt).toBe(at.toISOString());

      const links = await api(f.agent).get(`/api/tickets/${source.id}/links`).expect(200);
      expect(links.body).toEqual([expect.objectContaining({ ticketId: created.id, kind: 'related' })]);
      const back = await api(f.agent).get(`/api/tickets/${created.id}/links`).expect(200);
      expect(back.body).toEqual([expect.objectContaining({ ticketId: source.id, kind: 'related' })]);
    });

    it('refuses an answer, another ticket’s message or an unknown event', async () => {
      const source = await newTicket('Tributi');
      await api(f.agent)
        .post(`/api/tickets/${source.id}/reply`, { via: 'phone', body: 'La richiamiamo domani' })
        .expect(200);
      const answer = (await read(source.id)).timeline.find(
        (e) => e.type === 'message' && e.payload.direction === 'out',
      )!;
      const out = await api(f.agent)
        .post(`/api/tickets/${source.id}/split`, { eventId: answer.id })
        .expect(400);
      expect(out.body.fields[0]).toMatchObject({ field: 'eventId', code: 'notInboundMessage' });
      const other = await newTicket('Altro');
      const foreign = other.timeline.find((e) => e.type === 'message')!;
      await api(f.agent).post(`/api/tickets/${source.id}/split`, { eventId: foreign.id }).expect(400);
      await api(f.agent).post(`/api/tickets/${source.id}/split`, { eventId: 'abc' }).expect(400);
    });
  });

  describe('links', () => {
    it('links related and parent/child tickets, lists them both ways, unlinks', async () => {
      const outage = await newTicket('Portale irraggiungibile (disservizio)');
      const a = await newTicket('Il portale non risponde', '055 1110001', 'Anna');
      const b = await newTicket('Portale lento', '055 1110002', 'Bruno');

      await api(f.agent)
        .post(`/api/tickets/${a.id}/links`, { otherId: outage.id, kind: 'parent' })
        .expect(200);
      const res = await api(f.agent)
        .post(`/api/tickets/${outage.id}/links`, { otherId: b.id, kind: 'child' })
        .expect(200);
      expect(res.body.map((l: { ticketId: string; kind: string }) => [l.ticketId, l.kind])).toEqual([
        [a.id, 'child'],
        [b.id, 'child'],
      ]);
      const fromB = await api(f.agent).get(`/api/tickets/${b.id}/links`).expect(200);
      expect(fromB.body).toEqual([
        expect.objectContaining({ ticketId: outage.id, kind: 'parent', number: outage.number }),
      ]);
      await api(f.agent).post(`/api/tickets/${a.id}/links`, { otherId: b.id, kind: 'related' }).expect(200);

      // Already linked, whichever way it is asked: 409; itself or a missing ticket: 400.
      const twice = await api(f.agent)
        .post(`/api/tickets/${outage.id}/links`, { otherId: a.id, kind: 'related' })
        .expect(409);
      expect(twice.body.reason).toBe('alreadyLinked');
      const self = await api(f.agent)
        .post(`/api/tickets/${a.id}/links`, { otherId: a.id, kind: 'related' })
        .expect(400);
      expect(self.body.fields[0]).toMatchObject({ field: 'otherId', code: 'self' });
      await api(f.agent)
        .post(`/api/tickets/${a.id}/links`, {
          otherId: '00000000-0000-4000-8000-000000000000',
          kind: 'related',
        })
        .expect(400);
      await api(f.agent).post(`/api/tickets/${a.id}/links`, { otherId: b.id, kind: 'sibling' }).expect(400);

      const timeline = (await read(a.id)).timeline.filter((e) => e.type === 'linked').map((e) => e.payload);
      expect(timeline).toEqual([
        { other: outage.id, number: outage.number, kind: 'parent' },
        { other: b.id, number: b.number, kind: 'related' },
      ]);
      expect(
        (await read(outage.id)).timeline.filter((e) => e.type === 'linked').map((e) => e.payload.kind),
      ).toEqual(['child', 'child']);

      const left = await api(f.agent).del(`/api/tickets/${outage.id}/links/${a.id}`).expect(200);
      expect(left.body.map((l: { ticketId: string }) => l.ticketId)).toEqual([b.id]);
      expect((await read(a.id)).timeline.filter((e) => e.type === 'unlinked').map((e) => e.payload)).toEqual([
        { other: outage.id, number: outage.number, kind: 'parent' },
      ]);
      await api(f.agent).del(`/api/tickets/${outage.id}/links/${a.id}`).expect(409);
    });

    it('is staff-only: a referent gets 403', async () => {
      const x = await newTicket('Referente');
      await api(referent).get(`/api/tickets/${x.id}/links`).expect(403);
      await api(referent).post(`/api/tickets/${x.id}/merge`, { targetId: x.id }).expect(403);
      await api(referent).post(`/api/tickets/${x.id}/split`, { eventId: '1' }).expect(403);
      await api(referent).get(`/api/tickets/${x.id}/merge-candidates`).expect(403);
    });
  });
});
