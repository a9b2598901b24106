import { compileCalendar } from './business-calendar';
import { CalendarSpecError } from './calendar-spec.error';
import { CalendarSpec } from './calendar-spec.types';

const valid = (): CalendarSpec => ({
  timeZone: 'Europe/Rome',
  week: {
    mon: [['08:00', '18:00']],
    tue: [['08:00', '18:00']],
    wed: [['08:00', '18:00']],
    thu: [['08:00', '18:00']],
    fri: [['08:00', '18:00']],
    sat: [],
    sun: [],
  },
  holidays: ['01-01', 'easter+1'],
  overrides: { '2026-12-24': [['08:00', '13:00']] },
});

/** A spec from JSON can hold anything, so the cases build one with `unknown` values. */
type Loose = Record<string, unknown> & { week: Record<string, unknown> };
const withChange = (change: (spec: Loose) => void): CalendarSpec => {
  const spec = valid() as unknown as Loose;
  change(spec);
  return spec as unknown as CalendarSpec;
};

const ALL_MONTH_DAYS = Array.from({ length: 12 }, (_, m) =>
  Array.from(
    { length: [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m] },
    (_, d) => `${String(m + 1).padStart(2, '0')}-${String(d + 1).padStart(2, '0')}`,
  ),
).flat();

describe('compileCalendar validation', () => {
  it.each<[string, (spec: Loose) => void, string]>([
    [
      'a time without a leading zero',
      (s) => (s.week.mon = [['8:00', '18:00']]),
      'week.mon[0]: "8:00" is not HH:MM',
    ],
    ['minutes past 59', (s) => (s.week.tue = [['08:60', '18:00']]), 'week.tue[0]: "08:60" is not HH:MM'],
    ['hours past 24', (s) => (s.week.wed = [['08:00', '25:00']]), 'week.wed[0]: "25:00" is not HH:MM'],
    [
      '24:00 as a start',
      (s) => (s.week.thu = [['24:00', '24:00']]),
      'week.thu[0]: "24:00" can only end an interval',
    ],
    ['a bare string', (s) => (s.week.fri = ['08:00-18:00']), 'week.fri[0]: expected ["HH:MM", "HH:MM"]'],
    [
      'three times',
      (s) => (s.week.fri = [['08:00', '12:00', '18:00']]),
      'week.fri[0]: expected ["HH:MM", "HH:MM"]',
    ],
    [
      'intervals not a list',
      (s) => (s.week.sat = 'closed'),
      'week.sat: expected a list of ["HH:MM", "HH:MM"]',
    ],
    [
      'start after end',
      (s) => (s.week.mon = [['18:00', '08:00']]),
      'week.mon[0]: start "18:00" is not before end "08:00"',
    ],
    [
      'an empty interval',
      (s) => (s.week.mon = [['08:00', '08:00']]),
      'week.mon[0]: start "08:00" is not before end "08:00"',
    ],
    [
      'overlapping intervals',
      (s) =>
        (s.week.mon = [
          ['08:00', '13:00'],
          ['12:00', '14:00'],
        ]),
      'week.mon[1]: ["12:00","14:00"] overlaps week.mon[0] ["08:00","13:00"]',
    ],
    [
      'overlapping intervals out of order',
      (s) =>
        (s.week.mon = [
          ['12:00', '14:00'],
          ['08:00', '18:00'],
        ]),
      'week.mon[1]: ["08:00","18:00"] overlaps week.mon[0] ["12:00","14:00"]',
    ],
    ['an unknown weekday', (s) => (s.week.monday = []), 'week.monday: unknown weekday'],
    ['a missing weekday', (s) => delete s.week.sun, 'week.sun: missing (use [] for a closed day)'],
    ['week not an object', (s) => (s.week = [] as unknown as Loose['week']), 'week: expected an object'],
    [
      'an unknown time zone',
      (s) => (s.timeZone = 'Europe/Nowhere'),
      'timeZone: "Europe/Nowhere" is not an IANA time zone',
    ],
    ['no time zone', (s) => delete s.timeZone, 'timeZone: expected an IANA time zone name'],
    ['a misspelt field', (s) => (s.holiday = ['01-01']), 'holiday: unknown field'],
    ['holidays not a list', (s) => (s.holidays = '01-01'), 'holidays: expected an array'],
    ['a holiday without zero padding', (s) => (s.holidays = ['4-25']), 'holidays[0]: "4-25" is not "MM-DD"'],
    [
      'a holiday that is no date',
      (s) => (s.holidays = ['01-01', '02-30']),
      'holidays[1]: "02-30" is not a month and day',
    ],
    [
      'a dated holiday that is no date',
      (s) => (s.holidays = ['2026-02-29']),
      'holidays[0]: "2026-02-29" is not a calendar date',
    ],
    [
      'a dated holiday before 1583',
      (s) => (s.holidays = ['1500-01-01']),
      'holidays[0]: "1500-01-01" is outside',
    ],
    ['a capitalised Easter rule', (s) => (s.holidays = ['Easter+1']), 'holidays[0]: "Easter+1" is not'],
    ['an Easter rule without sign', (s) => (s.holidays = ['easter1']), 'holidays[0]: "easter1" is not'],
    [
      'an Easter offset of over a year',
      (s) => (s.holidays = ['easter+400']),
      'holidays[0]: "easter+400": the offset',
    ],
    ['a holiday that is a number', (s) => (s.holidays = [101]), 'holidays[0]: expected a string'],
    ['overrides not an object', (s) => (s.overrides = []), 'overrides: expected an object'],
    [
      'an override month 13',
      (s) => (s.overrides = { '2026-13-01': [] }),
      'overrides.2026-13-01: "2026-13-01" is not a calendar date',
    ],
    [
      'an override in Italian order',
      (s) => (s.overrides = { '24/12/2026': [] }),
      'overrides.24/12/2026: "24/12/2026" is not a YYYY-MM-DD date',
    ],
    [
      'a bad override interval',
      (s) => (s.overrides = { '2026-12-24': [['8:00', '13:00']] }),
      'overrides.2026-12-24[0]: "8:00" is not HH:MM',
    ],
    [
      'a week with no open time',
      (s) => (s.week = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }),
      'week: no weekday has an open interval',
    ],
    [
      'a week open only through overrides',
      (s) => {
        s.week = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
        s.overrides = { '2026-12-27': [['09:00', '12:00']] };
      },
      'week: no weekday has an open interval',
    ],
    [
      'holidays that close every open day',
      (s) => (s.holidays = ALL_MONTH_DAYS),
      'holidays: close every day the week opens',
    ],
  ])('names the field: %s', (_title, change, message) => {
    const spec = withChange(change);
    expect(() => compileCalendar(spec)).toThrow(CalendarSpecError);
    expect(() => compileCalendar(spec)).toThrow(message);
  });

  it.each([null, 'Europe/Rome', [], 42])('rejects %p as a calendar', (spec) => {
    expect(() => compileCalendar(spec as unknown as CalendarSpec)).toThrow('calendar: expected an object');
  });

  it('reports every problem at once, each with its field', () => {
    const spec = withChange((s) => {
      s.timeZone = 'Mars/Olympus';
      s.week.mon = [['8:00', '18:00']];
      s.holidays = ['xmas'];
    });
    let error: unknown;
    try {
      compileCalendar(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CalendarSpecError);
    expect((error as CalendarSpecError).problems.map((p) => p.field)).toEqual([
      'timeZone',
      'week.mon[0]',
      'holidays[0]',
    ]);
    expect((error as CalendarSpecError).message).toBe(
      'timeZone: "Mars/Olympus" is not an IANA time zone; week.mon[0]: "8:00" is not HH:MM; ' +
        'holidays[0]: "xmas" is not "MM-DD", "YYYY-MM-DD" or "easter+N" / "easter-N"',
    );
  });

  it.each<[string, (spec: Loose) => void]>([
    ['the shape of the brief', () => undefined],
    ['no holidays and no overrides', (s) => (delete s.holidays, delete s.overrides)],
    [
      '29 February, Easter itself, Good Friday, a dated holiday',
      (s) => (s.holidays = ['02-29', 'easter', 'easter-2', '2026-11-02']),
    ],
    [
      'touching intervals',
      (s) =>
        (s.week.mon = [
          ['08:00', '13:00'],
          ['13:00', '18:00'],
        ]),
    ],
    ['a day ending at midnight', (s) => (s.week.sat = [['20:00', '24:00']])],
    ['a closed override on a holiday', (s) => (s.overrides = { '2026-01-01': [] })],
    ['a non-Rome zone', (s) => (s.timeZone = 'America/New_York')],
  ])('accepts %s', (_title, change) => {
    expect(() => compileCalendar(withChange(change))).not.toThrow();
  });

  it('counts touching intervals as one', () => {
    const calendar = compileCalendar(
      withChange(
        (s) =>
          (s.week.mon = [
            ['13:00', '18:00'],
            ['08:00', '13:00'],
          ]),
      ),
    );
    expect(
      calendar.openIntervals(new Date('2026-11-23T00:00:00+01:00'), new Date('2026-11-24T00:00:00+01:00')),
    ).toEqual([{ start: new Date('2026-11-23T08:00:00+01:00'), end: new Date('2026-11-23T18:00:00+01:00') }]);
  });

  it('accepts a calendar that opens only when 29 February is a Monday, and still terminates', () => {
    const calendar = compileCalendar(
      withChange((s) => {
        s.week = { mon: [['08:00', '18:00']], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
        s.holidays = ALL_MONTH_DAYS.filter((day) => day !== '02-29');
        delete s.overrides;
      }),
    );
    // 29 February falls on a Monday in 2016, 2044 and 2072.
    expect(calendar.addBusinessMinutes(new Date('2016-03-01T00:00:00Z'), 60)).toEqual(
      new Date('2044-02-29T09:00:00+01:00'),
    );
    expect(calendar.endOfNextBusinessDay(new Date('2016-02-29T10:00:00+01:00'))).toEqual(
      new Date('2044-02-29T18:00:00+01:00'),
    );
  });
});
