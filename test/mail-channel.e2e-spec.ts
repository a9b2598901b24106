import { randomBytes } from 'node:crypto';

import { NotificationMailer, OutboxSenderService } from '@app/mail';
import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  DovecotServer,
  eventually,
  requireDovecot,
  requireService,
  SmtpReceiver,
  startDovecot,
  startSmtpReceiver,
  TestApp,
} from '@app/testing';
import { createTestWorker } from '@app/testing/test-worker';
import { SlaSweeperService, UserEntity } from '@app/tickets';
import { INestApplicationContext } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import request from 'supertest';

const redisUrl = requireService('Redis (BullMQ)', 'TEST_REDIS_URL');
const canRun = requireDovecot() && !!redisUrl;
const describeMail = canRun ? describe : describe.skip;

function mail(headers: Record<string, string>, body: string): string {
  const lines = Object.entries({
    Date: new Date().toUTCString(),
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Transfer-Encoding': '8bit',
    ...headers,
  }).map(([k, v]) => `${k}: ${v}`);
  return `${lines.join('\r\n')}\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;
}

describeMail('the e-mail channel against real IMAP and SMTP servers (e2e)', () => {
  let imap: DovecotServer;
  let smtp: SmtpReceiver;
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let worker: INestApplicationContext;
  const as = (user: { id: string }) => authHeaders(user);
  const uid = randomBytes(4).toString('hex');

  beforeAll(async () => {
    imap = await startDovecot();
    smtp = await startSmtpReceiver();
    t = await createTestApp({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_SECURE: 'false',
      MAIL_POLL_SECONDS: '1',
      MAIL_FROM: 'Help desk CST <helpdesk@cst.example>',
      SECRETS_KEY: randomBytes(32).toString('hex'),
      REDIS_URL: redisUrl!,
      QUEUE_PREFIX: `test-mail-${uid}`,
    });
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    worker = await createTestWorker(t.config, { consume: true });
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await smtp?.stop();
    await imap?.stop();
  });

  const ticketsFrom = async (address: string) => {
    const res = await request(t.http)
      .get('/api/tickets')
      .set(authHeaders(f.agent))
      .query({ channel: 'email', limit: 200 });
    const all = await Promise.all(
      res.body.items.map(
        async (i: { id: string }) =>
          (await request(t.http).get(`/api/tickets/${i.id}`).set(authHeaders(f.agent))).body,
      ),
    );
    return all.filter((d) => d.requester?.email === address);
  };

  it('lets admins configure a mailbox whose password is stored encrypted and never returned', async () => {
    const body = {
      name: 'Assistenza',
      address: 'assistenza@cst.example',
      imapHost: imap.host,
      imapPort: imap.port,
      imapTls: false,
      imapUser: imap.user,
      imapPassword: imap.password,
      defaultEnteId: f.ente.id,
    };
    expect((await request(t.http).post('/api/mail/mailboxes').set(as(f.agent)).send(body)).status).toBe(403);
    expect((await request(t.http).post('/api/mail/mailboxes').send(body)).status).toBe(401);
    const bad = await request(t.http)
      .post('/api/mail/mailboxes')
      .set(as(admin))
      .send({ ...body, imapPort: 'x', address: 'not-an-address' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((p: { field: string }) => p.field)).toEqual(
      expect.arrayContaining(['imapPort', 'address']),
    );

    const domain = await request(t.http)
      .put('/api/mail/domains')
      .set(as(admin))
      .send({ domain: 'comune.fiesole.fi.it', enteId: f.otherEnte.id });
    expect(domain.status).toBe(200);

    const created = await request(t.http).post('/api/mail/mailboxes').set(as(admin)).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ address: 'assistenza@cst.example', hasPassword: true });
    expect(JSON.stringify(created.body)).not.toContain(imap.password);
    const [row] = await t.dataSource.query(`SELECT imap_password_enc FROM mailbox WHERE id = $1`, [
      created.body.id,
    ]);
    expect(row.imap_password_enc).toMatch(/^v1:/);
    expect(row.imap_password_enc).not.toContain(imap.password);
  });

  it('turns a new mail into a ticket, acknowledges it with the number, and marks it on the server', async () => {
    const from = `anna.bianchi.${uid}@uffici.comune.fiesole.fi.it`;
    const messageId = `<first-${uid}@comune.fiesole.fi.it>`;
    await imap.append(
      mail(
        {
          From: `Anna Bianchi <${from}>`,
          To: 'assistenza@cst.example',
          Subject: '=?UTF-8?Q?Impossibile_scaricare_il_certificato_di_residenza?=',
          'Message-ID': messageId,
        },
        'Buongiorno,\nil portale restituisce un errore quando scarico il certificato.\nGrazie',
      ),
    );
    const [ticket] = await eventually(async () => {
      const found = await ticketsFrom(from);
      return found.length ? found : undefined;
    }, 'the ticket');
    expect(ticket).toMatchObject({
      channel: 'email',
      status: 'new',
      subject: 'Impossibile scaricare il certificato di residenza',
      requester: { name: 'Anna Bianchi', email: from },
      // The sender's domain is mapped to Fiesole (a parent of uffici.comune.fiesole.fi.it).
      ente: { id: f.otherEnte.id },
    });
    expect(ticket.sla.map((c: { code: string }) => c.code)).toEqual(
      expect.arrayContaining(['SLA.6', 'SLA.7']),
    );

    const [ack] = await smtp.waitFor(1, 15_000);
    expect(ack.envelope.to).toEqual([from]);
    const parsed = await ack.parsed();
    expect(parsed.subject).toContain(`[CST ${ticket.number}]`);
    expect(parsed.inReplyTo).toBe(messageId);
    expect(parsed.text).toContain(ticket.number);
    // Automatic mail says so (RFC 3834): responders stay silent.
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');

    // Flagged on the server only after the commit, so the next poll does not fetch it again.
    const client = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: false,
      auth: { user: imap.user, pass: imap.password },
      logger: false,
    });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.mailboxOpen('INBOX');
      const pending = await client.search({ unKeyword: '$HelpdeskIngested' }, { uid: true });
      expect(pending).toEqual([]);
    } finally {
      await client.logout();
    }
  });

  it('threads the citizen’s reply to the acknowledgement onto the same ticket', async () => {
    const from = `anna.bianchi.${uid}@uffici.comune.fiesole.fi.it`;
    const [ticket] = await ticketsFrom(from);
    const ack = await smtp.messages[0].parsed();
    await imap.append(
      mail(
        {
          From: `Anna Bianchi <${from}>`,
          To: 'assistenza@cst.example',
          Subject: `R: ${ack.subject}`,
          'Message-ID': `<second-${uid}@comune.fiesole.fi.it>`,
          'In-Reply-To': ack.messageId!,
          References: `<first-${uid}@comune.fiesole.fi.it> ${ack.messageId}`,
        },
        'Allego anche lo screenshot. Anna',
      ),
    );
    const detail = await eventually(async () => {
      const d = (await request(t.http).get(`/api/tickets/${ticket.id}`).set(authHeaders(f.agent))).body;
      const inbound = d.timeline.filter(
        (e: { type: string; payload: { direction?: string } }) =>
          e.type === 'message' && e.payload.direction === 'in',
      );
      return inbound.length === 2 ? d : undefined;
    }, 'the reply on the ticket');
    expect(detail.timeline.at(-1)).toMatchObject({
      type: 'message',
      body: expect.stringContaining('screenshot'),
    });
    expect(await ticketsFrom(from)).toHaveLength(1);
    // A reply is not acknowledged again.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(smtp.messages).toHaveLength(1);
  });

  it("sends the agent's answer by e-mail, threaded, and stops the answer clock at the send", async () => {
    const from = `anna.bianchi.${uid}@uffici.comune.fiesole.fi.it`;
    const [ticket] = await ticketsFrom(from);
    const res = await request(t.http)
      .post(`/api/tickets/${ticket.id}/reply`)
      .set(as(f.agent))
      .send({
        via: 'email',
        body: 'Gentile Anna, il certificato è ora scaricabile.',
        cc: ['ufficio.anagrafe@comune.fiesole.fi.it'],
      });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('open');
    expect(res.body.sla.find((c: { code: string }) => c.code === 'SLA.7')).toMatchObject({ state: 'met' });
    const sent = await smtp.waitFor(2, 15_000);
    const answer = await sent[1].parsed();
    expect(sent[1].envelope.to.sort()).toEqual([from, 'ufficio.anagrafe@comune.fiesole.fi.it'].sort());
    expect(answer.subject).toBe(`[CST ${ticket.number}] Re: ${ticket.subject}`);
    expect(answer.inReplyTo).toBe(`<second-${uid}@comune.fiesole.fi.it>`);
    expect(answer.text).toContain('ora scaricabile');
    // A person's answer is not automatic mail (issue 16.22): no Auto-Submitted, delivery reports kept.
    expect(answer.headers.has('auto-submitted')).toBe(false);
    expect(answer.headers.get('x-auto-response-suppress')).toBe('OOF, AutoReply');

    const refused = await request(t.http)
      .post(`/api/tickets/${ticket.id}/reply`)
      .set(as(f.agent))
      .send({ via: 'email', body: 'x', answeredAt: new Date().toISOString() });
    expect(refused.status).toBe(400);
    expect(refused.body.fields[0].field).toBe('answeredAt');
  });

  it('sends files the agent uploaded with the answer, and refuses files of other tickets or for phone answers', async () => {
    const from = `anna.bianchi.${uid}@uffici.comune.fiesole.fi.it`;
    const [ticket] = await ticketsFrom(from);
    const before = smtp.messages.length;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2048)]);
    const upload = await request(t.http)
      .post(`/api/tickets/${ticket.id}/attachments`)
      .query({ filename: 'istruzioni-certificato.pdf' })
      .set(as(f.agent))
      .set('Content-Type', 'application/pdf')
      .send(pdf);
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({
      filename: 'istruzioni-certificato.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
    });

    const bad = await request(t.http)
      .post(`/api/tickets/${ticket.id}/attachments`)
      .query({ filename: '../../etc/passwd' })
      .set(as(f.agent))
      .set('Content-Type', 'text/plain')
      .send('x');
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('filename');
    const phone = await request(t.http)
      .post(`/api/tickets/${ticket.id}/reply`)
      .set(as(f.agent))
      .send({ via: 'phone', body: 'Detto al telefono', attachmentIds: [upload.body.id] });
    expect(phone.status).toBe(400);
    expect(phone.body.fields[0].field).toBe('attachmentIds');
    const foreign = await request(t.http)
      .post(`/api/tickets/${ticket.id}/reply`)
      .set(as(f.agent))
      .send({ via: 'email', body: 'x', attachmentIds: ['00000000-0000-4000-8000-00000000beef'] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.fields[0].field).toBe('attachmentIds');

    const res = await request(t.http)
      .post(`/api/tickets/${ticket.id}/reply`)
      .set(as(f.agent))
      .send({ via: 'email', body: 'In allegato le istruzioni.', attachmentIds: [upload.body.id] });
    expect(res.status).toBe(200);
    const sent = await smtp.waitFor(before + 1, 15_000);
    const answer = await sent[before].parsed();
    expect(answer.attachments.map((a) => [a.filename, a.contentType, a.content.equals(pdf)])).toEqual([
      ['istruzioni-certificato.pdf', 'application/pdf', true],
    ]);
    const message = res.body.timeline.filter((e: { type: string }) => e.type === 'message').pop();
    expect(message.payload.attachments).toEqual([
      { id: upload.body.id, filename: 'istruzioni-certificato.pdf' },
    ]);
  });

  it('keeps answers in the outbox while SMTP is down and sends each once when it is back', async () => {
    const from = `anna.bianchi.${uid}@uffici.comune.fiesole.fi.it`;
    const [ticket] = await ticketsFrom(from);
    const before = smtp.messages.length;
    await smtp.down();
    for (const n of [1, 2, 3]) {
      const res = await request(t.http)
        .post(`/api/tickets/${ticket.id}/reply`)
        .set(as(f.agent))
        .send({ via: 'email', body: `Aggiornamento ${n}` });
      expect(res.status).toBe(200);
    }
    const pending = await eventually(async () => {
      const rows = await t.dataSource.query(
        `SELECT status, attempts, last_error FROM outbound_mail WHERE ticket_id = $1 AND kind = 'reply' AND status = 'pending' AND attempts > 0`,
        [ticket.id],
      );
      return rows.length === 3 ? rows : undefined;
    }, 'three failed attempts');
    expect(pending.every((r: { last_error: string }) => r.last_error)).toBe(true);
    await smtp.up();
    // The backoff elapses (rather than waiting minutes), then the worker's sweep sends what is due.
    await t.dataSource.query(`UPDATE outbound_mail SET next_attempt_at = now() WHERE status = 'pending'`);
    await worker.get(OutboxSenderService).sweep();
    await eventually(async () => {
      const rows = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM outbound_mail WHERE ticket_id = $1 AND status = 'sent'`,
        [ticket.id],
      );
      // The acknowledgement, the two earlier answers (one with a file) and these three.
      return rows[0].n === 6 ? true : undefined;
    }, 'the outbox to drain');
    const received = smtp.messages.slice(before);
    const ids = await Promise.all(received.map(async (m) => (await m.parsed()).messageId));
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });

  it('never acknowledges an out-of-office, and lists it in the quarantine with the reason', async () => {
    const from = `assente.${uid}@example.org`;
    const before = smtp.messages.length;
    await imap.append(
      mail(
        {
          From: `Mario Assente <${from}>`,
          To: 'assistenza@cst.example',
          Subject: 'Risposta automatica: fuori ufficio',
          'Auto-Submitted': 'auto-replied',
          'Message-ID': `<ooo-${uid}@example.org>`,
        },
        'Sono fuori ufficio fino a lunedì.',
      ),
    );
    const entry = await eventually(async () => {
      const res = await request(t.http).get('/api/mail/quarantine').set(as(admin));
      return res.body.find((m: { from: string }) => m.from === from);
    }, 'the ignored mail in the quarantine');
    expect(entry).toMatchObject({ outcome: 'ignored', kind: 'auto_reply' });
    expect(entry.reason).toMatch(/automatic|automatica/);
    expect(await ticketsFrom(from)).toHaveLength(0);
    expect(smtp.messages.length).toBe(before);

    expect((await request(t.http).get('/api/mail/quarantine').set(as(f.supervisor))).status).toBe(403);
    const raw = await request(t.http).get(`/api/mail/inbound/${entry.id}/raw`).set(as(admin));
    expect(raw.status).toBe(200);
    expect(raw.headers['content-disposition']).toContain('attachment');
    const again = await request(t.http).post(`/api/mail/inbound/${entry.id}/reprocess`).set(as(admin));
    expect(again.status).toBe(201);
    expect(again.body.outcome).toBe('ignored');
  });

  it('acknowledges with the template an admin customised, and refuses unknown placeholders', async () => {
    const path = '/api/mail/templates/acknowledgement/it';
    const custom = {
      subject: 'Presa in carico: {{subject}}',
      body: 'Ciao {{name}}, pratica {{number}}. Il CST',
    };
    expect((await request(t.http).put(path).set(as(f.supervisor)).send(custom)).status).toBe(403);
    const bad = await request(t.http)
      .put(path)
      .set(as(admin))
      .send({ ...custom, body: 'Gentile {{cognome}}' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0]).toMatchObject({ field: 'body', reason: expect.stringContaining('cognome') });
    expect((await request(t.http).put(path).set(as(admin)).send(custom)).status).toBe(200);
    const list = await request(t.http).get('/api/mail/templates').set(as(admin));
    expect(
      list.body.find(
        (x: { code: string; language: string }) => x.code === 'acknowledgement' && x.language === 'it',
      ),
    ).toMatchObject({ custom: true });

    const from = `luca.verdi.${uid}@example.org`;
    const before = smtp.messages.length;
    await imap.append(
      mail(
        {
          From: `Luca Verdi <${from}>`,
          To: 'assistenza@cst.example',
          Subject: 'Accesso negato al portale',
          'Message-ID': `<tpl-${uid}@example.org>`,
        },
        'Non riesco ad accedere.',
      ),
    );
    const received = await smtp.waitFor(before + 1, 15_000);
    const ack = await received[before].parsed();
    const [ticket] = await ticketsFrom(from);
    expect(ack.subject).toBe(`[CST ${ticket.number}] Presa in carico: Accesso negato al portale`);
    expect(ack.text?.trim()).toBe(`Ciao Luca Verdi, pratica ${ticket.number}. Il CST`);
    expect((await request(t.http).delete(path).set(as(admin))).status).toBe(200);
  });

  it('e-mails each SLA breach once to the assignee and the supervisors', async () => {
    const created = await request(t.http)
      .post('/api/tickets')
      .set(as(f.agent))
      .send({
        channel: 'phone',
        requester: { name: 'Carla Neri', phone: '055 999888' },
        enteId: f.ente.id,
        subject: 'Portale tributi irraggiungibile',
        malfunction: false,
        receivedAt: '2025-11-14T16:30:00Z',
      });
    expect(created.status).toBe(201);
    await request(t.http)
      .post(`/api/tickets/${created.body.id}/assign`)
      .set(as(f.agent))
      .send({ assigneeId: f.agent.id });
    const before = smtp.messages.length;
    await worker.get(SlaSweeperService).sweep();
    const mailed = await worker.get(NotificationMailer).sendDue();
    expect(mailed).toBeGreaterThanOrEqual(4);
    const received = await smtp.waitFor(before + mailed, 15_000);
    const mine = await Promise.all(
      received.slice(before).map(async (m) => {
        const parsed = await m.parsed();
        return {
          to: m.envelope.to[0],
          subject: parsed.subject ?? '',
          autoSubmitted: parsed.headers.get('auto-submitted'),
        };
      }),
    );
    const about = mine.filter((m) => m.subject.includes(created.body.number));
    expect(about.every((m) => m.autoSubmitted === 'auto-generated')).toBe(true);
    expect(about.map((m) => `${m.to} ${m.subject}`).sort()).toEqual(
      [
        `${f.agent.email} [CST ${created.body.number}] SLA.6 violato / breached`,
        `${f.agent.email} [CST ${created.body.number}] SLA.7 violato / breached`,
        `${f.supervisor.email} [CST ${created.body.number}] SLA.6 violato / breached`,
        `${f.supervisor.email} [CST ${created.body.number}] SLA.7 violato / breached`,
      ].sort(),
    );
    // Once: the next sweep has nothing more to mail.
    expect(await worker.get(NotificationMailer).sendDue()).toBe(0);
  });
});
