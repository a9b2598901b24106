import { authHeaders, createUser, eventually, generateMails } from '@app/testing';
import { UserEntity } from '@app/tickets';

import { FaultEnv, faultSuiteCanRun, inParallel, messageIdOf, setUpFaultEnv } from './support/fault-env';
import { AppProcess, startApi, startWorker } from './support/processes';

const describeFaults = faultSuiteCanRun() ? describe : describe.skip;

/**
 * The SMTP server refuses connections while agents answer, and the IMAP server dies in the middle
 * of a backlog: both come back on the same port and nothing is lost or doubled.
 */
describeFaults('SMTP and IMAP servers down and back (fault suite)', () => {
  let e: FaultEnv;
  let agent: UserEntity;
  let api: AppProcess;
  let worker: AppProcess;

  beforeAll(async () => {
    e = await setUpFaultEnv();
    agent = await createUser(e.t.dataSource, 'agent', 'Operatore Posta');
    api = await startApi(e.env);
    worker = startWorker(e.env);
    e.processes.push(api, worker);
  }, 120_000);

  afterAll(async () => {
    await e?.close();
  });

  it('keeps the answers given while SMTP is down and sends each once when it is back', async () => {
    await e.imap.appendMany(generateMails(20, { tag: 'smtp', seed: 3, replyRatio: 0 }).map((m) => m.raw));
    await e.smtp.waitFor(20, 120_000); // the acknowledgements
    const tickets: { id: string }[] = await e.t.dataSource.query(`SELECT id FROM ticket ORDER BY number`);
    const before = e.smtp.messages.length;

    await e.smtp.down();
    const statuses = await inParallel(tickets, 4, async (t, i) => {
      const res = await fetch(`${api.url}/api/tickets/${t.id}/reply`, {
        method: 'POST',
        headers: { ...authHeaders(agent), 'Content-Type': 'application/json' },
        body: JSON.stringify({ via: 'email', body: `Risposta ${i} con il server SMTP giù` }),
      });
      return res.status;
    });
    const failedAttempts = await eventually(
      async () => {
        const n = await e.count(
          `SELECT count(*)::int AS n FROM outbound_mail WHERE kind = 'reply' AND status = 'pending' AND attempts >= 1`,
        );
        return n === tickets.length ? n : undefined;
      },
      'every answer tried once and kept for a retry',
      60_000,
      200,
    );
    await e.smtp.up();
    await e.smtp.waitFor(before + tickets.length, 180_000);
    await new Promise((r) => setTimeout(r, 2_000));
    const ids = e.smtp.messages.slice(before).map((m) => messageIdOf(m.raw));
    const counted = {
      answersAccepted: statuses.filter((s) => s === 200 || s === 201).length,
      failedFirstAttempts: failedAttempts,
      delivered: ids.length,
      distinctMessageIds: new Set(ids).size,
      markedFailed: await e.count(`SELECT count(*)::int AS n FROM outbound_mail WHERE status = 'failed'`),
      notSent: await e.count(`SELECT count(*)::int AS n FROM outbound_mail WHERE status <> 'sent'`),
    };
    console.log('[faults] SMTP down while 20 answers were given, then back:', counted);
    expect(counted.answersAccepted).toBe(tickets.length);
    expect(counted.delivered).toBe(tickets.length);
    expect(counted.distinctMessageIds).toBe(tickets.length);
    expect(counted.markedFailed).toBe(0);
    expect(counted.notSent).toBe(0);
  }, 300_000);

  it('ingests each mail once when the IMAP server dies in the middle of a backlog', async () => {
    const before = await e.count(`SELECT count(*)::int AS n FROM inbound_mail`);
    const mails = generateMails(300, { tag: 'imapdown', seed: 13, replyRatio: 0 });
    await e.imap.appendMany(mails.map((m) => m.raw));
    await eventually(
      async () =>
        (await e.count(`SELECT count(*)::int AS n FROM inbound_mail`)) >= before + 20 ? true : undefined,
      'ingestion under way',
      120_000,
      20,
    );
    await e.imap.kill();
    const atKill = (await e.count(`SELECT count(*)::int AS n FROM inbound_mail`)) - before;
    await new Promise((r) => setTimeout(r, 3_000));
    const [mailbox] = await e.t.dataSource.query(`SELECT last_error FROM mailbox`);
    await e.imap.start();
    await eventually(
      async () =>
        (await e.count(`SELECT count(*)::int AS n FROM inbound_mail`)) === before + 300 ? true : undefined,
      'the whole backlog after the IMAP restart',
      180_000,
      200,
    );
    await new Promise((r) => setTimeout(r, 3_000));
    const counted = {
      ingestedBeforeKill: atKill,
      mailboxErrorWhileDown: mailbox?.last_error ?? null,
      ingested: (await e.count(`SELECT count(*)::int AS n FROM inbound_mail`)) - before,
      tickets: await e.count(
        `SELECT count(*)::int AS n FROM ticket t JOIN contact c ON c.id = t.requester_id WHERE c.email LIKE '%.imapdown.%'`,
      ),
      quarantined: await e.count(
        `SELECT count(*)::int AS n FROM inbound_mail WHERE outcome IN ('failed', 'quarantined')`,
      ),
      workerAlive: !worker.exited,
    };
    console.log('[faults] IMAP killed in the middle of 300 mails, started again:', counted);
    expect(counted.ingestedBeforeKill).toBeLessThan(300);
    expect(counted.ingested).toBe(300);
    expect(counted.tickets).toBe(300);
    expect(counted.quarantined).toBe(0);
    expect(counted.workerAlive).toBe(true);
  }, 300_000);
});
