import { randomUUID } from 'node:crypto';

import { authHeaders, createUser, eventually } from '@app/testing';
import { UserEntity } from '@app/tickets';

import { FaultEnv, faultSuiteCanRun, privatePostgres, setUpFaultEnv } from './support/fault-env';
import { AppProcess, startApi, startWorker, workerStarted } from './support/processes';

const describeFaults = faultSuiteCanRun() ? describe : describe.skip;
const CLIENTS = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * PostgreSQL stopped under load (pg_ctl -m fast: every connection terminated) and started again:
 * the api process answers 503 while it is down, never 500, and serves again by itself (no
 * restart); every ticket in the database is whole (row, creation event, clocks), never half.
 * Clients send an Idempotency-Key per ticket and retry with it until they get the ticket: a 503
 * whose write committed is answered by the retry, never written twice.
 */
describeFaults('PostgreSQL restarted during load (fault suite)', () => {
  let e: FaultEnv;
  let agent: UserEntity;
  let api: AppProcess;
  let worker: AppProcess;

  beforeAll(async () => {
    e = await setUpFaultEnv();
    agent = await createUser(e.t.dataSource, 'agent', 'Operatore Carico');
    api = await startApi(e.env);
    worker = startWorker(e.env);
    e.processes.push(api, worker);
    // The worker must be running (not still booting) when the database goes away.
    await workerStarted(worker);
  }, 120_000);

  afterAll(async () => {
    // A failed test must not leave the shared cluster of the run stopped for the next spec file.
    await privatePostgres()
      .start()
      .catch(() => undefined);
    await e?.close();
  });

  it('answers 503 while the database is down, recovers alone, and applies no request by halves', async () => {
    let phase: 'before' | 'down' | 'after' = 'before';
    let stop = false;
    let sent = 0;
    const answers: { phase: string; status: number; id?: string; subject: string; replayed?: boolean }[] = [];
    /** Each ticket a client asked for, with the last answer it got (after its retries). */
    const finals = new Map<string, { status: number; id?: string }>();
    const health: { phase: string; status: number }[] = [];

    const client = async (c: number) => {
      while (!stop) {
        const subject = `Carico ${c}-${sent++}`;
        const key = randomUUID();
        // The same request with the same key until it is answered with the ticket (a 503 or a
        // dropped connection says nothing about whether it was written; 409: still running).
        for (let attempt = 0; ; attempt++) {
          const at = phase;
          const res = await fetch(`${api.url}/api/tickets`, {
            method: 'POST',
            headers: { ...authHeaders(agent), 'Content-Type': 'application/json', 'Idempotency-Key': key },
            body: JSON.stringify({
              channel: 'phone',
              requester: { name: 'Mario Rossi', phone: '+39 055 1234567' },
              enteId: e.f.ente.id,
              subject,
              malfunction: true,
            }),
          }).catch(() => undefined);
          const body = res ? ((await res.json().catch(() => ({}))) as { id?: string }) : {};
          const replayed = res?.headers.get('idempotent-replayed') === 'true';
          answers.push({ phase: at, status: res?.status ?? 0, id: body.id, subject, replayed });
          finals.set(subject, { status: res?.status ?? 0, id: body.id });
          if (res?.status === 201 || attempt >= 2_000) break;
          // Still running elsewhere: wait for it rather than ask again at once.
          await sleep(res?.status === 409 ? 500 : 50);
        }
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    const probeHealth = async () => {
      const res = await fetch(`${api.url}/api/health`).catch(() => undefined);
      health.push({ phase, status: res?.status ?? 0 });
      return res?.status ?? 0;
    };

    await eventually(() => (answers.filter((a) => a.status === 201).length >= 50 ? true : undefined), 'load');
    const pg = privatePostgres();
    await pg.stop();
    phase = 'down';
    const downFrom = answers.length;
    for (let i = 0; i < 10; i++) {
      await probeHealth();
      await sleep(300);
    }
    await pg.start();
    phase = 'after';
    const upFrom = answers.length;
    // Recovers by itself: the same api process, no restart.
    await eventually(
      async () => ((await probeHealth()) === 200 ? true : undefined),
      'health 200 again',
      60_000,
      200,
    );
    await eventually(
      () => (answers.slice(upFrom).filter((a) => a.status === 201).length >= 50 ? true : undefined),
      'tickets created again after the restart',
      60_000,
    );
    stop = true;
    await load;

    const byStatus = (list: typeof answers) =>
      list.reduce<Record<string, number>>((acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }), {});
    const created = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 503);
    const finalAnswers = [...finals].map(([subject, a]) => ({ subject, ...a }));
    const rows: { id: string; subject: string; events: number; clocks: number }[] =
      await e.t.dataSource.query(
        `SELECT t.id, t.subject,
              (SELECT count(*)::int FROM ticket_event ev WHERE ev.ticket_id = t.id AND ev.type = 'created') AS events,
              (SELECT count(*)::int FROM sla_clock c WHERE c.ticket_id = t.id) AS clocks
         FROM ticket t WHERE t.subject LIKE 'Carico %'`,
      );
    const stored = new Map(rows.map((r) => [r.subject, r]));
    const counted = {
      requests: answers.length,
      whileUp: byStatus(answers.slice(0, downFrom)),
      whileDown: byStatus(answers.slice(downFrom, upFrom)),
      afterRestart: byStatus(answers.slice(upFrom)),
      healthWhileDown: health.filter((h) => h.phase === 'down').map((h) => h.status),
      ticketsStored: rows.length,
      createdButMissing: created.filter((a) => !stored.has(a.subject)).length,
      halfApplied: rows.filter((r) => r.events !== 1 || r.clocks === 0).length,
      // 503 after the commit reached the server but before its answer came back: the retry with the key answers it.
      answered503ThenRetried: refused.length,
      // Retries answered from the key (the first attempt's write had committed): no second ticket.
      answeredFromKey: answers.filter((a) => a.replayed).length,
      ticketsAsked: finals.size,
      // A ticket whose client, after all its retries, was refused while the ticket was stored.
      refusedButStored: finalAnswers.filter((a) => a.status !== 201 && stored.has(a.subject)).length,
      // A ticket stored more than once (a retry that wrote again).
      duplicates: rows.length - stored.size,
      // A retry answered with another ticket than the one stored for its request.
      answeredWithAnother: finalAnswers.filter((a) => a.status === 201 && stored.get(a.subject)?.id !== a.id)
        .length,
      apiRestarted: api.exited,
      workerAlive: !worker.exited,
    };
    console.log('[faults] PostgreSQL stopped for ~3 s under 8 clients creating tickets:', counted);

    // 409: a retry while the attempt that was cut off still held its key (until its lease ends).
    const unexpected = answers.filter((a) => a.status !== 201 && a.status !== 503 && a.status !== 409);
    if (unexpected.length) console.log('[faults] the api said:', api.output.join('').slice(-6000));
    if (worker.exited) console.log('[faults] the worker said:', worker.output.join('').slice(-6000));
    expect(unexpected).toEqual([]);
    expect(refused.length).toBeGreaterThan(0);
    expect(counted.healthWhileDown.length).toBeGreaterThan(0);
    expect(counted.healthWhileDown.every((s) => s === 503)).toBe(true);
    expect(counted.createdButMissing).toBe(0);
    expect(counted.halfApplied).toBe(0);
    expect(counted.refusedButStored).toBe(0);
    expect(counted.duplicates).toBe(0);
    expect(counted.answeredWithAnother).toBe(0);
    // Every ticket asked for was answered with itself, and stored once.
    expect(finalAnswers.every((a) => a.status === 201)).toBe(true);
    expect(rows.length).toBe(finals.size);
    expect(counted.apiRestarted).toBe(false);
    expect(counted.workerAlive).toBe(true);
  }, 300_000);
});
