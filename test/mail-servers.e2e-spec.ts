/**
 * Proves the mail test harness itself (libs/testing/src/mail-servers.ts) before the mail e2e specs
 * rely on it: a private Dovecot really stores and serves mail, survives restarts and crashes, runs
 * side by side with another one, and the SMTP receiver can accept, refuse and be taken down.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

import {
  DovecotServer,
  requireDovecot,
  SmtpReceiver,
  startDovecot,
  startSmtpReceiver,
} from '@app/testing/mail-servers';
import { ImapFlow } from 'imapflow';
import nodemailer, { Transporter } from 'nodemailer';

const haveDovecot = requireDovecot();

function rawMessage(subject: string, body = 'Hello from the harness test.'): string {
  return [
    'From: Citizen <citizen@example.org>',
    'To: Help Desk <helpdesk@example.org>',
    `Subject: ${subject}`,
    `Message-ID: <${subject.replace(/\W+/g, '-')}@example.org>`,
    'Date: Mon, 02 Jun 2025 10:00:00 +0200',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

/** A client of our own, not the harness's helpers, so the test sees what a real consumer sees. */
async function readMailbox(server: DovecotServer, folder = 'INBOX') {
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: server.user, pass: server.password },
    logger: false,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const mailbox = await client.mailboxOpen(folder, { readOnly: true });
    const messages: Array<{ uid: number; subject?: string; flags: string[] }> = [];
    if (mailbox.exists) {
      for await (const message of client.fetch('1:*', { uid: true, envelope: true, flags: true })) {
        messages.push({
          uid: message.uid,
          subject: message.envelope?.subject,
          flags: [...(message.flags ?? [])],
        });
      }
    }
    return { uidValidity: mailbox.uidValidity, uidNext: mailbox.uidNext, messages };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

(haveDovecot ? describe : describe.skip)('Dovecot test server', () => {
  let server: DovecotServer;

  beforeAll(async () => {
    server = await startDovecot();
  });
  afterAll(() => server?.stop());

  it('listens on 127.0.0.1 and a free port, never the system IMAP port', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(1024);
    expect(server.port).not.toBe(143);
  });

  it('stores appended messages and serves them back with UIDVALIDITY and UIDs', async () => {
    await server.appendMany([rawMessage('first'), rawMessage('second'), rawMessage('third')]);

    const inbox = await readMailbox(server);
    expect(inbox.uidValidity).toBeGreaterThan(0n);
    expect(inbox.messages.map((m) => m.subject)).toEqual(['first', 'second', 'third']);
    const uids = inbox.messages.map((m) => m.uid);
    expect(uids.every((uid) => uid > 0)).toBe(true);
    expect([...uids].sort((a, b) => a - b)).toEqual(uids);
    expect(new Set(uids).size).toBe(3);
    expect(await server.count()).toBe(3);
  });

  it('creates folders and appends into them with flags', async () => {
    await server.createFolder('Archive/2025');
    await server.createFolder('Archive/2025'); // a second call is harmless
    await server.append(Buffer.from(rawMessage('archived')), 'Archive/2025', ['\\Seen']);

    expect(await server.count('Archive/2025')).toBe(1);
    const archive = await readMailbox(server, 'Archive/2025');
    expect(archive.messages[0].flags).toContain('\\Seen');
    expect(await server.count()).toBe(3);
  });

  it('keeps the mail and UIDVALIDITY across restart()', async () => {
    const before = await readMailbox(server);
    await server.restart();
    const after = await readMailbox(server);
    expect(after.uidValidity).toBe(before.uidValidity);
    expect(after.messages.map((m) => m.uid)).toEqual(before.messages.map((m) => m.uid));
  });

  it('refuses connections after kill() and serves the same mail after start()', async () => {
    const before = await readMailbox(server);
    await server.kill();
    expect(server.running).toBe(false);
    await expect(server.count()).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    await server.start();
    expect(server.running).toBe(true);
    const after = await readMailbox(server);
    expect(after.uidValidity).toBe(before.uidValidity);
    expect(after.messages).toEqual(before.messages);
    await server.append(rawMessage('after the crash'));
    expect(await server.count()).toBe(4);
  });

  it('keeps the mail unprivileged even though the test process may be root', async () => {
    const owner = (await stat(join(server.dir, 'mail', server.user, 'cur'))).uid;
    if (process.getuid?.() === 0) expect(owner).not.toBe(0);
    else expect(owner).toBe(process.getuid?.());
  });

  it('runs a second instance at the same time, on its own port and mail', async () => {
    const other = await startDovecot();
    try {
      expect(other.port).not.toBe(server.port);
      expect(other.dir).not.toBe(server.dir);
      await other.append(rawMessage('only in the other one'));
      expect(await other.count()).toBe(1);
      expect(await server.count()).toBe(4);
    } finally {
      await other.stop();
    }
    // stop() takes the folder with it and frees the port
    await expect(stat(other.dir)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(other.count()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await server.count()).toBe(4);
  });
});

describe('SMTP receiver', () => {
  let receiver: SmtpReceiver;
  let transport: Transporter;

  beforeEach(async () => {
    receiver = await startSmtpReceiver();
    transport = nodemailer.createTransport({
      host: receiver.host,
      port: receiver.port,
      secure: false,
      ignoreTLS: true,
    });
  });
  afterEach(async () => {
    transport?.close();
    await receiver?.stop();
  });

  const send = (subject: string) =>
    transport.sendMail({
      from: 'helpdesk@example.org',
      to: ['citizen@example.org', 'office@example.org'],
      subject,
      text: 'Your ticket was updated.',
    });

  it('captures what nodemailer sends: envelope, raw bytes, parsed message', async () => {
    await send('Ticket #42 updated');
    const [message] = await receiver.waitFor(1, 5_000);
    expect(message.envelope).toEqual({
      from: 'helpdesk@example.org',
      to: ['citizen@example.org', 'office@example.org'],
    });
    expect(message.raw.toString()).toContain('Subject: Ticket #42 updated');
    const parsed = await message.parsed();
    expect(parsed.subject).toBe('Ticket #42 updated');
    expect(parsed.text?.trim()).toBe('Your ticket was updated.');
    expect(await message.parsed()).toBe(parsed);
  });

  it('rejects waitFor() on timeout, saying how many came', async () => {
    await send('only one');
    await expect(receiver.waitFor(2, 300)).rejects.toThrow('expected 2 message(s) within 300 ms, got 1');
  });

  it('refuses connections while down() and accepts again after up(), on the same port', async () => {
    const port = receiver.port;
    await receiver.down();
    expect(receiver.isUp).toBe(false);
    await expect(send('while down')).rejects.toMatchObject({ code: 'ESOCKET', message: /ECONNREFUSED/ });

    await receiver.up();
    expect(receiver.port).toBe(port);
    await send('back up');
    const messages = await receiver.waitFor(1, 5_000);
    expect(messages.map((m) => m.envelope.to.length)).toEqual([2]);
    expect(receiver.messages).toHaveLength(1);
  });

  it('answers the next messages with the code failNext() asked for, then accepts again', async () => {
    receiver.failNext(1);
    await expect(send('temporary failure')).rejects.toMatchObject({ responseCode: 451 });
    receiver.failNext(1, 550);
    await expect(send('permanent failure')).rejects.toMatchObject({ responseCode: 550 });

    await send('accepted');
    expect(receiver.rejected).toBe(2);
    const messages = await receiver.waitFor(1, 5_000);
    expect(messages).toHaveLength(1);
    expect((await messages[0].parsed()).subject).toBe('accepted');
  });
});
