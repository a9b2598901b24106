import { authHeaders, createUser, eventually, generateMails } from '@app/testing';
import { UserEntity } from '@app/tickets';

import { FaultEnv, faultSuiteCanRun, inParallel, messageIdOf, setUpFaultEnv } from './support/fault-env';
import { startApi, startWorker } from './support/processes';

const describeFaults = faultSuiteCanRun() ? describe : describe.skip;
const MAILS = 1_000;
const ANSWERS = 1_000;

/**
 * Scale-out: two api processes and two worker processes over one PostgreSQL and one Redis, as
 * production runs N of each. One mailbox (the lease lets one worker ingest it at a time), 1,000
 * mails, 1,000 answers through both apis, SLA sweeps on both workers at once: then counted.
 */
describeFaults('two apis and two workers over one database (fault suite)', () => {
  let e: FaultEnv;
  let agent: UserEntity;

  beforeAll(async () => {
    e = await setUpFaultEnv();
    agent = await createUser(e.t.dataSource, 'agent', 'Operatore Scala');
  }, 120_000);

  afterAll(async () => {
    await e?.close();
  });

  it('ingests, answers and sweeps without a duplicate ticket, mail or breach', async () => {
    const apis = [await startApi(e.env), await startApi(e.env)];
    const workers = [startWorker(e.env), startWorker(e.env)];
    e.processes.push(...apis, ...workers);

    // 1,000 mails from one mailbox: 20% answer earlier mails of the batch.
    const mails = generateMails(MAILS, { tag: 'scale', seed: 31 });
    const threads = mails.filter((m) => m.replyTo === null).length;
    await e.imap.appendMany(mails.map((m) => m.raw));
    await eventually(
      async () =>
        (await e.count(`SELECT count(*)::int AS n FROM inbound_mail`)) === MAILS ? true : undefined,
      `${MAILS} mails ingested`,
      240_000,
      500,
    );
    const acksSent = await eventually(
      async () => {
        const pending = await e.count(`SELECT count(*)::int AS n FROM outbound_mail WHERE status <> 'sent'`);
        return pending === 0 ? e.count(`SELECT count(*)::int AS n FROM outbound_mail`) : undefined;
      },
      'the acknowledgements sent',
      120_000,
      500,
    );

    // 1,000 answers by e-mail, alternating between the two apis, 16 in flight: two answers to each
    // of the first 500 tickets (so two requests on one ticket meet), the other tickets unanswered.
    const tickets: { id: string }[] = await e.t.dataSource.query(
      `SELECT id FROM ticket WHERE channel = 'email' ORDER BY number`,
    );
    const targets = Array.from({ length: ANSWERS }, (_, i) => tickets[i % (ANSWERS / 2)].id);
    const statuses = await inParallel(targets, 16, async (id, i) => {
      const res = await fetch(`${apis[i % 2].url}/api/tickets/${id}/reply`, {
        method: 'POST',
        headers: { ...authHeaders(agent), 'Content-Type': 'application/json' },
        body: JSON.stringify({ via: 'email', body: `Risposta ${i}: stiamo verificando.` }),
      });
      return res.status;
    });
    const answered = statuses.filter((s) => s === 201 || s === 200).length;

    // Every answer and acknowledgement reaches the SMTP server.
    await e.smtp.waitFor(acksSent + ANSWERS, 240_000);

    // Sweeps: the clocks of the unanswered tickets become overdue, and both workers sweep at once.
    const unanswered = tickets.length - ANSWERS / 2;
    const overdue = await e.count(
      `WITH c AS (UPDATE sla_clock SET due_at = now() - interval '1 minute', warn_at = now() - interval '2 minutes'
                   WHERE state = 'running' RETURNING 1) SELECT count(*)::int AS n FROM c`,
    );
    await e.enqueue('sla.sweep', 12);
    await eventually(
      async () =>
        (await e.count(
          `SELECT count(*)::int AS n FROM sla_clock WHERE state = 'running' AND due_at <= now()`,
        )) === 0
          ? true
          : undefined,
      'every overdue clock swept',
      120_000,
      500,
    );
    // The breach notifications go out by mail too; then every outbound row must be sent, once.
    await e.enqueue('mail.outbox-sweep', 2);
    await eventually(
      async () => {
        // A sweep turns the breach notifications into outbound rows (in batches); the senders send them.
        const unmailed = await e.count(
          `SELECT count(*)::int AS n FROM notification n JOIN app_user u ON u.id = n.user_id
            WHERE n.emailed_at IS NULL AND u.active`,
        );
        if (unmailed > 0) {
          await e.enqueue('mail.outbox-sweep');
          return undefined;
        }
        const unsent = await e.count(`SELECT count(*)::int AS n FROM outbound_mail WHERE status <> 'sent'`);
        const rows = await e.count(`SELECT count(*)::int AS n FROM outbound_mail`);
        return unsent === 0 && rows === e.smtp.messages.length ? true : undefined;
      },
      'every notification mailed and every outbound mail sent',
      180_000,
      1_000,
    );
    // Let a stray second sweep, send or ingestion show itself before counting.
    await e.enqueue('sla.sweep', 4);
    await e.enqueue('mail.outbox-sweep', 2);
    await new Promise((r) => setTimeout(r, 3_000));

    const kind = (k: string) => e.count(`SELECT count(*)::int AS n FROM outbound_mail WHERE kind = $1`, [k]);
    const counted = {
      mails: await e.count(`SELECT count(*)::int AS n FROM inbound_mail`),
      positions: await e.count(`SELECT count(*)::int AS n FROM inbound_position`),
      tickets: await e.count(`SELECT count(*)::int AS n FROM ticket WHERE channel = 'email'`),
      sendersWithTwoTickets: await e.count(
        `SELECT count(*)::int AS n FROM (SELECT requester_id FROM ticket GROUP BY requester_id HAVING count(*) > 1) d`,
      ),
      incomingMessages: await e.count(
        `SELECT count(*)::int AS n FROM ticket_event WHERE type = 'message' AND payload->>'direction' = 'in'`,
      ),
      answersAccepted: answered,
      acks: await kind('ack'),
      replies: await kind('reply'),
      notificationMails: await kind('notification'),
      outbound: await e.count(`SELECT count(*)::int AS n FROM outbound_mail`),
      outboundSent: await e.count(`SELECT count(*)::int AS n FROM outbound_mail WHERE status = 'sent'`),
      smtpReceived: e.smtp.messages.length,
      smtpDistinctMessageIds: new Set(e.smtp.messages.map((m) => messageIdOf(m.raw))).size,
      clocksMadeOverdue: overdue,
      breachEvents: await e.count(`SELECT count(*)::int AS n FROM ticket_event WHERE type = 'sla_breached'`),
      doubledBreaches: await e.count(
        `SELECT count(*)::int AS n FROM (SELECT ticket_id, payload->>'code', payload->>'cycle' FROM ticket_event
          WHERE type = 'sla_breached' GROUP BY 1, 2, 3 HAVING count(*) > 1) d`,
      ),
      apisAlive: apis.filter((p) => !p.exited).length,
      workersAlive: workers.filter((p) => !p.exited).length,
    };
    console.log(
      `[scale-out] 2 apis, 2 workers, ${MAILS} mails (${threads} new threads), ${ANSWERS} answers:`,
      counted,
    );

    expect(counted.mails).toBe(MAILS);
    expect(counted.positions).toBe(MAILS);
    expect(counted.tickets).toBe(threads);
    expect(counted.sendersWithTwoTickets).toBe(0);
    expect(counted.incomingMessages).toBe(MAILS);
    expect(counted.answersAccepted).toBe(ANSWERS);
    expect(acksSent).toBe(threads);
    expect(counted.acks).toBe(threads);
    expect(counted.replies).toBe(ANSWERS);
    expect(counted.outboundSent).toBe(counted.outbound);
    // Each outbound row reached the SMTP server once, under its own Message-ID.
    expect(counted.smtpReceived).toBe(counted.outbound);
    expect(counted.smtpDistinctMessageIds).toBe(counted.outbound);
    // SLA.6 and SLA.7 of each unanswered ticket: each breached once, by one of the two workers.
    expect(counted.clocksMadeOverdue).toBe(2 * unanswered);
    expect(counted.breachEvents).toBe(2 * unanswered);
    expect(counted.doubledBreaches).toBe(0);
    expect(counted.apisAlive).toBe(2);
    expect(counted.workersAlive).toBe(2);
  }, 600_000);
});
