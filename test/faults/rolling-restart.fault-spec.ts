import { randomUUID } from 'node:crypto';

import { authHeaders, createUser, eventually, generateMails } from '@app/testing';
import { UserEntity } from '@app/tickets';

import { FaultEnv, faultSuiteCanRun, inParallel, messageIdOf, setUpFaultEnv } from './support/fault-env';
import { AppProcess, startApi, startWorker, workerStarted } from './support/processes';

const describeFaults = faultSuiteCanRun() ? describe : describe.skip;
const FIRST_MAILS = 150;
const MORE_MAILS = 150;
const ANSWERS = 300;
const SHUTDOWN_TIMEOUT_SECONDS = 20;

/** How a stopped process ended: its exit code and how long SIGTERM took. */
interface Stopped {
  role: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
}

/**
 * A rolling restart, as an orchestrator deploys: two apis and two workers, each in turn sent
 * SIGTERM (readiness first, then the stop), waited for and replaced, while agents answer through
 * a balancer that only sends to apis not being stopped and mails keep arriving. Nothing may be
 * refused, cut, lost or doubled: every process exits 0 within its timeout, every request gets its
 * answer, every mail is one ticket or message, every outbound mail is sent once.
 */
describeFaults('a rolling restart of two apis and two workers (fault suite)', () => {
  let e: FaultEnv;
  let agent: UserEntity;

  beforeAll(async () => {
    e = await setUpFaultEnv({ SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_TIMEOUT_SECONDS) });
    agent = await createUser(e.t.dataSource, 'agent', 'Operatore Riavvio');
  }, 120_000);

  afterAll(async () => {
    await e?.close();
  });

  it('loses, cuts and doubles nothing', async () => {
    const apis: AppProcess[] = [await startApi(e.env), await startApi(e.env)];
    const workers: AppProcess[] = [startWorker(e.env), startWorker(e.env)];
    e.processes.push(...apis, ...workers);
    await Promise.all(workers.map(workerStarted));

    const mails = generateMails(FIRST_MAILS + MORE_MAILS, { tag: 'rolling', seed: 23, replyRatio: 0 });
    await e.imap.appendMany(mails.slice(0, FIRST_MAILS).map((m) => m.raw));
    await eventually(
      async () =>
        (await e.count(`SELECT count(*)::int AS n FROM inbound_mail`)) === FIRST_MAILS ? true : undefined,
      `the first ${FIRST_MAILS} mails ingested`,
      120_000,
      250,
    );
    const tickets: { id: string }[] = await e.t.dataSource.query(`SELECT id FROM ticket ORDER BY number`);

    // The balancer: round robin over the apis that are up and not being stopped. A refused
    // connection never reached an api (tried elsewhere); any other network error is ambiguous.
    const stopping = new Set<AppProcess>();
    const refusedThenRetried: number[] = [];
    const ambiguous: string[] = [];
    let turn = 0;
    const viaBalancer = async (path: string, body: unknown): Promise<number> => {
      const key = randomUUID();
      for (let attempt = 0; attempt < 50; attempt++) {
        const up = apis.filter((a) => !stopping.has(a) && !a.exited);
        const api = up[turn++ % Math.max(1, up.length)];
        if (!api) {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        try {
          const res = await fetch(`${api.url}${path}`, {
            method: 'POST',
            headers: { ...authHeaders(agent), 'Content-Type': 'application/json', 'Idempotency-Key': key },
            body: JSON.stringify(body),
          });
          await res.arrayBuffer();
          return res.status;
        } catch (error) {
          const code = (error as { cause?: { code?: string } }).cause?.code;
          if (code === 'ECONNREFUSED') {
            refusedThenRetried.push(attempt);
            continue;
          }
          ambiguous.push(`${path}: ${code ?? (error as Error).message}`);
          return -1;
        }
      }
      return -2;
    };

    // Agents answer for the whole restart, 8 at a time, a little apart.
    const answering = inParallel(
      Array.from({ length: ANSWERS }, (_, i) => tickets[i % tickets.length].id),
      8,
      async (id, i) => {
        await new Promise((r) => setTimeout(r, 40));
        return viaBalancer(`/api/tickets/${id}/reply`, {
          via: 'email',
          body: `Risposta ${i} durante il riavvio.`,
        });
      },
    );

    const stopped: Stopped[] = [];
    const restart = async (list: AppProcess[], index: number, start: () => Promise<AppProcess>) => {
      const old = list[index];
      stopping.add(old);
      const began = Date.now();
      await old.kill('SIGTERM');
      stopped.push({
        role: old.role,
        code: old.child.exitCode,
        signal: old.child.signalCode,
        ms: Date.now() - began,
      });
      const fresh = await start();
      list[index] = fresh;
      e.processes.push(fresh);
    };
    const freshWorker = async () => {
      const w = startWorker(e.env);
      await workerStarted(w);
      return w;
    };
    await new Promise((r) => setTimeout(r, 1_000));
    await restart(apis, 0, () => startApi(e.env));
    await restart(apis, 1, () => startApi(e.env));
    // More mail arrives while the workers are replaced.
    await e.imap.appendMany(mails.slice(FIRST_MAILS).map((m) => m.raw));
    await restart(workers, 0, freshWorker);
    await restart(workers, 1, freshWorker);
    const statuses = await answering;

    await eventually(
      async () =>
        (await e.count(`SELECT count(*)::int AS n FROM inbound_mail`)) === FIRST_MAILS + MORE_MAILS
          ? true
          : undefined,
      'every mail ingested after the restart',
      180_000,
      250,
    );
    await eventually(
      async () =>
        (await e.count(`SELECT count(*)::int AS n FROM outbound_mail WHERE status <> 'sent'`)) === 0
          ? true
          : undefined,
      'every outbound mail sent',
      180_000,
      500,
    );
    const outbound = await e.count(`SELECT count(*)::int AS n FROM outbound_mail`);
    await e.smtp.waitFor(outbound, 120_000);
    // Let a stray second send or ingestion show itself before counting.
    await new Promise((r) => setTimeout(r, 3_000));

    const kind = (k: string) => e.count(`SELECT count(*)::int AS n FROM outbound_mail WHERE kind = $1`, [k]);
    const counted = {
      stopped,
      answersAccepted: statuses.filter((s) => s === 201 || s === 200).length,
      answersOtherwise: statuses.filter((s) => s !== 201 && s !== 200),
      refusedConnectionsRetried: refusedThenRetried.length,
      ambiguous,
      mails: await e.count(`SELECT count(*)::int AS n FROM inbound_mail`),
      positions: await e.count(`SELECT count(*)::int AS n FROM inbound_position`),
      tickets: await e.count(`SELECT count(*)::int AS n FROM ticket WHERE channel = 'email'`),
      incomingMessages: await e.count(
        `SELECT count(*)::int AS n FROM ticket_event WHERE type = 'message' AND payload->>'direction' = 'in'`,
      ),
      acks: await kind('ack'),
      replies: await kind('reply'),
      outbound: await e.count(`SELECT count(*)::int AS n FROM outbound_mail`),
      smtpReceived: e.smtp.messages.length,
      smtpDistinctMessageIds: new Set(e.smtp.messages.map((m) => messageIdOf(m.raw))).size,
    };
    console.log('[rolling-restart] 2 apis and 2 workers replaced one by one under load:', counted);

    for (const s of counted.stopped) {
      expect(s).toMatchObject({ code: 0, signal: null });
      expect(s.ms).toBeLessThan((SHUTDOWN_TIMEOUT_SECONDS + 5) * 1000);
    }
    expect(counted.stopped).toHaveLength(4);
    expect(counted.ambiguous).toEqual([]);
    expect(counted.answersOtherwise).toEqual([]);
    expect(counted.answersAccepted).toBe(ANSWERS);
    expect(counted.replies).toBe(ANSWERS);
    expect(counted.mails).toBe(FIRST_MAILS + MORE_MAILS);
    expect(counted.positions).toBe(FIRST_MAILS + MORE_MAILS);
    expect(counted.tickets).toBe(FIRST_MAILS + MORE_MAILS);
    expect(counted.incomingMessages).toBe(FIRST_MAILS + MORE_MAILS);
    expect(counted.acks).toBe(FIRST_MAILS + MORE_MAILS);
    expect(counted.smtpReceived).toBe(counted.outbound);
    expect(counted.smtpDistinctMessageIds).toBe(counted.outbound);
  }, 600_000);
});
