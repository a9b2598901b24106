import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { compileCalendar } from '@app/business-hours';

import { explainClock, summariseClock } from './clock-explain';
import { Clock } from './clock-plan';

const root = join(__dirname, '..', '..', '..');
const cst = compileCalendar(JSON.parse(readFileSync(join(root, 'config/calendars/cst.json'), 'utf8')));
const def = { code: 'SLA.7', title: 'Risoluzione', titleEn: 'Resolution' } as never;

function clock(overrides: Partial<Clock> = {}): Clock {
  return {
    id: 'c1',
    code: 'SLA.7',
    cycle: 1,
    policyId: 'p1',
    calendarCode: 'cst',
    targetKind: 'minutes',
    targetMinutes: 480,
    startedAt: new Date('2017-03-06T09:00:00+01:00'),
    dueAt: new Date('2017-03-07T09:00:00+01:00'),
    warnAt: new Date('2017-03-06T16:00:00+01:00'),
    pausedAt: null,
    pausedMinutes: 0,
    stoppedAt: null,
    atRiskAt: null,
    breachedAt: null,
    state: 'running',
    history: [],
    ...overrides,
  };
}

/**
 * The ticket page's short form is the explanation without its intervals and closed days: the two
 * must never disagree on a figure (the page computes it alone, for speed).
 */
describe('summariseClock', () => {
  const now = new Date('2026-12-04T10:30:00+01:00');
  const cases: [string, Clock][] = [
    [
      'running for years, overdue',
      clock({ state: 'breached', breachedAt: new Date('2017-03-07T09:00:00+01:00') }),
    ],
    [
      'running, not yet due',
      clock({
        startedAt: new Date('2026-12-03T09:00:00+01:00'),
        dueAt: new Date('2026-12-07T09:00:00+01:00'),
      }),
    ],
    ['paused', clock({ pausedAt: new Date('2017-03-06T11:00:00+01:00'), state: 'paused' })],
    ['stopped in time', clock({ stoppedAt: new Date('2017-03-06T15:00:00+01:00'), state: 'met' })],
    ['next business day', clock({ targetKind: 'next_business_day', targetMinutes: null })],
  ];
  it.each(cases)('%s: the same figures as the explanation', (_name, c) => {
    const summary = summariseClock(c, def, cst, now);
    const explained: Record<string, unknown> = explainClock(c, def, cst, now);
    expect(Object.keys(explained)).toEqual([
      ...Object.keys(summary),
      'openIntervals',
      'openIntervalsTruncated',
      'closedDays',
      'history',
    ]);
    expect(Object.fromEntries(Object.keys(summary).map((k) => [k, explained[k]]))).toEqual(summary);
  });

  it('counts the business time left and overdue as the explanation does', () => {
    const overdue = summariseClock(clock(), def, cst, now);
    expect(overdue.remainingMinutes).toBeLessThan(-100_000);
    expect(overdue.elapsedMinutes).toBeGreaterThan(100_000);
    const fresh = summariseClock(
      clock({
        startedAt: new Date('2026-12-04T09:00:00+01:00'),
        dueAt: new Date('2026-12-04T17:00:00+01:00'),
      }),
      def,
      cst,
      now,
    );
    expect(fresh).toMatchObject({
      elapsedMinutes: 90,
      remainingMinutes: 390,
      target: 480,
      timeZone: 'Europe/Rome',
    });
  });
});
