import { authHeaders, BasicFixtures, createBasicFixtures, createTestApp, TestApp } from '@app/testing';
import { UserEntity } from '@app/tickets';
import request from 'supertest';

/**
 * Issue 19.8 and 19.9: reports by team and by agent per month on generated tickets and clocks (so
 * every figure is known), merged duplicates left out and named in the notes, and the workload view.
 */
describe('team and agent reports, workload (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let firstLevel: string;
  let ced: string;
  const ids: Record<string, string> = {};
  let seq = 0;

  const get = (user: UserEntity, path: string) => request(t.http).get(path).set(authHeaders(user));

  interface Clock {
    code: string;
    minutes?: number;
    state: 'met' | 'breached' | 'running';
    /** A running clock: past its warning (at risk) or past due. */
    running?: 'at_risk' | 'past_due';
  }

  async function ticket(
    name: string,
    spec: {
      at: string;
      team: string | null;
      assignee: string | null;
      status: string;
      clocks?: Clock[];
      mergedInto?: string;
    },
  ) {
    seq += 1;
    const [{ policy }] = await t.dataSource.query<{ policy: string }[]>(
      `SELECT id AS policy FROM sla_policy ORDER BY version DESC LIMIT 1`,
    );
    const [{ id }] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO ticket (number, channel, status, subject, received_at, team_id, assignee_id, redirected_to,
                           merged_into_id, sla_policy_id, resolved_at)
       VALUES ($1, 'email', $2::ticket_status, $3, $4, $5, $6, $7, $8, $9,
               CASE WHEN $2::text LIKE 'resolved%' THEN $4::timestamptz END)
       RETURNING id`,
      [
        `2025-9${String(seq).padStart(5, '0')}`,
        spec.status,
        `Ticket ${name}`,
        spec.at,
        spec.team,
        spec.assignee,
        spec.status === 'resolved_not_competent' ? 'Agenzia delle Entrate' : null,
        spec.mergedInto ?? null,
        policy,
      ],
    );
    for (const c of spec.clocks ?? []) {
      const now = Date.now();
      const running = c.state === 'running';
      await t.dataSource.query(
        `INSERT INTO sla_clock (ticket_id, code, cycle, policy_id, calendar_code, target_minutes, target_kind,
                               started_at, due_at, warn_at, stopped_at, state, elapsed_minutes, breached_at)
         VALUES ($1, $2, 1, $3, 'cst', 60, 'minutes', $4, $5, $6, $7, $8, $9, $10)`,
        [
          id,
          c.code,
          policy,
          spec.at,
          running ? new Date(now + (c.running === 'past_due' ? -3_600_000 : 3_600_000)) : spec.at,
          running ? new Date(now - 7_200_000) : spec.at,
          running ? null : spec.at,
          c.state,
          running ? null : c.minutes,
          c.state === 'breached' ? spec.at : null,
        ],
      );
    }
    ids[name] = id;
    return id;
  }

  async function teamChanged(ticketId: string, at: string, from: string, to: string, actor: string) {
    await t.dataSource.query(
      `INSERT INTO ticket_event (ticket_id, type, actor_id, occurred_at, payload)
       VALUES ($1, 'team_changed', $2, $3, $4)`,
      [ticketId, actor, at, JSON.stringify({ from, to })],
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    [{ id: firstLevel }, { id: ced }] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO team (code, name) VALUES ('l1', 'Primo livello'), ('ced', 'Supporto CED') RETURNING id`,
    );
    await t.dataSource.query(`INSERT INTO team_member (team_id, user_id) VALUES ($1, $2), ($3, $4)`, [
      firstLevel,
      f.agent.id,
      ced,
      f.otherAgent.id,
    ]);
    const met = (code: string, minutes: number): Clock => ({ code, minutes, state: 'met' });
    const breached = (code: string, minutes: number): Clock => ({ code, minutes, state: 'breached' });
    // March 2025 (Europe/Rome).
    await ticket('T1', {
      at: '2025-03-03T09:00:00+01:00',
      team: firstLevel,
      assignee: f.agent.id,
      status: 'resolved',
      clocks: [met('SLA.6', 10), met('SLA.7', 100)],
    });
    await ticket('T2', {
      at: '2025-03-04T09:00:00+01:00',
      team: firstLevel,
      assignee: f.agent.id,
      status: 'open',
      clocks: [met('SLA.6', 20), { code: 'SLA.7', state: 'running', running: 'at_risk' }],
    });
    await ticket('T3', {
      at: '2025-03-05T09:00:00+01:00',
      team: firstLevel,
      assignee: f.otherAgent.id,
      status: 'resolved',
      clocks: [met('SLA.6', 30), breached('SLA.7', 300)],
    });
    await ticket('T4', {
      at: '2025-03-06T09:00:00+01:00',
      team: firstLevel,
      assignee: f.otherAgent.id,
      status: 'resolved_not_competent',
      clocks: [breached('SLA.6', 40), met('SLA.7', 50)],
    });
    await ticket('T5', {
      at: '2025-03-07T09:00:00+01:00',
      team: ced,
      assignee: f.agent.id,
      status: 'resolved',
      clocks: [met('SLA.6', 5), met('SLA.7', 60)],
    });
    // A duplicate of T1, merged into it: counted once, in T1.
    await ticket('M1', {
      at: '2025-03-03T10:00:00+01:00',
      team: firstLevel,
      assignee: f.agent.id,
      status: 'resolved',
      clocks: [met('SLA.6', 1), breached('SLA.7', 999)],
      mergedInto: ids.T1,
    });
    // April 2025; T6 still open with a clock past due, T7 new with nobody and no team.
    await ticket('T6', {
      at: '2025-04-01T09:00:00+02:00',
      team: ced,
      assignee: f.otherAgent.id,
      status: 'open',
      clocks: [breached('SLA.6', 70), { code: 'SLA.7', state: 'running', running: 'past_due' }],
    });
    await ticket('T7', { at: '2025-04-30T23:30:00+02:00', team: null, assignee: null, status: 'new' });
    // Outside the period (1 May local): not in the reports.
    await ticket('T8', { at: '2025-05-01T00:10:00+02:00', team: ced, assignee: f.agent.id, status: 'open' });
    await teamChanged(ids.T5, '2025-03-07T10:00:00+01:00', firstLevel, ced, f.agent.id);
    await teamChanged(ids.T6, '2025-04-01T10:00:00+02:00', firstLevel, ced, f.otherAgent.id);
  });
  afterAll(() => t?.close());

  const figures = (count: number, medianMinutes: number | null, p95Minutes: number | null) => ({
    count,
    medianMinutes,
    p95Minutes,
  });
  const PERIOD = 'from=2025-03-01&to=2025-04-30';

  it('reports by team and month: handled, resolved, take-charge and answer times, breaches, escalations', async () => {
    const res = await get(f.supervisor, `/api/reports/teams?${PERIOD}`).expect(200);
    const line = (month: string | null, name: string, rest: object) => ({ month, name, ...rest });
    expect(res.body.rows).toEqual([
      line('2025-03', 'Primo livello', {
        id: firstLevel,
        handled: 4,
        resolved: 3,
        resolvedPct: 75,
        takeCharge: figures(4, 20, 40),
        answer: figures(3, 100, 300),
        breaches: 2,
        escalationsIn: 0,
        escalationsOut: 1,
      }),
      line('2025-03', 'Supporto CED', {
        id: ced,
        handled: 1,
        resolved: 1,
        resolvedPct: 100,
        takeCharge: figures(1, 5, 5),
        answer: figures(1, 60, 60),
        breaches: 0,
        escalationsIn: 1,
        escalationsOut: 0,
      }),
      line('2025-04', 'Primo livello', {
        id: firstLevel,
        handled: 0,
        resolved: 0,
        resolvedPct: null,
        takeCharge: figures(0, null, null),
        answer: figures(0, null, null),
        breaches: 0,
        escalationsIn: 0,
        escalationsOut: 1,
      }),
      line('2025-04', 'Supporto CED', {
        id: ced,
        handled: 1,
        resolved: 0,
        resolvedPct: 0,
        takeCharge: figures(1, 70, 70),
        answer: figures(0, null, null),
        breaches: 1,
        escalationsIn: 1,
        escalationsOut: 0,
      }),
      line('2025-04', 'Nessun team / No team', {
        id: null,
        handled: 1,
        resolved: 0,
        resolvedPct: 0,
        takeCharge: figures(0, null, null),
        answer: figures(0, null, null),
        breaches: 0,
        escalationsIn: 0,
        escalationsOut: 0,
      }),
    ]);
    expect(res.body.totals).toEqual([
      line(null, 'Primo livello', {
        id: firstLevel,
        handled: 4,
        resolved: 3,
        resolvedPct: 75,
        takeCharge: figures(4, 20, 40),
        answer: figures(3, 100, 300),
        breaches: 2,
        escalationsIn: 0,
        escalationsOut: 2,
      }),
      line(null, 'Supporto CED', {
        id: ced,
        handled: 2,
        resolved: 1,
        resolvedPct: 50,
        takeCharge: figures(2, 5, 70),
        answer: figures(1, 60, 60),
        breaches: 1,
        escalationsIn: 2,
        escalationsOut: 0,
      }),
      line(null, 'Nessun team / No team', {
        id: null,
        handled: 1,
        resolved: 0,
        resolvedPct: 0,
        takeCharge: figures(0, null, null),
        answer: figures(0, null, null),
        breaches: 0,
        escalationsIn: 0,
        escalationsOut: 0,
      }),
    ]);
    expect(res.body.notes).toEqual([
      expect.objectContaining({ code: 'mergedExcluded', count: 1, it: expect.stringMatching(/uniti/) }),
    ]);
  });

  it('reports by agent (the assignee), optionally for one team', async () => {
    const res = await get(f.supervisor, `/api/reports/agents?${PERIOD}`).expect(200);
    const short = (l: Record<string, unknown>) => [
      l.month,
      l.name,
      l.handled,
      l.resolved,
      l.resolvedPct,
      l.takeCharge,
      l.answer,
      l.breaches,
      l.escalationsIn,
    ];
    expect(res.body.rows.map(short)).toEqual([
      ['2025-03', 'Marco Rossi', 3, 2, 66.7, figures(3, 10, 20), figures(2, 60, 100), 0, 1],
      ['2025-03', 'Sara Conti', 2, 2, 100, figures(2, 30, 40), figures(2, 50, 300), 2, 0],
      ['2025-04', 'Sara Conti', 1, 0, 0, figures(1, 70, 70), figures(0, null, null), 1, 1],
      [
        '2025-04',
        'Non assegnati / Unassigned',
        1,
        0,
        0,
        figures(0, null, null),
        figures(0, null, null),
        0,
        0,
      ],
    ]);
    const cedOnly = await get(f.supervisor, `/api/reports/agents?${PERIOD}&teamId=${ced}`).expect(200);
    expect(cedOnly.body.rows.map(short)).toEqual([
      ['2025-03', 'Marco Rossi', 1, 1, 100, figures(1, 5, 5), figures(1, 60, 60), 0, 1],
      ['2025-04', 'Sara Conti', 1, 0, 0, figures(1, 70, 70), figures(0, null, null), 1, 1],
    ]);
  });

  it('exports CSV (Italian Excel dialect) and XLSX with the same figures and the note', async () => {
    const csv = await get(f.supervisor, `/api/reports/teams?${PERIOD}&format=csv&lang=it`).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^Mese;Nome;Gestiti;Risolti;% Risolti;/);
    expect(lines[1]).toBe('2025-03;Primo livello;4;3;75;4;20;40;3;100;300;2;0;1');
    expect(lines).toContain('Totale periodo;Supporto CED;2;1;50;2;5;70;1;60;60;1;2;0');
    expect(csv.text).toMatch(/non sono contati/);
    const xlsx = await get(f.supervisor, `/api/reports/agents?${PERIOD}&format=xlsx`)
      .buffer(true)
      .expect(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
  });

  it('the ticket and SLA reports leave the merged duplicate out and say so; without merges no note', async () => {
    const tickets = await get(f.supervisor, `/api/reports/tickets?${PERIOD}`).expect(200);
    // T1-T7: the duplicate M1 is counted in T1.
    expect(tickets.body.totals.overall.handled).toBe(7);
    expect(tickets.body.notes).toEqual([expect.objectContaining({ code: 'mergedExcluded', count: 1 })]);
    const sla = await get(f.supervisor, `/api/reports/sla?${PERIOD}`).expect(200);
    const row = (code: string) => sla.body.rows.find((r: { code: string }) => r.code === code);
    expect(row('SLA.6')).toMatchObject({ applied: 6, met: 4, breached: 2 });
    expect(row('SLA.7')).toMatchObject({ applied: 6, breached: 1 });
    expect(sla.body.notes[0]).toMatchObject({ code: 'mergedExcluded', count: 1 });
    const breaches = await get(f.supervisor, `/api/reports/sla/breaches?${PERIOD}&code=SLA.7`).expect(200);
    expect(JSON.stringify(breaches.body)).not.toContain(ids.M1);
    // A period with no merge reads exactly as before: no note.
    const may = await get(f.supervisor, `/api/reports/tickets?from=2025-05-01&to=2025-05-31`).expect(200);
    expect(may.body.totals.overall.handled).toBe(1);
    expect(may.body).not.toHaveProperty('notes');
  });

  it('refuses bad input and other roles', async () => {
    await get(f.agent, `/api/reports/teams?${PERIOD}`).expect(403);
    await get(f.supervisor, `/api/reports/teams?from=2025-04-30&to=2025-03-01`).expect(400);
    await get(f.supervisor, `/api/reports/teams?from=marzo&to=2025-03-01`).expect(400);
    await get(f.supervisor, `/api/reports/agents?${PERIOD}&teamId=nope`).expect(400);
    await get(f.supervisor, `/api/workload?teamId=nope`).expect(400);
  });

  it('workload: each agent’s open tickets, clocks at risk or breached, availability', async () => {
    await t.dataSource.query(`UPDATE app_user SET available = false WHERE id = $1`, [f.otherAgent.id]);
    const res = await get(f.supervisor, `/api/workload`).expect(200);
    const agent = (id: string) => res.body.agents.find((a: { id: string }) => a.id === id);
    expect(agent(f.agent.id)).toMatchObject({
      name: 'Marco Rossi',
      available: true,
      open: 2,
      waiting: 0,
      atRisk: 1,
      breached: 0,
      teams: [{ id: firstLevel, name: 'Primo livello' }],
    });
    expect(agent(f.agent.id).tickets.map((x: { id: string; clock: string }) => [x.id, x.clock])).toEqual(
      expect.arrayContaining([
        [ids.T2, 'at_risk'],
        [ids.T8, 'ok'],
      ]),
    );
    expect(agent(f.otherAgent.id)).toMatchObject({ available: false, open: 1, atRisk: 0, breached: 1 });
    expect(agent(f.otherAgent.id).tickets.map((x: { id: string }) => x.id)).toEqual([ids.T6]);
    expect(res.body.unassigned).toMatchObject({ open: 1, breached: 0 });
    expect(res.body.unassigned.tickets.map((x: { id: string }) => x.id)).toEqual([ids.T7]);

    // One team: its members, and its unassigned tickets only.
    const cedOnly = await get(f.supervisor, `/api/workload?teamId=${ced}`).expect(200);
    expect(cedOnly.body.agents.map((a: { id: string }) => a.id)).toEqual([f.otherAgent.id]);
    expect(cedOnly.body.unassigned.open).toBe(0);

    // An agent sees the members of their own teams.
    const mine = await get(f.agent, `/api/workload`).expect(200);
    expect(mine.body.agents.map((a: { id: string }) => a.id)).toEqual([f.agent.id]);
    const other = await get(f.agent, `/api/workload?teamId=${ced}`).expect(200);
    expect(other.body.agents).toEqual([]);
  });
});
