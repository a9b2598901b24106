import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { compileCalendar } from '@app/business-hours';

import { Clock, nextDue, planClocks, TicketFacts } from './clock-plan';
import { PolicyDefinition, SlaPolicyError, validatePolicy } from './sla-policy.types';

const root = join(__dirname, '..', '..', '..');
const readJson = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const calendars = {
  cst: compileCalendar(readJson('config/calendars/cst.json')),
  '24x7': compileCalendar(readJson('config/calendars/24x7.json')),
};
const definition = validatePolicy(readJson('config/sla/default-policy.json'), Object.keys(calendars));
const policy = { id: 'policy-1', definition };
const calendarFor = (code: string) => calendars[code as keyof typeof calendars];

/** Rome wall time; November and February are UTC+1, June UTC+2. */
const rome = (local: string, offset = '+01:00') => new Date(`${local}${offset}`);

function facts(overrides: Partial<TicketFacts> = {}): TicketFacts {
  return {
    channel: 'phone',
    malfunction: false,
    difficulty: null,
    status: 'new',
    receivedAt: rome('2025-11-17T09:00:00'),
    takenInChargeAt: null,
    firstAnsweredAt: null,
    interventionStartedAt: null,
    resolvedAt: null,
    enteCalendar: null,
    ...overrides,
  };
}

/** Applies a plan the way the service persists it: changed clocks replace their (code, cycle). */
function apply(existing: Clock[], changed: Clock[]): Clock[] {
  const byKey = new Map(existing.map((c) => [`${c.code}#${c.cycle}`, c]));
  for (const c of changed) byKey.set(`${c.code}#${c.cycle}`, c);
  return [...byKey.values()];
}

function run(steps: Array<[Date, Partial<TicketFacts>]>): Clock[] {
  let clocks: Clock[] = [];
  let current = facts();
  for (const [now, change] of steps) {
    current = { ...current, ...change };
    clocks = apply(clocks, planClocks(policy, current, clocks, now, calendarFor).changed);
  }
  return clocks;
}

const find = (clocks: Clock[], code: string, cycle = 1) => {
  const c = clocks.find((x) => x.code === code && x.cycle === cycle);
  if (!c) throw new Error(`no ${code}#${cycle}`);
  return c;
};

describe('planClocks on the 2017 contract policy', () => {
  it.each([
    // [what, facts, clock, expected due]
    [
      'Friday 17:30 take charge',
      { receivedAt: rome('2025-11-14T17:30:00') },
      'SLA.6',
      rome('2025-11-17T08:30:00'),
    ],
    [
      'Friday 17:30 answer',
      { receivedAt: rome('2025-11-14T17:30:00') },
      'SLA.7',
      rome('2025-11-17T13:30:00'),
    ],
    [
      'Friday 17:30 phone malfunction: two real hours',
      { receivedAt: rome('2025-11-14T17:30:00'), malfunction: true },
      'SLA.8',
      rome('2025-11-14T19:30:00'),
    ],
    [
      'received on Easter Monday 2026 counts from Tuesday',
      { receivedAt: rome('2026-04-06T10:00:00', '+02:00') },
      'SLA.6',
      rome('2026-04-07T09:00:00', '+02:00'),
    ],
    [
      'received on San Giovanni (24 June) counts from the 25th',
      { receivedAt: rome('2026-06-24T11:00:00', '+02:00') },
      'SLA.6',
      rome('2026-06-25T09:00:00', '+02:00'),
    ],
    [
      'CED low: 30 business minutes',
      { difficulty: 'low', receivedAt: rome('2025-11-17T17:45:00') },
      'CED',
      rome('2025-11-18T08:15:00'),
    ],
    [
      'CED high: next business day, Friday 10:00 gives Monday 18:00',
      { difficulty: 'high', receivedAt: rome('2025-11-14T10:00:00') },
      'CED',
      rome('2025-11-17T18:00:00'),
    ],
    [
      'CED high received Friday evening gives Tuesday 18:00',
      { difficulty: 'high', receivedAt: rome('2025-11-14T19:00:00') },
      'CED',
      rome('2025-11-18T18:00:00'),
    ],
    [
      'answer clock across the October DST change',
      { receivedAt: rome('2025-10-24T15:00:00', '+02:00') },
      'SLA.7',
      rome('2025-10-27T11:00:00'),
    ],
  ] as const)('%s', (_what, overrides, code, due) => {
    const clocks = run([[rome('2025-01-01T00:00:00'), overrides as Partial<TicketFacts>]]);
    expect(find(clocks, code).dueAt).toEqual(due);
    expect(find(clocks, code).state).toBe('running');
  });

  it('starts only the clocks that apply', () => {
    const codes = (f: Partial<TicketFacts>) =>
      run([[rome('2025-01-01T00:00:00'), f]])
        .map((c) => c.code)
        .sort();
    expect(codes({ channel: 'email' })).toEqual(['SLA.6', 'SLA.7']);
    expect(codes({ channel: 'monitoring' })).toEqual(['SLA.6']);
    expect(codes({ channel: 'phone', malfunction: true, difficulty: 'low' })).toEqual([
      'CED',
      'SLA.6',
      'SLA.7',
      'SLA.8',
    ]);
  });

  it('stops a clock met before its due instant and breached after, dating the breach at the due instant', () => {
    const clocks = run([
      [rome('2025-11-17T09:00:00'), {}],
      [rome('2025-11-17T09:30:00'), { status: 'open', takenInChargeAt: rome('2025-11-17T09:30:00') }],
      [rome('2025-11-18T10:00:00'), { firstAnsweredAt: rome('2025-11-18T10:00:00') }],
    ]);
    expect(find(clocks, 'SLA.6')).toMatchObject({
      state: 'met',
      stoppedAt: rome('2025-11-17T09:30:00'),
      elapsedMinutes: 30,
    });
    // Monday 09:00-18:00 and Tuesday 08:00-10:00: the business time the answer took.
    expect(find(clocks, 'SLA.7').elapsedMinutes).toBe(660);
    expect(find(clocks, 'SLA.7')).toMatchObject({
      state: 'breached',
      breachedAt: rome('2025-11-17T15:00:00'),
      stoppedAt: rome('2025-11-18T10:00:00'),
    });
  });

  it('undoes a premature breach when a stop in time is registered after the fact', () => {
    let clocks = run([[rome('2025-11-17T09:00:00'), {}]]);
    // The sweeper marked SLA.7 breached at its due instant.
    clocks = clocks.map((c) => (c.code === 'SLA.7' ? { ...c, state: 'breached', breachedAt: c.dueAt } : c));
    const plan = planClocks(
      policy,
      facts({
        status: 'open',
        takenInChargeAt: rome('2025-11-17T09:05:00'),
        firstAnsweredAt: rome('2025-11-17T14:00:00'),
      }),
      clocks,
      rome('2025-11-17T16:00:00'),
      calendarFor,
    );
    const sla7 = plan.changed.find((c) => c.code === 'SLA.7')!;
    expect(sla7).toMatchObject({ state: 'met', breachedAt: null });
    expect(plan.transitions.find((t) => t.clock.code === 'SLA.7')?.kind).toBe('met');
  });

  it('pauses on waiting only the clocks that say so, and resumes with the paused business time added', () => {
    const clocks = run([
      [rome('2025-11-17T09:00:00'), { difficulty: 'medium_low' }],
      [rome('2025-11-17T09:10:00'), { status: 'open', takenInChargeAt: rome('2025-11-17T09:10:00') }],
      [rome('2025-11-17T10:00:00'), { status: 'waiting' }],
      // A weekend and a night inside the pause count nothing.
      [rome('2025-11-18T09:00:00'), { status: 'open' }],
    ]);
    const ced = find(clocks, 'CED');
    expect(ced.pausedMinutes).toBe(540);
    expect(ced.dueAt).toEqual(rome('2025-11-18T12:00:00'));
    expect(ced.history.map((h) => h.kind)).toEqual(['started', 'paused', 'resumed']);
    expect(find(clocks, 'SLA.7').pausedMinutes).toBe(0);
  });

  it('stops a paused clock at the stop instant, counting the pause up to then', () => {
    const clocks = run([
      [rome('2025-11-17T09:00:00'), { difficulty: 'low' }],
      [rome('2025-11-17T09:10:00'), { status: 'open', takenInChargeAt: rome('2025-11-17T09:10:00') }],
      [rome('2025-11-17T09:20:00'), { status: 'waiting' }],
      [
        rome('2025-11-17T11:00:00'),
        {
          status: 'resolved',
          resolvedAt: rome('2025-11-17T11:00:00'),
          firstAnsweredAt: rome('2025-11-17T11:00:00'),
        },
      ],
    ]);
    // 20 minutes used before the pause, 100 paused: due 11:10, resolved 11:00, met.
    expect(find(clocks, 'CED')).toMatchObject({ state: 'met', pausedMinutes: 100, pausedAt: null });
  });

  it('recomputes the due instant when the difficulty changes, keeping the elapsed business time', () => {
    const clocks = run([
      [rome('2025-11-17T09:00:00'), { difficulty: 'low' }],
      [rome('2025-11-17T09:20:00'), { difficulty: 'medium_high' }],
    ]);
    const ced = find(clocks, 'CED');
    expect(ced.targetMinutes).toBe(480);
    expect(ced.dueAt).toEqual(rome('2025-11-17T17:00:00'));
    expect(ced.history.map((h) => h.kind)).toEqual(['started', 'recomputed']);
  });

  it('lifts a breach when a reclassification moves the due instant past now', () => {
    let clocks = run([[rome('2025-11-17T09:00:00'), { difficulty: 'low' }]]);
    clocks = clocks.map((c) => (c.code === 'CED' ? { ...c, state: 'breached', breachedAt: c.dueAt } : c));
    const plan = planClocks(
      policy,
      facts({ difficulty: 'high' }),
      clocks,
      rome('2025-11-17T10:00:00'),
      calendarFor,
    );
    expect(plan.changed.find((c) => c.code === 'CED')).toMatchObject({ state: 'running', breachedAt: null });
  });

  it('cancels a clock that no longer applies and starts a new cycle on reopening', () => {
    let clocks = run([
      [rome('2025-11-17T09:00:00'), { difficulty: 'low' }],
      [rome('2025-11-17T09:05:00'), { difficulty: null }],
    ]);
    expect(find(clocks, 'CED').state).toBe('cancelled');

    clocks = run([
      [rome('2025-11-17T09:00:00'), { difficulty: 'low' }],
      [
        rome('2025-11-17T09:20:00'),
        {
          status: 'resolved',
          takenInChargeAt: rome('2025-11-17T09:05:00'),
          firstAnsweredAt: rome('2025-11-17T09:20:00'),
          resolvedAt: rome('2025-11-17T09:20:00'),
        },
      ],
      [rome('2025-11-18T10:00:00'), { status: 'open', resolvedAt: null }],
    ]);
    expect(find(clocks, 'CED', 1).state).toBe('met');
    expect(find(clocks, 'CED', 2)).toMatchObject({
      state: 'running',
      startedAt: rome('2025-11-18T10:00:00'),
      dueAt: rome('2025-11-18T10:30:00'),
    });
    // The other clocks stay stopped: reopening does not take charge or answer again.
    expect(clocks.filter((c) => c.code === 'SLA.6')).toHaveLength(1);
  });

  it('follows a new policy version from the same start and cancels the clocks it no longer has', () => {
    const clocks = run([[rome('2025-11-17T09:00:00'), { difficulty: 'low' }]]);
    const next = structuredClone(definition);
    next.clocks = next.clocks.filter((c) => c.code !== 'CED');
    next.clocks[0].target = { minutes: 30 };
    const plan = planClocks(
      { id: 'policy-2', definition: next },
      facts({ difficulty: 'low' }),
      clocks,
      rome('2025-11-17T09:10:00'),
      calendarFor,
    );
    expect(plan.changed.find((c) => c.code === 'SLA.6')).toMatchObject({
      policyId: 'policy-2',
      dueAt: rome('2025-11-17T09:30:00'),
    });
    expect(plan.changed.find((c) => c.code === 'CED')?.state).toBe('cancelled');
  });

  it('warns at 80% of the target by default', () => {
    const clocks = run([[rome('2025-11-17T09:00:00'), {}]]);
    expect(find(clocks, 'SLA.6').warnAt).toEqual(rome('2025-11-17T09:48:00'));
  });

  it('sorts by the nearest clock still ticking, breached ones included', () => {
    const clocks = run([[rome('2025-11-17T09:00:00'), { malfunction: true }]]);
    expect(nextDue(clocks)).toEqual(rome('2025-11-17T10:00:00'));
    const stopped = clocks.map((c) => ({
      ...c,
      stoppedAt: rome('2025-11-17T09:01:00'),
      state: 'met' as const,
    }));
    expect(nextDue(stopped)).toBeNull();
  });
});

describe('a monitoring ticket its recovery resolved before anyone took charge', () => {
  it('does not count SLA.6 (not applicable: the clock is cancelled, never met by nobody)', () => {
    const clocks = run([
      [rome('2025-11-17T09:00:00'), { channel: 'monitoring' }],
      [rome('2025-11-17T09:20:00'), { status: 'resolved', resolvedAt: rome('2025-11-17T09:20:00') }],
    ]);
    expect(find(clocks, 'SLA.6').state).toBe('cancelled');
  });

  it('still counts SLA.6 when somebody took charge first, and for other channels', () => {
    const taken = run([
      [rome('2025-11-17T09:00:00'), { channel: 'monitoring' }],
      [rome('2025-11-17T09:10:00'), { status: 'open', takenInChargeAt: rome('2025-11-17T09:10:00') }],
      [rome('2025-11-17T09:20:00'), { status: 'resolved', resolvedAt: rome('2025-11-17T09:20:00') }],
    ]);
    expect(find(taken, 'SLA.6').state).toBe('met');
    const phone = run([
      [rome('2025-11-17T09:00:00'), {}],
      [rome('2025-11-17T09:20:00'), { status: 'resolved', resolvedAt: rome('2025-11-17T09:20:00') }],
    ]);
    expect(find(phone, 'SLA.6').state).not.toBe('cancelled');
  });
});

describe('validatePolicy', () => {
  const base = (): PolicyDefinition => JSON.parse(JSON.stringify(definition));
  it.each([
    ['clocks[0].calendar', (p: PolicyDefinition) => (p.clocks[0].calendar = 'nowhere')],
    ['clocks[0].target.minutes', (p: PolicyDefinition) => (p.clocks[0].target = { minutes: -5 })],
    ['clocks[1].code', (p: PolicyDefinition) => (p.clocks[1].code = p.clocks[0].code)],
    ['clocks[0].stop', (p: PolicyDefinition) => ((p.clocks[0] as { stop: string }).stop = 'never')],
    ['clocks[0].warnAtPercent', (p: PolicyDefinition) => (p.clocks[0].warnAtPercent = 120)],
    [
      'clocks[3].target.byDifficulty.extreme',
      (p: PolicyDefinition) => (p.clocks[3].target = { byDifficulty: { extreme: 5 } as never }),
    ],
    ['defaultCalendar', (p: PolicyDefinition) => (p.defaultCalendar = 'x')],
  ])('names %s when it is wrong', (field, spoil) => {
    const policy = base();
    spoil(policy);
    expect(() => validatePolicy(policy, Object.keys(calendars))).toThrow(SlaPolicyError);
    try {
      validatePolicy(policy, Object.keys(calendars));
    } catch (e) {
      expect((e as SlaPolicyError).field).toBe(field);
    }
  });
});
