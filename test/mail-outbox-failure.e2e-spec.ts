import { MailIngestService, OutboxSenderService } from '@app/mail';
import { MailTransport, PermanentSendError } from '@app/mail/outbox/mail-transport.provider';
import { authHeaders, BasicFixtures, createBasicFixtures, createTestApp, TestApp } from '@app/testing';
import { createTestWorker } from '@app/testing/test-worker';
import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';

describe('a mail the outbox cannot deliver (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    worker = await createTestWorker(t.config);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('is marked failed and told on the ticket timeline with the recipients and the reason', async () => {
    const result = await t.app
      .get(MailIngestService)
      .ingest(
        Buffer.from(
          [
            'From: Anna Neri <anna.neri@example.org>',
            'To: assistenza@cst.example',
            'Subject: Accesso negato',
            'Message-ID: <fail-1@example.org>',
            'MIME-Version: 1.0',
            'Content-Type: text/plain; charset=utf-8',
            '',
            'Non riesco ad entrare.',
          ].join('\r\n'),
        ),
      );
    expect(result.acknowledged).toBe(true);
    const [ack] = await t.dataSource.query(
      `SELECT id, message_id FROM outbound_mail WHERE ticket_id = $1 AND kind = 'ack'`,
      [result.ticketId],
    );
    jest
      .spyOn(worker.get(MailTransport), 'send')
      .mockRejectedValue(new PermanentSendError('550 no such user'));

    expect(await worker.get(OutboxSenderService).sendOne(ack.id)).toBe('failed');

    const [row] = await t.dataSource.query(`SELECT status, last_error FROM outbound_mail WHERE id = $1`, [
      ack.id,
    ]);
    expect(row).toEqual({ status: 'failed', last_error: '550 no such user' });
    const ticket = (await request(t.http).get(`/api/tickets/${result.ticketId}`).set(authHeaders(f.agent)))
      .body;
    const failed = ticket.timeline.filter((e: { type: string }) => e.type === 'mail_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].actor).toBeNull();
    expect(failed[0].payload).toEqual({
      outboundId: ack.id,
      messageId: ack.message_id,
      to: ['anna.neri@example.org'],
      reason: '550 no such user',
    });
  });
});
