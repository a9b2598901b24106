import { randomBytes } from 'node:crypto';

import { MetricsService } from '@app/metrics';
import {
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  DovecotServer,
  eventually,
  requireDovecot,
  SmtpReceiver,
  startDovecot,
  startSmtpReceiver,
  TestApp,
} from '@app/testing';
import { addDovecotMailbox } from '@app/testing/test-mailbox';
import { createTestWorker } from '@app/testing/test-worker';
import { UserEntity } from '@app/tickets';
import { INestApplicationContext } from '@nestjs/common';
import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const describeMail = requireDovecot() ? describe : describe.skip;

/**
 * Traces of the e-mail channel: one mail followed from the IMAP fetch to its ticket and its
 * acknowledgement, exported to an in-memory exporter (production exports over OTLP).
 */
describeMail('Traces of one mail from fetch to ticket (e2e)', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let imap: DovecotServer;
  let smtp: SmtpReceiver;
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    provider.register();
    imap = await startDovecot();
    smtp = await startSmtpReceiver();
    t = await createTestApp({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_SECURE: 'false',
      MAIL_POLL_SECONDS: '1',
      SECRETS_KEY: randomBytes(32).toString('hex'),
    });
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    await addDovecotMailbox(t.http, admin, imap, f.ente.id);
    worker = await createTestWorker(t.config, { consume: true });
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await smtp?.stop();
    await imap?.stop();
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  it('links the fetch, the ingestion, the ticket and the acknowledgement', async () => {
    await imap.appendMany([
      Buffer.from(
        [
          'From: Lucia Neri <lucia.neri@example.it>',
          'To: assistenza@cst.example',
          'Subject: Accesso al portale dei tributi bloccato',
          `Date: ${new Date().toUTCString()}`,
          'Message-ID: <trace-1@example.it>',
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Buongiorno, da stamattina il portale dei tributi non mi fa entrare.',
          '',
        ].join('\r\n'),
      ),
    ]);
    const [ticket] = await eventually(
      async () => {
        const rows: { id: string }[] = await t.dataSource.query(
          `SELECT id FROM ticket WHERE subject = 'Accesso al portale dei tributi bloccato'`,
        );
        return rows.length ? rows : undefined;
      },
      'the ticket of the mail',
      30_000,
      100,
    );
    const sent = await eventually(
      () => {
        const spans = exporter.getFinishedSpans();
        return spans.some((s) => s.name === 'smtp.send') ? spans : undefined;
      },
      'the acknowledgement sent',
      30_000,
      100,
    );
    const byName = (name: string) => sent.filter((s) => s.name === name);
    const sync = byName('imap.sync').find((s) => s.attributes['imap.uids'] === 1)!;
    expect(sync).toBeDefined();
    const traceId = sync.spanContext().traceId;
    const inTrace = (s: ReadableSpan) => s.spanContext().traceId === traceId;
    const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
    const fetch = byName('imap.fetch').find(inTrace)!;
    const ingest = byName('mail.ingest').find(inTrace)!;
    const mark = byName('imap.mark').find(inTrace)!;
    const processed = byName('mail.process').find(inTrace)!;
    // One trace: the chunk's fetch, its ingestion and its marking are children of the sync...
    expect(parentOf(fetch)).toBe(sync.spanContext().spanId);
    expect(parentOf(ingest)).toBe(sync.spanContext().spanId);
    expect(parentOf(mark)).toBe(sync.spanContext().spanId);
    // ...and the mail's processing, which opened the ticket, is a child of the ingestion.
    expect(parentOf(processed)).toBe(ingest.spanContext().spanId);
    expect(processed.attributes).toMatchObject({
      'mail.outcome': 'ticket_created',
      'helpdesk.ticket_id': ticket.id,
    });
    expect(ingest.attributes).toMatchObject({ 'mail.count': 1, 'mail.outcome.ticket_created': 1 });
    expect(byName('smtp.send')[0].attributes).toMatchObject({ 'mail.kind': 'ack', 'mail.attempt': 1 });
    // Ids and counts only: no address, name or subject in any span.
    expect(JSON.stringify(sent.map((s) => s.attributes))).not.toMatch(/lucia|Neri|tributi/i);
  }, 60_000);

  it("reports the mailbox's ingestion lag and last successful read in the worker's metrics", async () => {
    const text = await eventually(
      async () => {
        const t2 = await worker.get(MetricsService).text();
        return /helpdesk_mailbox_last_success_timestamp_seconds\{mailbox="Assistenza"\} \d/.test(t2)
          ? t2
          : undefined;
      },
      'a successful read recorded',
      30_000,
      100,
    );
    const last = Number(
      /helpdesk_mailbox_last_success_timestamp_seconds\{mailbox="Assistenza"\} (\S+)/.exec(text)![1],
    );
    expect(Math.abs(Date.now() / 1000 - last)).toBeLessThan(120);
    expect(text).toMatch(/helpdesk_mailbox_oldest_unfetched_age_seconds\{mailbox="Assistenza"\} 0\n/);
  });
});
