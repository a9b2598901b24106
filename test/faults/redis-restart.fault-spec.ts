import { authHeaders, createUser, eventually, generateMails } from '@app/testing';
import { UserEntity } from '@app/tickets';

import { FaultEnv, faultSuiteCanRun, inParallel, messageIdOf, setUpFaultEnv } from './support/fault-env';
import { AppProcess, startApi, startWorker } from './support/processes';

const describeFaults = faultSuiteCanRun() ? describe : describe.skip;

/**
 * Redis only dispatches; PostgreSQL is the truth. Redis is killed (no persistence: it comes back
 * empty) while agents answer by e-mail, and later flushed while running. The answers given
 * meanwhile are still sent, and the SLA sweeps resume (the workers put the lost schedules back).
 */
describeFaults('Redis restarted empty and flushed (fault suite)', () => {
  let e: FaultEnv;
  let agent: UserEntity;
  let api: AppProcess;
  let worker: AppProcess;
  let tickets: { id: string }[];

  const overdue = (ids: string[]) =>
    e.count(
      `WITH c AS (UPDATE sla_clock SET due_at = now() - interval '1 minute', warn_at = now() - interval '2 minutes'
                   WHERE state = 'running' AND ticket_id = ANY($1) RETURNING 1) SELECT count(*)::int AS n FROM c`,
      [ids],
    );
  const breachedOf = (ids: string[]) =>
    e.count(`SELECT count(*)::int AS n FROM sla_clock WHERE state = 'breached' AND ticket_id = ANY($1)`, [
      ids,
    ]);
  const answer = (ids: string[], label: string) =>
    inParallel(ids, 4, async (id, i) => {
      const started = Date.now();
      const res = await fetch(`${api.url}/api/tickets/${id}/reply`, {
        method: 'POST',
        headers: { ...authHeaders(agent), 'Content-Type': 'application/json' },
        body: JSON.stringify({ via: 'email', body: `${label} ${i}` }),
        signal: AbortSignal.timeout(20_000),
      }).catch(() => undefined);
      return { status: res?.status ?? 0, ms: Date.now() - started };
    });

  beforeAll(async () => {
    e = await setUpFaultEnv();
    agent = await createUser(e.t.dataSource, 'agent', 'Operatore Redis');
    api = await startApi(e.env);
    worker = startWorker(e.env);
    e.processes.push(api, worker);
    await e.imap.appendMany(generateMails(60, { tag: 'redis', seed: 5, replyRatio: 0 }).map((m) => m.raw));
    await eventually(
      async () => ((await e.count(`SELECT count(*)::int AS n FROM ticket`)) === 60 ? true : undefined),
      '60 tickets from mail',
      120_000,
      200,
    );
    await e.smtp.waitFor(60, 60_000);
    tickets = await e.t.dataSource.query(`SELECT id FROM ticket ORDER BY number`);
  }, 240_000);

  afterAll(async () => {
    await e?.close();
  });

  it('sends what was answered while Redis was down and sweeps again after it came back empty', async () => {
    const answered = tickets.slice(0, 20).map((t) => t.id);
    const toBreach = tickets.slice(20, 40).map((t) => t.id);
    const sentBefore = e.smtp.messages.length;

    await e.redis.kill();
    const whileDown = await answer(answered, 'Risposta mentre Redis è giù');
    const healthWhileDown = await fetch(`${api.url}/api/health`, { signal: AbortSignal.timeout(20_000) })
      .then(async (res) => ({ status: res.status, body: (await res.json()) as { status: string } }))
      .catch(() => ({ status: 0, body: { status: 'no answer' } }));
    const madeOverdue = await overdue(toBreach);
    await new Promise((r) => setTimeout(r, 2_000));
    const sentWhileDown = e.smtp.messages.length - sentBefore;
    await e.redis.start(); // empty: no job, no schedule survived

    await e.smtp.waitFor(sentBefore + answered.length, 120_000).catch((error: Error) => {
      throw new Error(`${error.message}\n--- worker ---\n${worker.output.join('').slice(-4000)}`);
    });
    await eventually(
      async () => ((await breachedOf(toBreach)) === madeOverdue ? true : undefined),
      'the overdue clocks breached by a sweep after the restart',
      120_000,
      500,
    );
    const afterRestart = {
      answersAccepted: whileDown.filter((r) => r.status === 200 || r.status === 201).length,
      slowestAnswerMs: Math.max(...whileDown.map((r) => r.ms)),
      health: `${healthWhileDown.status} ${healthWhileDown.body.status}`,
      sentWhileDown,
      answersDelivered: e.smtp.messages.length - sentBefore,
      clocksMadeOverdue: madeOverdue,
      breached: await breachedOf(toBreach),
    };

    // Flushed while running: the schedules are gone again.
    const flushBreach = tickets.slice(40, 60).map((t) => t.id);
    await e.redis.flush();
    const madeOverdueAfterFlush = await overdue(flushBreach);
    await eventually(
      async () => ((await breachedOf(flushBreach)) === madeOverdueAfterFlush ? true : undefined),
      'the overdue clocks breached by a sweep after the flush',
      120_000,
      500,
    );
    await new Promise((r) => setTimeout(r, 2_000));
    const messageIds = e.smtp.messages.map((m) => messageIdOf(m.raw));
    const counted = {
      afterRestart,
      afterFlush: { clocksMadeOverdue: madeOverdueAfterFlush, breached: await breachedOf(flushBreach) },
      outboundNotSent: await e.count(`SELECT count(*)::int AS n FROM outbound_mail WHERE status <> 'sent'`),
      smtpReceived: messageIds.length,
      smtpDistinctMessageIds: new Set(messageIds).size,
      breachEvents: await e.count(`SELECT count(*)::int AS n FROM ticket_event WHERE type = 'sla_breached'`),
      workerAlive: !worker.exited,
      apiAlive: !api.exited,
    };
    console.log('[faults] Redis killed (20 answers meanwhile), restarted empty, then flushed:', counted);

    expect(afterRestart.answersAccepted).toBe(answered.length);
    expect(healthWhileDown.status).toBe(200);
    expect(healthWhileDown.body.status).toBe('degraded');
    expect(sentWhileDown).toBe(0);
    expect(afterRestart.clocksMadeOverdue).toBeGreaterThan(0);
    expect(afterRestart.breached).toBe(afterRestart.clocksMadeOverdue);
    expect(counted.afterFlush.clocksMadeOverdue).toBeGreaterThan(0);
    expect(counted.afterFlush.breached).toBe(counted.afterFlush.clocksMadeOverdue);
    expect(counted.breachEvents).toBe(afterRestart.clocksMadeOverdue + counted.afterFlush.clocksMadeOverdue);
    expect(counted.smtpDistinctMessageIds).toBe(counted.smtpReceived);
    expect(counted.workerAlive).toBe(true);
    expect(counted.apiAlive).toBe(true);
  }, 420_000);
});
