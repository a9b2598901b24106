import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { compileCalendar } from '@app/business-hours';
import { Clock, nextDue, TicketFacts, validatePolicy } from '@app/sla';

import { breachOverdue, planImportedClocks } from './import-clocks.util';

const root = join(__dirname, '..', '..', '..', '..');
const readJson = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const calendars = {
  cst: compileCalendar(readJson('config/calendars/cst.json')),
  '24x7': compileCalendar(readJson('config/calendars/24x7.json')),
};
const policy = {
  id: 'policy-1',
  definition: validatePolicy(readJson('config/sla/default-policy.json'), Object.keys(calendars)),
};
const calendarFor = (code: string) => calendars[code as keyof typeof calendars];

/** Rome wall time on Monday 17 November 2025 (UTC+1). */
const at = (time: string) => new Date(`2025-11-17T${time}:00+01:00`);
const now = at('17:00');

function facts(overrides: Partial<TicketFacts>): TicketFacts {
  return {
    channel: 'email',
    malfunction: false,
    difficulty: null,
    status: 'resolved',
    receivedAt: at('09:00'),
    takenInChargeAt: null,
    firstAnsweredAt: null,
    interventionStartedAt: null,
    resolvedAt: null,
    enteCalendar: null,
    ...overrides,
  };
}

type Expected = Partial<Record<keyof Clock, unknown>>;
const find = (clocks: Clock[], code: string) => clocks.find((c) => c.code === code);

describe('planImportedClocks', () => {
  it.each<[string, Partial<TicketFacts>, Date | null, Record<string, Expected | undefined>]>([
    [
      'taken in 10 minutes: SLA.6 met',
      { takenInChargeAt: at('09:10'), firstAnsweredAt: at('10:00'), resolvedAt: at('11:00') },
      null,
      {
        'SLA.6': {
          state: 'met',
          dueAt: at('10:00'),
          stoppedAt: at('09:10'),
          breachedAt: null,
          elapsedMinutes: 10,
        },
        'SLA.7': { state: 'met', dueAt: at('15:00'), stoppedAt: at('10:00') },
        'SLA.8': undefined,
        CED: undefined,
      },
    ],
    [
      'taken 2 business hours after receipt: SLA.6 breached at its due instant',
      { takenInChargeAt: at('11:00'), firstAnsweredAt: at('11:00'), resolvedAt: at('12:00') },
      null,
      {
        'SLA.6': {
          state: 'breached',
          dueAt: at('10:00'),
          breachedAt: at('10:00'),
          stoppedAt: at('11:00'),
          elapsedMinutes: 120,
        },
      },
    ],
    [
      'never taken: SLA.6 and SLA.7 breached at their due instants, still unstopped',
      { status: 'new' },
      null,
      {
        'SLA.6': { state: 'breached', breachedAt: at('10:00'), stoppedAt: null },
        'SLA.7': { state: 'breached', breachedAt: at('15:00'), stoppedAt: null },
      },
    ],
    [
      'open and just received: still running',
      { status: 'open', receivedAt: at('16:30'), takenInChargeAt: at('16:35') },
      null,
      {
        'SLA.6': { state: 'met' },
        'SLA.7': { state: 'running', dueAt: new Date('2025-11-18T12:30:00+01:00'), breachedAt: null },
      },
    ],
    [
      'waiting before the CED clock ran out: paused when it started waiting',
      {
        status: 'waiting',
        difficulty: 'low',
        takenInChargeAt: at('09:05'),
        firstAnsweredAt: at('09:20'),
      },
      at('09:20'),
      { CED: { state: 'paused', pausedAt: at('09:20'), dueAt: at('09:30'), breachedAt: null } },
    ],
    [
      'waiting after the CED clock ran out: breached at its due, never paused',
      {
        status: 'waiting',
        difficulty: 'low',
        takenInChargeAt: at('09:05'),
        firstAnsweredAt: at('10:00'),
      },
      at('10:00'),
      { CED: { state: 'breached', pausedAt: null, breachedAt: at('09:30') } },
    ],
    [
      'waiting since taken, never answered: SLA.7 runs on and is breached',
      { status: 'waiting', takenInChargeAt: at('09:05') },
      at('09:05'),
      { 'SLA.7': { state: 'breached', breachedAt: at('15:00'), stoppedAt: null } },
    ],
    [
      'a monitoring alert has no answer clock',
      { channel: 'monitoring', takenInChargeAt: at('09:05'), resolvedAt: at('09:30') },
      null,
      { 'SLA.6': { state: 'met' }, 'SLA.7': undefined },
    ],
  ])('%s', (_name, overrides, waiting, expected) => {
    const clocks = planImportedClocks(policy, facts(overrides), waiting, now, calendarFor);
    for (const [code, shape] of Object.entries(expected)) {
      if (shape === undefined) expect(find(clocks, code)).toBeUndefined();
      else expect(find(clocks, code)).toMatchObject(shape);
    }
  });

  it('leaves nothing due on a resolved ticket, and the nearest breach due on a forgotten one', () => {
    const resolved = planImportedClocks(
      policy,
      facts({ takenInChargeAt: at('11:00'), firstAnsweredAt: at('11:00'), resolvedAt: at('12:00') }),
      null,
      now,
      calendarFor,
    );
    expect(nextDue(resolved)).toBeNull();
    const forgotten = planImportedClocks(policy, facts({ status: 'new' }), null, now, calendarFor);
    expect(nextDue(forgotten)).toEqual(at('10:00'));
  });
});

describe('breachOverdue', () => {
  const clock = (state: Clock['state'], dueAt: Date | null): Clock => ({
    code: 'SLA.6',
    cycle: 1,
    policyId: 'p',
    calendarCode: 'cst',
    targetKind: 'minutes',
    targetMinutes: 60,
    startedAt: at('09:00'),
    dueAt,
    warnAt: null,
    pausedAt: null,
    pausedMinutes: 0,
    stoppedAt: null,
    atRiskAt: null,
    breachedAt: null,
    state,
    history: [],
  });

  it.each<[Clock['state'], Date | null, Clock['state']]>([
    ['running', at('10:00'), 'breached'],
    ['running', at('11:00'), 'breached'], // due exactly now: the sweeper's `due_at <= now`
    ['running', at('11:01'), 'running'],
    ['running', null, 'running'],
    ['paused', at('10:00'), 'paused'],
    ['met', at('10:00'), 'met'],
  ])('%s due %s -> %s', (state, dueAt, expected) => {
    const [result] = breachOverdue([clock(state, dueAt)], at('11:00'));
    expect(result.state).toBe(expected);
    if (expected === 'breached') {
      expect(result.breachedAt).toEqual(dueAt);
      expect(result.history).toEqual([
        { at: dueAt!.toISOString(), kind: 'breached', reason: 'scaduto / overdue' },
      ]);
    }
  });
});
