import { eventually, generateMails } from '@app/testing';

import { FaultEnv, faultSuiteCanRun, messageIdOf, setUpFaultEnv } from './support/fault-env';
import { AppProcess, startWorker } from './support/processes';

const describeFaults = faultSuiteCanRun() ? describe : describe.skip;
const MAILS = 400;

/**
 * Two workers; the one holding the mailbox lease is killed with SIGKILL in the middle of a batch
 * (mails being ingested, acknowledgements being sent). The other takes the mailbox over when the
 * lease lapses, and the killed worker's mails claimed for sending are sent again under the same
 * Message-ID once they count as stale: every mail one ticket, every ticket one acknowledgement.
 */
describeFaults('a worker killed with SIGKILL mid-batch (fault suite)', () => {
  let e: FaultEnv;

  beforeAll(async () => {
    e = await setUpFaultEnv();
  }, 120_000);

  afterAll(async () => {
    await e?.close();
  });

  it('loses and doubles nothing: the other worker takes over', async () => {
    const mails = generateMails(MAILS, { tag: 'sigkill', seed: 17 });
    const threads = mails.filter((m) => m.replyTo === null).length;
    const first = startWorker(e.env);
    e.processes.push(first);
    await e.imap.appendMany(mails.map((m) => m.raw));
    const ingestedAtKill = await eventually(
      async () => {
        const n = await e.count(`SELECT count(*)::int AS n FROM inbound_mail`);
        return n >= 60 && e.smtp.messages.length > 0 ? n : undefined;
      },
      'the first worker ingesting and sending',
      120_000,
      10,
    );
    // The second starts before the kill, so it must wait for the lease, not just find a free mailbox.
    const second = startWorker(e.env);
    e.processes.push(second);
    await first.kill('SIGKILL');
    const atKill = {
      ingested: await e.count(`SELECT count(*)::int AS n FROM inbound_mail`),
      sending: await e.count(`SELECT count(*)::int AS n FROM outbound_mail WHERE status = 'sending'`),
      sent: await e.count(`SELECT count(*)::int AS n FROM outbound_mail WHERE status = 'sent'`),
    };
    await eventually(
      async () =>
        (await e.count(`SELECT count(*)::int AS n FROM inbound_mail`)) === MAILS ? true : undefined,
      `all ${MAILS} mails after the kill`,
      180_000,
      200,
    );
    // Rows the dead worker held 'sending' are retried after 2 minutes (the stale-sending limit).
    await eventually(
      async () =>
        (await e.count(`SELECT count(*)::int AS n FROM outbound_mail WHERE status <> 'sent'`)) === 0
          ? true
          : undefined,
      'every acknowledgement sent, the dead worker’s too',
      240_000,
      1_000,
    );
    await new Promise((r) => setTimeout(r, 3_000));
    const ids = e.smtp.messages.map((m) => messageIdOf(m.raw));
    const counted = {
      killedAfterIngesting: ingestedAtKill,
      atKill,
      mails: await e.count(`SELECT count(*)::int AS n FROM inbound_mail`),
      positions: await e.count(`SELECT count(*)::int AS n FROM inbound_position`),
      tickets: await e.count(`SELECT count(*)::int AS n FROM ticket`),
      incomingMessages: await e.count(
        `SELECT count(*)::int AS n FROM ticket_event WHERE type = 'message' AND payload->>'direction' = 'in'`,
      ),
      ackRows: await e.count(`SELECT count(*)::int AS n FROM outbound_mail WHERE kind = 'ack'`),
      ticketsWithTwoAcks: await e.count(
        `SELECT count(*)::int AS n FROM (SELECT ticket_id FROM outbound_mail WHERE kind = 'ack' GROUP BY ticket_id HAVING count(*) > 1) d`,
      ),
      smtpReceived: ids.length,
      smtpDistinctMessageIds: new Set(ids).size,
      // At least once to SMTP: a mail accepted by the server just before the kill is sent again, same Message-ID.
      resentSameMessageId: ids.length - new Set(ids).size,
      secondWorkerAlive: !(second as AppProcess).exited,
    };
    console.log(`[faults] worker SIGKILLed mid-batch of ${MAILS} mails (${threads} new threads):`, counted);

    expect(counted.atKill.ingested).toBeLessThan(MAILS);
    expect(counted.mails).toBe(MAILS);
    expect(counted.positions).toBe(MAILS);
    expect(counted.tickets).toBe(threads);
    expect(counted.incomingMessages).toBe(MAILS);
    expect(counted.ackRows).toBe(threads);
    expect(counted.ticketsWithTwoAcks).toBe(0);
    expect(counted.smtpDistinctMessageIds).toBe(threads);
    expect(counted.resentSameMessageId).toBeLessThanOrEqual(counted.atKill.sending);
    expect(counted.secondWorkerAlive).toBe(true);
  }, 600_000);
});
