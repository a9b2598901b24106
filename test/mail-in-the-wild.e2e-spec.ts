import { randomBytes } from 'node:crypto';

import { isRobotAddress, MailIngestService } from '@app/mail';
import {
  CJK_SUBJECTS,
  crOnlyMail,
  EMPTY_CONTENT_TYPE,
  headerlessMail,
  OBSOLETE_ADDRESS,
  PADDED_BOUNDARY,
  RAW_BYTE_IN_ENCODED_WORD,
} from '@app/mail/parsing/fixtures/content-mail.fixture';
import {
  AMBIGUOUS_MAILS,
  HUMAN_LOOKALIKES,
  MACHINE_MAILS,
} from '@app/mail/parsing/fixtures/machine-mail.fixture';
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
  startDovecot,
  TestApp,
} from '@app/testing';
import { addDovecotMailbox } from '@app/testing/test-mailbox';
import { createTestWorker } from '@app/testing/test-worker';
import { UserEntity } from '@app/tickets';
import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';

const raw = (text: string) => Buffer.from(text, 'utf8');

/** Acknowledgements in the outbox, by recipient. */
async function acknowledgedAddresses(t: TestApp): Promise<string[]> {
  const rows: { to: string }[] = await t.dataSource.query(
    `SELECT to_addresses[1] AS "to" FROM outbound_mail WHERE kind = 'ack'`,
  );
  return rows.map((r) => r.to);
}

describe('mail in the wild through the ingestion batch path (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let ingest: MailIngestService;

  beforeAll(async () => {
    t = await createTestApp({ MAIL_ACK_LIMIT_PER_HOUR: '1000' });
    f = await createBasicFixtures(t.dataSource);
    ingest = t.app.get(MailIngestService);
  });
  afterAll(() => t?.close());

  const ticket = async (id: string) =>
    (await request(t.http).get(`/api/tickets/${id}`).set(authHeaders(f.agent))).body;

  it('opens no ticket and sends no acknowledgement for machine mail; flags ambiguous mail; answers people', async () => {
    const fixtures = [...MACHINE_MAILS, ...AMBIGUOUS_MAILS, ...HUMAN_LOOKALIKES];
    const results = await ingest.ingestBatch(
      fixtures.map((fixture) => ({ raw: raw(fixture.raw) })),
      null,
    );
    const byName = new Map(fixtures.map((fixture, i) => [fixture.name, { fixture, result: results[i] }]));
    for (const { fixture, result } of byName.values()) {
      expect({ name: fixture.name, kind: result.kind }).toEqual({ name: fixture.name, kind: fixture.kind });
    }
    for (const fixture of MACHINE_MAILS) {
      const { result } = byName.get(fixture.name)!;
      expect({ name: fixture.name, outcome: result.outcome, ack: result.acknowledged }).toEqual({
        name: fixture.name,
        outcome: fixture.kind === 'bounce' ? 'bounce' : 'ignored',
        ack: false,
      });
    }
    for (const fixture of AMBIGUOUS_MAILS) {
      const { result } = byName.get(fixture.name)!;
      expect(result).toMatchObject({ outcome: 'ticket_created', acknowledged: false });
      expect((await ticket(result.ticketId!)).needsReview).toBe(true);
    }
    for (const fixture of HUMAN_LOOKALIKES) {
      const { result } = byName.get(fixture.name)!;
      expect(result).toMatchObject({ outcome: 'ticket_created', acknowledged: true });
      expect((await ticket(result.ticketId!)).needsReview).toBe(false);
    }
    const acknowledged = await acknowledgedAddresses(t);
    // One acknowledgement for each person's mail, none for anything else.
    expect(acknowledged.sort()).toEqual(HUMAN_LOOKALIKES.map((h) => /<([^>]+)>/.exec(h.raw)![1]).sort());
    expect(acknowledged.filter(isRobotAddress)).toEqual([]);
  });

  it('keeps the content of odd MIME: padded boundaries, empty types, 8-bit and CJK words, commented addresses', async () => {
    const cjk = CJK_SUBJECTS[0];
    const [padded, emptyType, rawWord, big5, obsolete] = await ingest.ingestBatch(
      [PADDED_BOUNDARY, EMPTY_CONTENT_TYPE, RAW_BYTE_IN_ENCODED_WORD, cjk.raw, OBSOLETE_ADDRESS].map((r) => ({
        raw: r,
      })),
      null,
    );
    const paddedTicket = await ticket(padded.ticketId!);
    expect(paddedTicket.description).toBe('Vi allego il modulo compilato.');
    const files = await request(t.http)
      .get(`/api/tickets/${padded.ticketId}/attachments`)
      .set(authHeaders(f.agent));
    expect(files.body.map((a: { filename: string }) => a.filename)).toEqual(['modulo.pdf']);
    expect(emptyType).toMatchObject({ outcome: 'ticket_created', subject: 'Tipo vuoto', attachments: 1 });
    expect((await ticket(emptyType.ticketId!)).description).toBe('Testo con un tipo vuoto.');
    expect((await ticket(rawWord.ticketId!)).subject).toBe('Frösche');
    expect((await ticket(big5.ticketId!)).subject).toBe(cjk.text);
    expect(obsolete).toMatchObject({
      outcome: 'ticket_created',
      from: 'pete@silly.test',
      acknowledged: true,
    });
    expect((await ticket(obsolete.ticketId!)).requester.email).toBe('pete@silly.test');
    expect(await acknowledgedAddresses(t)).toContain('pete@silly.test');
  });

  it('never takes different CR-only or header-less mails for duplicates, and recognises each one again', async () => {
    const mails = [crOnlyMail(1), crOnlyMail(2), crOnlyMail(3), headerlessMail(1), headerlessMail(2)];
    const first = await ingest.ingestBatch(
      mails.map((r) => ({ raw: r })),
      null,
    );
    expect(first.map((r) => r.outcome)).toEqual(Array(5).fill('ticket_created'));
    expect(new Set(first.map((r) => r.ticketId)).size).toBe(5);
    expect((await ticket(first[1].ticketId!)).subject).toBe('Richiesta numero 2');
    expect((await ticket(first[4].ticketId!)).description).toBe(
      'Testo senza intestazioni numero 2.\nSeconda riga.',
    );
    const again = await ingest.ingestBatch(
      mails.map((r) => ({ raw: r })),
      null,
    );
    expect(again.map((r) => r.outcome)).toEqual(Array(5).fill('duplicate'));
  });
});

const redisUrl = requireService('Redis (BullMQ)', 'TEST_REDIS_URL');
const describeImap = requireDovecot() && !!redisUrl ? describe : describe.skip;

describeImap('machine mail fetched from a real IMAP server by the worker (e2e)', () => {
  let imap: DovecotServer;
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let worker: INestApplicationContext;
  const uid = randomBytes(4).toString('hex');

  beforeAll(async () => {
    imap = await startDovecot();
    t = await createTestApp({
      MAIL_POLL_SECONDS: '1',
      MAIL_FROM: 'Help desk CST <helpdesk@cst.example>',
      SECRETS_KEY: randomBytes(32).toString('hex'),
      REDIS_URL: redisUrl!,
      QUEUE_PREFIX: `test-wild-${uid}`,
    });
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    worker = await createTestWorker(t.config, { consume: true });
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await imap?.stop();
  });

  it('ingests bounces, complaints and list notices from the mailbox without tickets or acknowledgements', async () => {
    await addDovecotMailbox(t.http, admin, imap, f.ente.id);
    const machine = MACHINE_MAILS.filter((m) =>
      ['bare MAILER-DAEMON without a domain', 'ARF feedback report', 'Mailman moderation notice'].includes(
        m.name,
      ),
    );
    for (const m of machine) await imap.append(m.raw);
    const person = `persona.${uid}@comune.example.it`;
    await imap.append(
      `From: Persona <${person}>\r\nTo: helpdesk@cst.example\r\nSubject: Richiesta ${uid}\r\nMessage-ID: <wild-${uid}@comune.example.it>\r\n\r\nTesto.\r\n`,
    );
    const rows = await eventually(async () => {
      const found: { kind: string; outcome: string }[] = await t.dataSource.query(
        `SELECT kind, outcome FROM inbound_mail ORDER BY received_at`,
      );
      return found.length === machine.length + 1 ? found : undefined;
    }, 'every mail of the mailbox ingested');
    expect(rows.map((r) => r.kind).sort()).toEqual(['bounce', 'feedback_report', 'machine_notice', 'normal']);
    expect(rows.filter((r) => r.outcome === 'ticket_created')).toHaveLength(1);
    expect(await acknowledgedAddresses(t)).toEqual([person]);
  });
});
