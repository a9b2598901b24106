import { createHash } from 'node:crypto';
import { ClientRequest, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

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

interface RawAnswer {
  status: number;
  body: string;
  /** Whether the server invited the body (100 Continue) before answering. */
  continued: boolean;
}

/**
 * Issue 14, points 1 and 4: hostile bodies cost the api next to nothing. Deep JSON is refused
 * before JSON.parse sees it, anonymous bodies stay small, and the large-body routes (attachments,
 * the history import) answer 401/403/429 before reading a byte of the body.
 */
describe('hostile bodies: deep JSON, anonymous size, uploads refused before their body (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let ticketId: string;
  let port: number;
  const open: ClientRequest[] = [];

  beforeAll(async () => {
    t = await createTestApp({ MAIL_MAX_ATTACHMENT_MB: '1' });
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    const ticket = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        requester: { name: 'Cittadino', phone: '055 1' },
        enteId: f.ente.id,
        subject: 'Allegati',
      });
    ticketId = ticket.body.id;
    await new Promise<void>((resolve) => t.http.listen(0, resolve));
    port = (t.http.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const req of open) req.destroy();
    t?.http.closeAllConnections();
    await t?.close();
  });

  /**
   * A POST whose headers announce `length` bytes, of which only `sent` are written (the rest never
   * comes): it gets an answer only if the server answers without the whole body.
   */
  const rawPost = (
    path: string,
    headers: Record<string, string>,
    length: number,
    sent = 0,
    onContinue?: (req: ClientRequest) => void,
  ) =>
    new Promise<RawAnswer>((resolve, reject) => {
      let continued = false;
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        agent: false,
        headers: { 'Content-Length': String(length), ...headers },
      });
      open.push(req);
      req.on('continue', () => {
        continued = true;
        onContinue?.(req);
      });
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body, continued }));
      });
      // The server may close while the client still has body to send: only the answer matters.
      req.on('error', (error) => (req.writableEnded ? undefined : reject(error)));
      req.flushHeaders();
      if (sent > 0) req.write(Buffer.alloc(sent, 0x61));
    });

  describe('deep JSON', () => {
    let parsedDeep = 0;
    let spy: jest.SpyInstance;
    beforeEach(() => {
      parsedDeep = 0;
      const parse = JSON.parse;
      spy = jest.spyOn(JSON, 'parse').mockImplementation((text: string, reviver) => {
        if (typeof text === 'string' && text.startsWith('[[[[')) parsedDeep++;
        return parse(text, reviver);
      });
    });
    afterEach(() => spy.mockRestore());

    const deep = (levels: number) => '['.repeat(levels);
    const send = (path: string, body: string, headers: Record<string, string> = {}) =>
      request(t.http).post(path).set('Content-Type', 'application/json').set(headers).send(body);

    it('refuses a million nested [ with 413 to anonymous callers, on sign-in and on unknown paths', async () => {
      for (const path of ['/api/auth/login', '/api/does-not-exist', '/status']) {
        const res = await send(path, deep(1_000_000));
        expect(res.status).toBe(413);
        expect(res.body.fields).toEqual([{ field: 'body', reason: expect.stringContaining('16384') }]);
      }
      expect(parsedDeep).toBe(0);
    });

    it('refuses deep but small bodies with 400 naming the body, before JSON.parse, anywhere', async () => {
      for (const path of ['/api/auth/login', '/api/does-not-exist']) {
        // ~5,000 levels used to end in a 500 (stack overflow in the parser).
        const res = await send(path, deep(5_000));
        expect(res.status).toBe(400);
        expect(res.body.fields).toEqual([{ field: 'body', reason: expect.stringMatching(/64/) }]);
      }
      expect(parsedDeep).toBe(0);
    });

    it('refuses a million nested [ from a signed-in user with 400, never parsing it', async () => {
      const res = await send('/api/tickets', deep(1_000_000), authHeaders(f.agent));
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe('body');
      expect(parsedDeep).toBe(0);
      // An ordinary body still goes through, and a large one is for signed-in callers only.
      const note = await request(t.http)
        .post(`/api/tickets/${ticketId}/notes`)
        .set(authHeaders(f.agent))
        .send({ body: 'x'.repeat(20_000) });
      expect(note.status).not.toBe(413);
      const anonymous = await request(t.http)
        .post(`/api/tickets/${ticketId}/notes`)
        .send({ body: 'x'.repeat(20_000) });
      expect(anonymous.status).toBe(413);
    });
  });

  describe('large-body routes', () => {
    const upload = `/api/tickets/00000000-0000-4000-8000-00000000beef/attachments?filename=a.bin`;

    it('answers an anonymous 50 MB upload 401 without inviting or reading its body', async () => {
      const expecting = await rawPost(upload, { Expect: '100-continue' }, 50 * 1024 * 1024);
      expect(expecting).toMatchObject({ status: 401, continued: false });
      // A client that just starts sending gets its 401 with the body nowhere near complete.
      const sending = await rawPost(upload, {}, 50 * 1024 * 1024, 64 * 1024);
      expect(sending.status).toBe(401);
      const importing = await rawPost(
        '/api/admin/import/tickets',
        { Expect: '100-continue', 'Content-Type': 'text/csv' },
        50 * 1024 * 1024,
      );
      expect(importing).toMatchObject({ status: 401, continued: false });
    });

    it('answers 403 before the body to a signed-in user of another role, or without the CSRF token', async () => {
      const referent = await createUser(t.dataSource, 'ente_referent', 'Referente');
      const asReferent = await rawPost(
        upload,
        { Expect: '100-continue', Cookie: authHeaders(referent).Cookie },
        50 * 1024 * 1024,
      );
      expect(asReferent).toMatchObject({ status: 403, continued: false });
      const noCsrf = await rawPost(
        upload,
        { Expect: '100-continue', Cookie: authHeaders(f.agent).Cookie },
        50 * 1024 * 1024,
      );
      expect(noCsrf).toMatchObject({ status: 403, continued: false });
      const supervisorImport = await rawPost(
        '/api/admin/import/tickets',
        { Expect: '100-continue', 'Content-Type': 'text/csv', ...authHeaders(f.supervisor) },
        50 * 1024 * 1024,
      );
      expect(supervisorImport).toMatchObject({ status: 403, continued: false });
    });

    it("refuses an admin's history import over 20 MB with 413 naming the body", async () => {
      // The import holds every parsed row (about 1 KB each): past ~25 MB it would outgrow the api's
      // 256 MB heap (npm run start:api) and crash it. Larger files go through the command line.
      const importing = await rawPost(
        '/api/admin/import/tickets',
        { 'Content-Type': 'text/csv', ...authHeaders(admin) },
        21 * 1024 * 1024,
        21 * 1024 * 1024,
      );
      expect(importing.status).toBe(413);
      expect(JSON.parse(importing.body)).toMatchObject({
        fields: [expect.objectContaining({ field: 'body' })],
      });
    });

    it('caps uploads in progress per user at two (429), and the two complete', async () => {
      const uploader = await createUser(t.dataSource, 'agent', 'Caricatore');
      const headers = { ...authHeaders(uploader), Expect: '100-continue', 'Content-Type': 'text/plain' };
      const path = `/api/tickets/${ticketId}/attachments?filename=parte.txt`;
      const content = Buffer.from('contenuto del file');
      // Two uploads invited (100 Continue), their bodies not sent yet: both are in progress.
      let release!: () => void;
      const bothInvited = new Promise<void>((resolve) => (release = resolve));
      const invited: ClientRequest[] = [];
      const onContinue = (req: ClientRequest) => {
        invited.push(req);
        if (invited.length === 2) release();
      };
      const first = rawPost(path, headers, content.length, 0, onContinue);
      const second = rawPost(path, headers, content.length, 0, onContinue);
      await bothInvited;
      const third = await rawPost(path, headers, content.length);
      expect(third).toMatchObject({ status: 429, continued: false });
      // Another user is not held back by this one.
      const other = await request(t.http)
        .post(path)
        .set(authHeaders(f.agent))
        .set('Content-Type', 'text/plain')
        .send(content);
      expect(other.status).toBe(201);
      for (const req of invited) req.end(content);
      const answers = await Promise.all([first, second]);
      expect(answers.map((a) => a.status)).toEqual([201, 201]);
      // Both done: the user may upload again.
      const again = await request(t.http)
        .post(path)
        .set(authHeaders(uploader))
        .set('Content-Type', 'text/plain')
        .send(content);
      expect(again.status).toBe(201);
    });

    it('stores a normal upload intact and refuses one over MAIL_MAX_ATTACHMENT_MB with 413', async () => {
      const file = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
      const stored = await request(t.http)
        .post(`/api/tickets/${ticketId}/attachments`)
        .query({ filename: 'istruzioni.pdf' })
        .set(authHeaders(f.agent))
        .set('Content-Type', 'application/pdf')
        .send(file);
      expect(stored.status).toBe(201);
      expect(stored.body).toMatchObject({
        size: file.length,
        sha256: createHash('sha256').update(file).digest('hex'),
        contentType: 'application/pdf',
      });
      const download = await request(t.http)
        .get(`/api/tickets/${ticketId}/attachments/${stored.body.id}`)
        .set(authHeaders(f.agent))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(Buffer.compare(download.body as Buffer, file)).toBe(0);
      // A JSON file is stored as it is too, not parsed.
      const json = await request(t.http)
        .post(`/api/tickets/${ticketId}/attachments`)
        .query({ filename: 'dati.json' })
        .set(authHeaders(f.agent))
        .set('Content-Type', 'application/json')
        .send('{"a":1}');
      expect(json.status).toBe(201);
      expect(json.body.size).toBe(7);
      // Over the limit (1 MB here): refused from Content-Length, before the body is read.
      const tooLarge = await rawPost(
        `/api/tickets/${ticketId}/attachments?filename=grande.bin`,
        { ...authHeaders(f.agent), Expect: '100-continue' },
        2 * 1024 * 1024,
      );
      expect(tooLarge.status).toBe(413);
      const streamed = await request(t.http)
        .post(`/api/tickets/${ticketId}/attachments`)
        .query({ filename: 'grande.bin' })
        .set(authHeaders(f.agent))
        .set('Content-Type', 'application/octet-stream')
        .send(Buffer.alloc(2 * 1024 * 1024));
      expect(streamed.status).toBe(413);
      expect(admin.id).toBeDefined();
    });
  });
});
