import { readFileSync } from 'fs';
import { DateTime } from 'luxon';
import { join } from 'path';

import { BusinessCalendar, compileCalendar } from './business-calendar';
import { CalendarSpec, TimeRange, Weekday, WEEKDAYS } from './calendar-spec.types';

const loadShipped = (name: string): CalendarSpec =>
  JSON.parse(
    readFileSync(join(__dirname, '../../../config/calendars', `${name}.json`), 'utf8'),
  ) as CalendarSpec;

const everyDay = (...intervals: TimeRange[]) =>
  Object.fromEntries(WEEKDAYS.map((day) => [day, intervals])) as Record<Weekday, TimeRange[]>;
const weekdays = (...intervals: TimeRange[]) => ({ ...everyDay(...intervals), sat: [], sun: [] });

const SPECS = {
  /** Shipped: Mon-Fri 08:00-18:00 Europe/Rome, Italian holidays and San Giovanni (24 June, Florence). */
  cst: loadShipped('cst'),
  '24x7': loadShipped('24x7'),
  split: { timeZone: 'Europe/Rome', week: weekdays(['08:00', '13:00'], ['14:00', '18:00']) },
  overrides: {
    ...loadShipped('cst'),
    overrides: {
      '2026-12-24': [['08:00', '13:00']], // Christmas Eve, half day
      '2026-12-27': [['09:00', '12:00']], // opens a Sunday
      '2026-12-30': [], // closes a Wednesday
      '2026-12-08': [['08:00', '12:00']], // opens a holiday (Immacolata, a Tuesday)
    },
  },
  /** Intervals across the 02:00-03:00 hour that DST removes (29 March 2026) or repeats (25 October 2026). */
  romeNight: { timeZone: 'Europe/Rome', week: everyDay(['01:00', '04:00']) },
  romeGapHour: { timeZone: 'Europe/Rome', week: everyDay(['02:00', '03:00']) },
  romeIntoGap: { timeZone: 'Europe/Rome', week: everyDay(['01:00', '02:30']) },
  romeFromRepeat: { timeZone: 'Europe/Rome', week: everyDay(['02:30', '03:30']) },
  ny24x7: { timeZone: 'America/New_York', week: everyDay(['00:00', '24:00']) },
  nyNight: { timeZone: 'America/New_York', week: everyDay(['01:00', '03:00']) },
  nyOffice: { timeZone: 'America/New_York', week: weekdays(['09:00', '17:00']) },
} satisfies Record<string, CalendarSpec>;
type Name = keyof typeof SPECS;

const calendars = Object.fromEntries(
  Object.entries(SPECS).map(([name, spec]) => [name, compileCalendar(spec)]),
) as Record<Name, BusinessCalendar>;

/** Local ISO with offset, so that a failure reads like the table. */
const local = (name: Name, date: Date) =>
  DateTime.fromJSDate(date, { zone: SPECS[name].timeZone }).toISO({ suppressMilliseconds: true });
const at = (iso: string) => new Date(iso);

describe('addBusinessMinutes', () => {
  it.each<[string, Name, string, number, string]>([
    // The brief's Friday 17:30 example (2026-11-20 is a Friday).
    [
      'Fri 17:30 + 1h carries to Monday morning',
      'cst',
      '2026-11-20T17:30:00+01:00',
      60,
      '2026-11-23T08:30:00+01:00',
    ],
    ['Fri 17:30 + 6h', 'cst', '2026-11-20T17:30:00+01:00', 360, '2026-11-23T13:30:00+01:00'],
    ['Fri 17:30 + 2h on 24x7', '24x7', '2026-11-20T17:30:00+01:00', 120, '2026-11-20T19:30:00+01:00'],
    // Earliest instant: using up the last interval ends at the closing, not at the next opening.
    [
      'Mon 17:00 + 60 ends at 18:00 the same day',
      'cst',
      '2026-11-23T17:00:00+01:00',
      60,
      '2026-11-23T18:00:00+01:00',
    ],
    [
      '+ 0 outside hours returns the start itself',
      'cst',
      '2026-11-21T10:00:00+01:00',
      0,
      '2026-11-21T10:00:00+01:00',
    ],
    [
      'Saturday start counts from Monday 08:00',
      'cst',
      '2026-11-21T10:00:00+01:00',
      1,
      '2026-11-23T08:01:00+01:00',
    ],
    ['08:00 exact + 0', 'cst', '2026-11-23T08:00:00+01:00', 0, '2026-11-23T08:00:00+01:00'],
    ['08:00 exact + a full day', 'cst', '2026-11-23T08:00:00+01:00', 600, '2026-11-23T18:00:00+01:00'],
    ['18:00 exact is already closed', 'cst', '2026-11-23T18:00:00+01:00', 1, '2026-11-24T08:01:00+01:00'],
    [
      '17:59:59.999 has 1 ms left',
      'cst',
      '2026-11-23T17:59:59.999+01:00',
      1,
      '2026-11-24T08:00:59.999+01:00',
    ],
    ['07:59:59.999 waits for 08:00', 'cst', '2026-11-23T07:59:59.999+01:00', 1, '2026-11-23T08:01:00+01:00'],
    // Ten business days from a Monday morning; 1 November 2026 is a Sunday so no holiday interferes.
    ['two working weeks', 'cst', '2026-11-02T08:00:00+01:00', 6000, '2026-11-13T18:00:00+01:00'],
    [
      'six weeks, skipping 8 December',
      'cst',
      '2026-11-02T08:00:00+01:00',
      18000,
      '2026-12-14T18:00:00+01:00',
    ],
    [
      'over New Year (1 January 2027 is a Friday)',
      'cst',
      '2026-12-31T17:00:00+01:00',
      120,
      '2027-01-04T09:00:00+01:00',
    ],
    ['over the spring DST weekend', 'cst', '2026-03-27T17:00:00+01:00', 120, '2026-03-30T09:00:00+02:00'],
    ['over the autumn DST weekend', 'cst', '2026-10-23T17:00:00+02:00', 120, '2026-10-26T09:00:00+01:00'],
    // Easter Monday (easter+1), including a year where DST starts on Easter Sunday itself (2016, 2024).
    ['Easter Monday 2016-03-28', 'cst', '2016-03-25T17:00:00+01:00', 120, '2016-03-29T09:00:00+02:00'],
    ['Easter Monday 2017-04-17', 'cst', '2017-04-14T17:00:00+02:00', 120, '2017-04-18T09:00:00+02:00'],
    ['Easter Monday 2024-04-01', 'cst', '2024-03-29T17:00:00+01:00', 120, '2024-04-02T09:00:00+02:00'],
    ['Easter Monday 2025-04-21', 'cst', '2025-04-18T17:00:00+02:00', 120, '2025-04-22T09:00:00+02:00'],
    ['Easter Monday 2026-04-06', 'cst', '2026-04-03T17:00:00+02:00', 120, '2026-04-07T09:00:00+02:00'],
    ['Easter Monday 2038-04-26', 'cst', '2038-04-23T17:00:00+02:00', 120, '2038-04-27T09:00:00+02:00'],
    [
      'starting on a holiday (Easter Monday 10:00)',
      'cst',
      '2026-04-06T10:00:00+02:00',
      60,
      '2026-04-07T09:00:00+02:00',
    ],
    [
      'San Giovanni, 24 June 2026 (a Wednesday)',
      'cst',
      '2026-06-23T17:00:00+02:00',
      120,
      '2026-06-25T09:00:00+02:00',
    ],
    // Fractional minutes.
    ['half a minute', 'cst', '2026-11-23T08:00:00+01:00', 0.5, '2026-11-23T08:00:30+01:00'],
    ['1.25 minutes', 'cst', '2026-11-23T08:00:00+01:00', 1.25, '2026-11-23T08:01:15+01:00'],
    ['1.5 minutes over the closing', 'cst', '2026-11-23T17:59:30+01:00', 1.5, '2026-11-24T08:01:00+01:00'],
    ['one millisecond', 'cst', '2026-11-23T08:00:00+01:00', 1 / 60000, '2026-11-23T08:00:00.001+01:00'],
    // Split days.
    [
      'into the lunch break ends at 13:00',
      'split',
      '2026-11-23T12:30:00+01:00',
      30,
      '2026-11-23T13:00:00+01:00',
    ],
    ['over the lunch break', 'split', '2026-11-23T12:30:00+01:00', 60, '2026-11-23T14:30:00+01:00'],
    ['from inside the lunch break', 'split', '2026-11-23T13:30:00+01:00', 1, '2026-11-23T14:01:00+01:00'],
    [
      'split day into the next morning',
      'split',
      '2026-11-23T17:30:00+01:00',
      60,
      '2026-11-24T08:30:00+01:00',
    ],
    [
      'split: a whole day is 540 minutes',
      'split',
      '2026-11-23T08:00:00+01:00',
      540,
      '2026-11-23T18:00:00+01:00',
    ],
    // Overrides.
    [
      'half-day Christmas Eve, then the Sunday override',
      'overrides',
      '2026-12-24T12:00:00+01:00',
      120,
      '2026-12-27T10:00:00+01:00',
    ],
    [
      'a weekday closed by an override',
      'overrides',
      '2026-12-29T17:00:00+01:00',
      120,
      '2026-12-31T09:00:00+01:00',
    ],
    [
      'a holiday opened by an override',
      'overrides',
      '2026-12-07T17:00:00+01:00',
      120,
      '2026-12-08T09:00:00+01:00',
    ],
    [
      'past the end of the holiday override',
      'overrides',
      '2026-12-08T11:00:00+01:00',
      120,
      '2026-12-09T09:00:00+01:00',
    ],
    // DST in Rome: business time is real elapsed time.
    ['24x7 over the missing hour', '24x7', '2026-03-29T01:30:00+01:00', 60, '2026-03-29T03:30:00+02:00'],
    ['24x7 into the repeated hour', '24x7', '2026-10-25T01:30:00+02:00', 120, '2026-10-25T02:30:00+01:00'],
    ['24x7 over the 23-hour Sunday', '24x7', '2026-03-28T23:00:00+01:00', 1440, '2026-03-30T00:00:00+02:00'],
    ['24x7 over the 25-hour Sunday', '24x7', '2026-10-24T23:00:00+02:00', 1440, '2026-10-25T22:00:00+01:00'],
    [
      '01:00-04:00 on the spring night lasts 2h',
      'romeNight',
      '2026-03-29T01:30:00+01:00',
      60,
      '2026-03-29T03:30:00+02:00',
    ],
    [
      '01:00-04:00 on the spring night, carried over',
      'romeNight',
      '2026-03-29T01:30:00+01:00',
      120,
      '2026-03-30T01:30:00+02:00',
    ],
    [
      '01:00-04:00 on the autumn night lasts 4h',
      'romeNight',
      '2026-10-25T01:00:00+02:00',
      150,
      '2026-10-25T02:30:00+01:00',
    ],
    [
      '02:00-03:00 vanishes on the spring night',
      'romeGapHour',
      '2026-03-28T23:00:00+01:00',
      30,
      '2026-03-30T02:30:00+02:00',
    ],
    [
      '02:00-03:00 lasts 2h on the autumn night',
      'romeGapHour',
      '2026-10-25T02:00:00+02:00',
      90,
      '2026-10-25T02:30:00+01:00',
    ],
    [
      '01:00-02:30 ends at 03:30 (Luxon moves 02:30 forward)',
      'romeIntoGap',
      '2026-03-29T01:00:00+01:00',
      90,
      '2026-03-29T03:30:00+02:00',
    ],
    [
      '02:30 repeated: starts at the first 02:30 (+02:00)',
      'romeFromRepeat',
      '2026-10-25T00:00:00+02:00',
      30,
      '2026-10-25T02:00:00+01:00',
    ],
    // DST in New York: second Sunday of March (2026-03-08), first Sunday of November (2026-11-01).
    ['NY 24x7 over the missing hour', 'ny24x7', '2026-03-08T01:30:00-05:00', 60, '2026-03-08T03:30:00-04:00'],
    [
      'NY 24x7 into the repeated hour',
      'ny24x7',
      '2026-11-01T01:30:00-04:00',
      60,
      '2026-11-01T01:30:00-05:00',
    ],
    [
      'NY 01:00-03:00 lasts 1h in March',
      'nyNight',
      '2026-03-08T01:00:00-05:00',
      90,
      '2026-03-09T01:30:00-04:00',
    ],
    [
      'NY 01:00-03:00 lasts 3h in November',
      'nyNight',
      '2026-11-01T01:00:00-04:00',
      150,
      '2026-11-01T02:30:00-05:00',
    ],
    [
      'NY office over the spring weekend',
      'nyOffice',
      '2026-03-06T16:00:00-05:00',
      120,
      '2026-03-09T10:00:00-04:00',
    ],
    [
      'NY office over the autumn weekend',
      'nyOffice',
      '2026-10-30T16:00:00-04:00',
      120,
      '2026-11-02T10:00:00-05:00',
    ],
  ])('%s', (_title, name, start, minutes, expected) => {
    const result = calendars[name].addBusinessMinutes(at(start), minutes);
    expect(local(name, result)).toBe(local(name, at(expected)));
    expect(calendars[name].businessMinutesBetween(at(start), result)).toBeCloseTo(minutes, 9);
  });

  it.each([-1, -0.001, NaN, Infinity])('rejects %p minutes', (minutes) => {
    expect(() => calendars.cst.addBusinessMinutes(at('2026-11-23T08:00:00+01:00'), minutes)).toThrow(
      RangeError,
    );
  });

  it('rejects an invalid Date', () => {
    expect(() => calendars.cst.addBusinessMinutes(new Date('not a date'), 1)).toThrow(
      /start must be a valid Date/,
    );
  });

  it('returns a new Date, never the caller’s', () => {
    const start = at('2026-11-21T10:00:00+01:00');
    expect(calendars.cst.addBusinessMinutes(start, 0)).not.toBe(start);
  });
});

describe('businessMinutesBetween', () => {
  it.each<[string, Name, string, string, number]>([
    ['Fri 17:30 to Mon 08:30', 'cst', '2026-11-20T17:30:00+01:00', '2026-11-23T08:30:00+01:00', 60],
    ['empty range', 'cst', '2026-11-23T10:00:00+01:00', '2026-11-23T10:00:00+01:00', 0],
    ['reversed range', 'cst', '2026-11-23T12:00:00+01:00', '2026-11-23T10:00:00+01:00', 0],
    ['half a minute', 'cst', '2026-11-23T08:00:00+01:00', '2026-11-23T08:00:30+01:00', 0.5],
    [
      'one millisecond before closing',
      'cst',
      '2026-11-23T17:59:59.999+01:00',
      '2026-11-23T18:00:00+01:00',
      1 / 60000,
    ],
    ['a weekend', 'cst', '2026-11-21T00:00:00+01:00', '2026-11-23T00:00:00+01:00', 0],
    ['Easter Monday 2026', 'cst', '2026-04-06T00:00:00+02:00', '2026-04-07T00:00:00+02:00', 0],
    ['San Giovanni 2026', 'cst', '2026-06-24T00:00:00+02:00', '2026-06-25T00:00:00+02:00', 0],
    // 261 weekdays in 2026, 8 of them holidays (04-25, 08-15, 11-01 and 12-26 fall on weekends): 253 × 600.
    ['the whole of 2026', 'cst', '2026-01-01T00:00:00+01:00', '2027-01-01T00:00:00+01:00', 151800],
    ['over New Year', 'cst', '2026-12-31T17:00:00+01:00', '2027-01-04T09:00:00+01:00', 120],
    ['lunch break is closed', 'split', '2026-11-23T12:00:00+01:00', '2026-11-23T15:00:00+01:00', 120],
    ['half-day override', 'overrides', '2026-12-24T00:00:00+01:00', '2026-12-25T00:00:00+01:00', 300],
    ['24x7: the 23-hour Sunday', '24x7', '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00', 1380],
    ['24x7: the 25-hour Sunday', '24x7', '2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00', 1500],
    [
      '01:00-04:00 on the spring night',
      'romeNight',
      '2026-03-29T00:00:00+01:00',
      '2026-03-30T00:00:00+02:00',
      120,
    ],
    [
      '01:00-04:00 on the autumn night',
      'romeNight',
      '2026-10-25T00:00:00+02:00',
      '2026-10-26T00:00:00+01:00',
      240,
    ],
    [
      '01:00-04:00 on an ordinary night',
      'romeNight',
      '2026-10-26T00:00:00+01:00',
      '2026-10-27T00:00:00+01:00',
      180,
    ],
    [
      '02:00-03:00 on the spring night',
      'romeGapHour',
      '2026-03-29T00:00:00+01:00',
      '2026-03-30T00:00:00+02:00',
      0,
    ],
    [
      '02:00-03:00 on the autumn night',
      'romeGapHour',
      '2026-10-25T00:00:00+02:00',
      '2026-10-26T00:00:00+01:00',
      120,
    ],
    [
      '01:00-02:30 on the spring night',
      'romeIntoGap',
      '2026-03-29T00:00:00+01:00',
      '2026-03-30T00:00:00+02:00',
      90,
    ],
    [
      '02:30-03:30 on the autumn night',
      'romeFromRepeat',
      '2026-10-25T00:00:00+02:00',
      '2026-10-26T00:00:00+01:00',
      120,
    ],
    [
      '02:30-03:30 on the spring night',
      'romeFromRepeat',
      '2026-03-29T00:00:00+01:00',
      '2026-03-30T00:00:00+02:00',
      0,
    ],
    ['NY 24x7: 8 March 2026', 'ny24x7', '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00', 1380],
    ['NY 24x7: 1 November 2026', 'ny24x7', '2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00', 1500],
    ['NY 01:00-03:00: 8 March 2026', 'nyNight', '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00', 60],
    [
      'NY 01:00-03:00: 1 November 2026',
      'nyNight',
      '2026-11-01T00:00:00-04:00',
      '2026-11-02T00:00:00-05:00',
      180,
    ],
  ])('%s', (_title, name, from, to, expected) => {
    expect(calendars[name].businessMinutesBetween(at(from), at(to))).toBeCloseTo(expected, 9);
  });
});

describe('endOfNextBusinessDay', () => {
  it.each<[string, Name, string, string]>([
    ['Friday 10:00 gives Monday', 'cst', '2026-11-20T10:00:00+01:00', '2026-11-23T18:00:00+01:00'],
    [
      'Friday 17:59:59.999 still counts Friday',
      'cst',
      '2026-11-20T17:59:59.999+01:00',
      '2026-11-23T18:00:00+01:00',
    ],
    ['Friday 18:00 exact is after hours', 'cst', '2026-11-20T18:00:00+01:00', '2026-11-24T18:00:00+01:00'],
    ['Friday 19:00 gives Tuesday', 'cst', '2026-11-20T19:00:00+01:00', '2026-11-24T18:00:00+01:00'],
    ['Saturday gives Tuesday', 'cst', '2026-11-21T10:00:00+01:00', '2026-11-24T18:00:00+01:00'],
    ['Monday 07:00 gives Tuesday', 'cst', '2026-11-23T07:00:00+01:00', '2026-11-24T18:00:00+01:00'],
    ['Monday 08:00 exact gives Tuesday', 'cst', '2026-11-23T08:00:00+01:00', '2026-11-24T18:00:00+01:00'],
    ['Good Friday skips Easter Monday', 'cst', '2026-04-03T10:00:00+02:00', '2026-04-07T18:00:00+02:00'],
    ['received on Easter Monday', 'cst', '2026-04-06T10:00:00+02:00', '2026-04-08T18:00:00+02:00'],
    ['Tuesday before San Giovanni', 'cst', '2026-06-23T10:00:00+02:00', '2026-06-25T18:00:00+02:00'],
    ['24x7: the next day ends at midnight', '24x7', '2026-11-20T10:00:00+01:00', '2026-11-22T00:00:00+01:00'],
    ['split: last closing is 18:00', 'split', '2026-11-23T13:30:00+01:00', '2026-11-24T18:00:00+01:00'],
    [
      'next day is the half-day Christmas Eve',
      'overrides',
      '2026-12-23T10:00:00+01:00',
      '2026-12-24T13:00:00+01:00',
    ],
    [
      'after the half day: Sunday override is the day of receipt',
      'overrides',
      '2026-12-24T14:00:00+01:00',
      '2026-12-28T18:00:00+01:00',
    ],
    ['NY office, Friday', 'nyOffice', '2026-03-06T10:00:00-05:00', '2026-03-09T17:00:00-04:00'],
  ])('%s', (_title, name, received, expected) => {
    expect(local(name, calendars[name].endOfNextBusinessDay(at(received)))).toBe(local(name, at(expected)));
  });
});

describe('isOpen', () => {
  it.each<[Name, string, boolean]>([
    ['cst', '2026-11-23T08:00:00+01:00', true],
    ['cst', '2026-11-23T07:59:59.999+01:00', false],
    ['cst', '2026-11-23T17:59:59.999+01:00', true],
    ['cst', '2026-11-23T18:00:00+01:00', false],
    ['cst', '2026-11-21T10:00:00+01:00', false],
    ['cst', '2026-04-06T10:00:00+02:00', false],
    ['cst', '2026-06-24T10:00:00+02:00', false],
    ['cst', '2026-12-08T10:00:00+01:00', false],
    ['split', '2026-11-23T12:59:59.999+01:00', true],
    ['split', '2026-11-23T13:30:00+01:00', false],
    ['split', '2026-11-23T14:00:00+01:00', true],
    ['overrides', '2026-12-08T10:00:00+01:00', true],
    ['overrides', '2026-12-24T13:00:00+01:00', false],
    ['overrides', '2026-12-27T10:00:00+01:00', true],
    ['overrides', '2026-12-30T10:00:00+01:00', false],
    ['24x7', '2026-03-29T03:00:00+02:00', true],
    ['romeGapHour', '2026-10-25T02:30:00+02:00', true],
    ['romeGapHour', '2026-10-25T02:30:00+01:00', true],
    ['romeGapHour', '2026-10-25T03:00:00+01:00', false],
  ])('%s at %s is %p', (name, instant, expected) => {
    expect(calendars[name].isOpen(at(instant))).toBe(expected);
  });
});

describe('openIntervals', () => {
  it.each<[string, Name, string, string, [string, string][]]>([
    [
      'clipped to the range, one per day',
      'cst',
      '2026-11-20T17:30:00+01:00',
      '2026-11-24T09:00:00+01:00',
      [
        ['2026-11-20T17:30:00+01:00', '2026-11-20T18:00:00+01:00'],
        ['2026-11-23T08:00:00+01:00', '2026-11-23T18:00:00+01:00'],
        ['2026-11-24T08:00:00+01:00', '2026-11-24T09:00:00+01:00'],
      ],
    ],
    [
      'split day',
      'split',
      '2026-11-23T00:00:00+01:00',
      '2026-11-24T00:00:00+01:00',
      [
        ['2026-11-23T08:00:00+01:00', '2026-11-23T13:00:00+01:00'],
        ['2026-11-23T14:00:00+01:00', '2026-11-23T18:00:00+01:00'],
      ],
    ],
    [
      'the autumn night lasts four hours',
      'romeNight',
      '2026-10-25T00:00:00+02:00',
      '2026-10-26T00:00:00+01:00',
      [['2026-10-25T01:00:00+02:00', '2026-10-25T04:00:00+01:00']],
    ],
    [
      '24x7 days are listed one by one',
      '24x7',
      '2026-11-21T12:00:00+01:00',
      '2026-11-22T12:00:00+01:00',
      [
        ['2026-11-21T12:00:00+01:00', '2026-11-22T00:00:00+01:00'],
        ['2026-11-22T00:00:00+01:00', '2026-11-22T12:00:00+01:00'],
      ],
    ],
    ['nothing in a weekend', 'cst', '2026-11-21T00:00:00+01:00', '2026-11-23T00:00:00+01:00', []],
    ['nothing in an empty range', 'cst', '2026-11-23T12:00:00+01:00', '2026-11-23T12:00:00+01:00', []],
  ])('%s', (_title, name, from, to, expected) => {
    const result = calendars[name].openIntervals(at(from), at(to));
    expect(result.map(({ start, end }) => [local(name, start), local(name, end)])).toEqual(
      expected.map(([start, end]) => [local(name, at(start)), local(name, at(end))]),
    );
  });
});

describe('closedDaysBetween', () => {
  it.each<[string, Name, string, string, [string, string][]]>([
    [
      'Christmas to Epiphany',
      'cst',
      '2026-12-23T12:00:00+01:00',
      '2027-01-07T00:00:00+01:00',
      [
        ['2026-12-25', 'holiday'],
        ['2026-12-26', 'holiday'], // a Saturday, but the holiday rule decided first
        ['2026-12-27', 'weekend'],
        ['2027-01-01', 'holiday'],
        ['2027-01-02', 'weekend'],
        ['2027-01-03', 'weekend'],
        ['2027-01-06', 'holiday'],
      ],
    ],
    [
      'Easter 2026 (Sunday is closed as a weekend day, there is no easter+0 rule)',
      'cst',
      '2026-04-03T00:00:00+02:00',
      '2026-04-07T00:00:00+02:00',
      [
        ['2026-04-04', 'weekend'],
        ['2026-04-05', 'weekend'],
        ['2026-04-06', 'holiday'],
      ],
    ],
    [
      'overrides open and close days',
      'overrides',
      '2026-12-07T00:00:00+01:00',
      '2026-12-31T00:00:00+01:00',
      [
        ['2026-12-12', 'weekend'],
        ['2026-12-13', 'weekend'],
        ['2026-12-19', 'weekend'],
        ['2026-12-20', 'weekend'],
        ['2026-12-25', 'holiday'],
        ['2026-12-26', 'holiday'],
        ['2026-12-30', 'override'],
      ],
    ],
    [
      'an interval lost in the DST gap leaves the day closed',
      'romeGapHour',
      '2026-03-28T12:00:00+01:00',
      '2026-03-30T12:00:00+02:00',
      [['2026-03-29', 'weekend']],
    ],
    [
      'the end of the range is exclusive',
      'cst',
      '2026-11-20T12:00:00+01:00',
      '2026-11-21T00:00:00+01:00',
      [],
    ],
    ['an empty range', 'cst', '2026-11-21T12:00:00+01:00', '2026-11-21T12:00:00+01:00', []],
  ])('%s', (_title, name, from, to, expected) => {
    expect(calendars[name].closedDaysBetween(at(from), at(to))).toEqual(
      expected.map(([date, reason]) => ({ date, reason })),
    );
  });
});

describe('limits', () => {
  it('answers for years far from the present (Friday 29 December 2299, Friday 29 December 1899)', () => {
    expect(local('cst', calendars.cst.addBusinessMinutes(at('2299-12-29T17:00:00+01:00'), 120))).toBe(
      '2300-01-02T09:00:00+01:00',
    );
    expect(local('cst', calendars.cst.addBusinessMinutes(at('1899-12-29T17:00:00+01:00'), 120))).toBe(
      '1900-01-02T09:00:00+01:00',
    );
  });

  it('refuses years outside 1583-9999 instead of guessing', () => {
    expect(() => calendars.cst.isOpen(at('1500-06-01T10:00:00Z'))).toThrow(RangeError);
    expect(() => calendars.cst.addBusinessMinutes(at('9999-12-31T17:00:00Z'), 600)).toThrow(RangeError);
  });
});
