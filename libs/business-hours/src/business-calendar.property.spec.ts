/*
 * The fast calendar against a slow, obviously-correct reference written here: it walks local days with
 * Luxon, reads each day's rules from the spec itself, and counts open time minute by minute (for starts on
 * whole minutes) or by summing interval overlaps (for arbitrary milliseconds). Both share only the
 * documented resolution of DST gaps and overlaps, which the example tables pin down separately.
 */
import { readdirSync, readFileSync } from 'fs';
import { DateTime } from 'luxon';
import { join } from 'path';

import { BusinessCalendar, compileCalendar } from './business-calendar';
import { CalendarSpec, TimeRange, Weekday, WEEKDAYS } from './calendar-spec.types';
import { OpenTimeIndex } from './open-time-index';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A tiny seeded PRNG, so that every run checks the same cases. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Published Easter Sundays (python-dateutil), so that the reference does not reuse the library's computus. */
const EASTER: Record<number, string> = {
  2014: '2014-04-20',
  2015: '2015-04-05',
  2016: '2016-03-27',
  2017: '2017-04-16',
  2018: '2018-04-01',
  2019: '2019-04-21',
  2020: '2020-04-12',
  2021: '2021-04-04',
  2022: '2022-04-17',
  2023: '2023-04-09',
  2024: '2024-03-31',
  2025: '2025-04-20',
  2026: '2026-04-05',
  2027: '2027-03-28',
  2028: '2028-04-16',
  2029: '2029-04-01',
  2030: '2030-04-21',
  2031: '2031-04-13',
  2032: '2032-03-28',
};

interface RefDay {
  iso: string;
  start: number;
  end: number;
  /** Open intervals as instants, clipped to the day, sorted and merged. */
  intervals: [number, number][];
}

class ReferenceCalendar {
  private readonly days = new Map<string, RefDay>();

  constructor(private readonly spec: CalendarSpec) {}

  dayOf(t: number): RefDay {
    let day = this.day(DateTime.fromMillis(t, { zone: this.spec.timeZone }).toISODate()!);
    while (t < day.start) day = this.day(shiftIso(day.iso, -1));
    while (t >= day.end) day = this.next(day);
    return day;
  }

  next(day: RefDay): RefDay {
    return this.day(shiftIso(day.iso, 1));
  }

  isOpen(t: number): boolean {
    return isOpenIn(this.dayOf(t), t);
  }

  private day(iso: string): RefDay {
    let day = this.days.get(iso);
    if (!day) {
      const start = this.instant(iso, '00:00');
      const end = this.instant(shiftIso(iso, 1), '00:00');
      const clip = (t: number) => Math.min(Math.max(t, start), end);
      const intervals = this.wallIntervals(iso)
        .map(([s, e]): [number, number] => [clip(this.instant(iso, s)), clip(this.instant(iso, e))])
        .filter(([s, e]) => e > s)
        .sort((a, b) => a[0] - b[0]);
      const merged: [number, number][] = [];
      for (const [s, e] of intervals) {
        const last = merged[merged.length - 1];
        if (last && s <= last[1]) last[1] = Math.max(last[1], e);
        else merged.push([s, e]);
      }
      day = { iso, start, end, intervals: merged };
      this.days.set(iso, day);
    }
    return day;
  }

  /** Luxon's reading of a wall time, the first one where it happens twice (the library's documented rule). */
  private instant(iso: string, hhmm: string): number {
    if (hhmm === '24:00') return this.instant(shiftIso(iso, 1), '00:00');
    const time = DateTime.fromISO(`${iso}T${hhmm}`, { zone: this.spec.timeZone });
    return Math.min(...time.getPossibleOffsets().map((t) => t.toMillis()));
  }

  private wallIntervals(iso: string): readonly TimeRange[] {
    const override = this.spec.overrides?.[iso];
    if (override) return override;
    if ((this.spec.holidays ?? []).some((rule) => holidayMatches(rule, iso))) return [];
    return this.spec.week[WEEKDAYS[DateTime.fromISO(iso).weekday - 1]];
  }
}

function holidayMatches(rule: string, iso: string): boolean {
  if (/^\d\d-\d\d$/.test(rule)) return iso.slice(5) === rule;
  if (/^\d{4}-\d\d-\d\d$/.test(rule)) return iso === rule;
  const offset = Number(rule.slice('easter'.length) || 0);
  const year = Number(iso.slice(0, 4));
  return [year - 1, year, year + 1].some((y) => {
    if (!EASTER[y]) throw new Error(`no Easter date for ${y} in the reference table`);
    return shiftIso(EASTER[y], offset) === iso;
  });
}

function shiftIso(iso: string, days: number): string {
  return DateTime.fromISO(iso, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

// --- reference answers -------------------------------------------------------------------------------

/** Minute by minute: valid when `start` is on a whole minute, as every boundary is in these zones. */
function refAddMinuteWalk(ref: ReferenceCalendar, start: number, minutes: number): number {
  if (minutes === 0) return start;
  let counted = 0;
  let day = ref.dayOf(start);
  for (let t = start; ; t += MINUTE) {
    while (t >= day.end) day = ref.next(day);
    if (isOpenIn(day, t) && ++counted === minutes) return t + MINUTE;
  }
}

function refBetweenMinuteWalk(ref: ReferenceCalendar, from: number, to: number): number {
  let counted = 0;
  let day = ref.dayOf(from);
  for (let t = from; t < to; t += MINUTE) {
    while (t >= day.end) day = ref.next(day);
    if (isOpenIn(day, t)) counted++;
  }
  return counted;
}

function isOpenIn(day: RefDay, t: number): boolean {
  return day.intervals.some(([s, e]) => s <= t && t < e);
}

/** Interval by interval, to the millisecond. */
function refAddExact(ref: ReferenceCalendar, start: number, ms: number): number {
  if (ms === 0) return start;
  let remaining = ms;
  for (let day = ref.dayOf(start); ; day = ref.next(day)) {
    for (const [s, e] of day.intervals) {
      if (e <= start) continue;
      const from = Math.max(s, start);
      if (e - from >= remaining) return from + remaining;
      remaining -= e - from;
    }
  }
}

function refBetweenExact(ref: ReferenceCalendar, from: number, to: number): number {
  let ms = 0;
  for (let day = ref.dayOf(from); day.start < to; day = ref.next(day)) {
    for (const [s, e] of day.intervals) ms += Math.max(0, Math.min(e, to) - Math.max(s, from));
  }
  return ms / MINUTE;
}

function refEndOfNextBusinessDay(ref: ReferenceCalendar, at: number): number {
  const nextOpen = (day: RefDay) => {
    do day = ref.next(day);
    while (day.intervals.length === 0);
    return day;
  };
  let day = ref.dayOf(at);
  const lastClosing = (d: RefDay) => d.intervals[d.intervals.length - 1][1];
  if (!(day.intervals.length > 0 && at < lastClosing(day))) day = nextOpen(day);
  return lastClosing(nextOpen(day));
}

// --- random calendars ------------------------------------------------------------------------------

/** Zones with DST at 02:00 (Rome, New York), a 30-minute DST (Lord Howe), DST at midnight (Santiago), none. */
const ZONES = ['Europe/Rome', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata'];
/** Boundaries near DST changes are favoured: that is where a calendar can go wrong. */
const TRICKY_MINUTES = [0, 30, 60, 90, 120, 150, 180, 210, 1380, 1410, 1440];

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

function randomIntervals(rand: () => number, count: number): TimeRange[] {
  const boundaries = new Set<number>();
  while (boundaries.size < count * 2) {
    boundaries.add(
      rand() < 0.4 ? TRICKY_MINUTES[Math.floor(rand() * TRICKY_MINUTES.length)] : Math.floor(rand() * 1441),
    );
  }
  const sorted = [...boundaries].sort((a, b) => a - b);
  const intervals: TimeRange[] = [];
  for (let i = 0; i < sorted.length; i += 2) intervals.push([hhmm(sorted[i]), hhmm(sorted[i + 1])]);
  return intervals;
}

interface Window {
  from: number;
  to: number;
}

/** Forty-day windows in 2016-2030, two thirds of them over a March/April or September-November DST change. */
function randomWindows(rand: () => number, zone: string): Window[] {
  return Array.from({ length: 3 }, () => {
    const year = 2016 + Math.floor(rand() * 15);
    const r = rand();
    const startDay = r < 0.33 ? 55 + rand() * 60 : r < 0.66 ? 240 + rand() * 80 : rand() * 330;
    const from = DateTime.fromObject({ year, month: 1, day: 1 }, { zone }).plus({
      days: Math.floor(startDay),
    });
    return { from: from.toMillis(), to: from.plus({ days: 40 }).toMillis() };
  });
}

function randomSpec(rand: () => number, windows: Window[], zone: string): CalendarSpec {
  const week = Object.fromEntries(
    WEEKDAYS.map((day) => [day, rand() < 0.3 ? [] : randomIntervals(rand, 1 + Math.floor(rand() * 3))]),
  ) as Record<Weekday, TimeRange[]>;
  if (WEEKDAYS.every((day) => week[day].length === 0)) week.wed = [['09:00', '17:00']];
  const isoIn = (window: Window) =>
    DateTime.fromMillis(window.from + rand() * (window.to - window.from), { zone }).toISODate()!;
  const holidays = Array.from({ length: Math.floor(rand() * 6) }, () => {
    const r = rand();
    if (r < 0.4) return isoIn(windows[Math.floor(rand() * windows.length)]).slice(5);
    if (r < 0.7) return `easter${rand() < 0.3 ? '-' : '+'}${Math.floor(rand() * 60)}`;
    return isoIn(windows[Math.floor(rand() * windows.length)]);
  });
  const overrides: Record<string, TimeRange[]> = {};
  for (let i = Math.floor(rand() * 5); i > 0; i--) {
    overrides[isoIn(windows[Math.floor(rand() * windows.length)])] =
      rand() < 0.3 ? [] : randomIntervals(rand, 1 + Math.floor(rand() * 2));
  }
  return { timeZone: zone, week, holidays, overrides };
}

/** Open wall-clock minutes in a week, to keep minute walks to a few weeks on sparse calendars. */
function weeklyOpenMinutes(spec: CalendarSpec): number {
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  return WEEKDAYS.reduce(
    (sum, day) => sum + spec.week[day].reduce((s, [a, b]) => s + minutes(b) - minutes(a), 0),
    0,
  );
}

// --- the comparison --------------------------------------------------------------------------------

interface Scenario {
  spec: CalendarSpec;
  windows: Window[];
  cases: number;
}

function compare(scenario: Scenario, seed: number): string[] {
  const rand = mulberry32(seed);
  const calendar: BusinessCalendar = compileCalendar(scenario.spec);
  const ref = new ReferenceCalendar(scenario.spec);
  const maxMinutes = Math.min(6000, 2 * weeklyOpenMinutes(scenario.spec));
  const problems: string[] = [];
  const iso = (t: number) => DateTime.fromMillis(t, { zone: scenario.spec.timeZone }).toISO();
  const check = (what: string, actual: number, expected: number, tolerance = 0) => {
    if (!(Math.abs(actual - expected) <= tolerance))
      problems.push(`${what}: got ${actual}, expected ${expected}`);
  };
  const checkInstant = (what: string, actual: Date, expected: number) => {
    if (actual.getTime() !== expected)
      problems.push(`${what}: got ${iso(actual.getTime())}, expected ${iso(expected)}`);
  };
  const randomInstant = () => {
    const window = scenario.windows[Math.floor(rand() * scenario.windows.length)];
    return Math.floor(window.from + rand() * (window.to - window.from));
  };

  for (let i = 0; i < scenario.cases && problems.length < 5; i++) {
    // Whole minutes, minute-by-minute reference.
    const start = Math.floor(randomInstant() / MINUTE) * MINUTE;
    const minutes = Math.floor(rand() * (maxMinutes + 1));
    const added = calendar.addBusinessMinutes(new Date(start), minutes);
    checkInstant(`add(${iso(start)}, ${minutes})`, added, refAddMinuteWalk(ref, start, minutes));
    const end = start + Math.floor((rand() * 21 * DAY) / MINUTE) * MINUTE;
    check(
      `between(${iso(start)}, ${iso(end)})`,
      calendar.businessMinutesBetween(new Date(start), new Date(end)),
      refBetweenMinuteWalk(ref, start, end),
    );

    // Arbitrary milliseconds and fractional minutes, interval-overlap reference.
    const t = randomInstant();
    const ms = Math.floor(rand() * (maxMinutes + 1) * MINUTE);
    const fractional = ms / MINUTE;
    const addedExactly = calendar.addBusinessMinutes(new Date(t), fractional);
    checkInstant(`add(${iso(t)}, ${fractional})`, addedExactly, refAddExact(ref, t, ms));
    check(
      `round trip from ${iso(t)} by ${fractional}`,
      calendar.businessMinutesBetween(new Date(t), addedExactly),
      fractional,
      1e-9,
    );
    const u = t + Math.floor(rand() * 21 * DAY);
    check(
      `between(${iso(t)}, ${iso(u)})`,
      calendar.businessMinutesBetween(new Date(t), new Date(u)),
      refBetweenExact(ref, t, u),
      1e-9,
    );
    // A duration finer than a millisecond is rounded up: never early, at most 1 ms late.
    const fine = rand() * maxMinutes;
    const got = calendar.businessMinutesBetween(new Date(t), calendar.addBusinessMinutes(new Date(t), fine));
    if (!(got >= fine - 1e-9 && got < fine + 1 / 60000))
      problems.push(`rounding of ${fine} from ${iso(t)}: ${got}`);

    const probe = randomInstant();
    if (calendar.isOpen(new Date(probe)) !== ref.isOpen(probe)) problems.push(`isOpen(${iso(probe)})`);
    checkInstant(
      `endOfNextBusinessDay(${iso(probe)})`,
      calendar.endOfNextBusinessDay(new Date(probe)),
      refEndOfNextBusinessDay(ref, probe),
    );
  }
  return problems;
}

const cst = JSON.parse(
  readFileSync(join(__dirname, '../../../config/calendars/cst.json'), 'utf8'),
) as CalendarSpec;
const wholeRange = (zone: string): Window[] => [
  {
    from: DateTime.fromObject({ year: 2016 }, { zone }).toMillis(),
    to: DateTime.fromObject({ year: 2031 }, { zone }).toMillis(),
  },
];

describe('against the slow reference', () => {
  it('cst.json, 1000 starts over 2016-2030', () => {
    expect(compare({ spec: cst, windows: wholeRange('Europe/Rome'), cases: 1000 }, 20261120)).toEqual([]);
  }, 60_000);

  it.each(Array.from({ length: 24 }, (_, i) => [i + 1, ZONES[i % ZONES.length]] as const))(
    'random calendar #%i in %s, 100 cases',
    (seed, zone) => {
      const rand = mulberry32(seed * 7919);
      const windows = randomWindows(rand, zone);
      const spec = randomSpec(rand, windows, zone);
      expect(compare({ spec, windows, cases: 100 }, seed)).toEqual([]);
    },
    60_000,
  );
});

// --- the indexed run of years ----------------------------------------------------------------------

/*
 * Once the years a calendar has answered for are consecutive and built, addBusinessMinutes and
 * businessMinutesBetween answer from one flat index of those years (open-time-index.ts). These cases build
 * a run of years first, so that almost every query below takes that path, and aim at what it could get
 * wrong: the edges of intervals, days and the run itself, DST days, and deadlines that use up an interval
 * exactly or run past the run's last year.
 */

const YEAR_MS = 366 * DAY;

/** The local years `[firstYear, lastYear]`, as instants. */
function yearsWindow(zone: string, firstYear: number, lastYear: number): Window {
  return {
    from: DateTime.fromObject({ year: firstYear }, { zone }).toMillis(),
    to: DateTime.fromObject({ year: lastYear + 1 }, { zone }).toMillis(),
  };
}

/** Builds every year of the window and answers one query across all of them, which indexes them. */
function indexYears(calendar: BusinessCalendar, window: Window): void {
  for (let t = window.from; t < window.to; t += YEAR_MS / 2) calendar.isOpen(new Date(t));
  calendar.businessMinutesBetween(new Date(window.from), new Date(window.to - 1));
}

/** Instants where a fast path can slip by one: interval and day edges, the run's ends, DST days. */
function edgeInstants(ref: ReferenceCalendar, zone: string, window: Window, rand: () => number): number[] {
  const edges = [window.from, window.from + 1, window.to - 1, window.to - 2];
  for (let t = window.from; t < window.to; t += DAY) {
    const day = ref.dayOf(t);
    const offsetChanges =
      DateTime.fromMillis(day.start, { zone }).offset !== DateTime.fromMillis(day.end - 1, { zone }).offset;
    if (!offsetChanges && rand() > 0.02) continue;
    for (const [s, e] of day.intervals) edges.push(s - 1, s, s + 1, e - 1, e, e + 1);
    edges.push(day.start, day.end - 1, Math.floor(day.start + rand() * (day.end - day.start)));
  }
  return edges.filter((t) => t >= window.from && t < window.to);
}

function compareIndexed(spec: CalendarSpec, window: Window, seed: number, randomCases: number): string[] {
  const rand = mulberry32(seed);
  const zone = spec.timeZone;
  const calendar = compileCalendar(spec);
  const ref = new ReferenceCalendar(spec);
  indexYears(calendar, window);
  const problems: string[] = [];
  const iso = (t: number) => DateTime.fromMillis(t, { zone }).toISO();
  const maxMs = Math.min(6000, 2 * weeklyOpenMinutes(spec)) * MINUTE;
  const lastClosing = refLastClosingBefore(ref, window.to);
  const lastYearSupported = DateTime.fromMillis(window.to - 1, { zone }).year === 9999;

  const starts = edgeInstants(ref, zone, window, rand);
  for (let i = 0; i < randomCases; i++)
    starts.push(Math.floor(window.from + rand() * (window.to - window.from)));
  for (const t of starts) {
    if (problems.length >= 5) break;
    const u = Math.min(window.to - 1, t + Math.floor(rand() * 21 * DAY));
    const between = calendar.businessMinutesBetween(new Date(t), new Date(u));
    const expectedBetween = refBetweenExact(ref, t, u);
    if (Math.abs(between - expectedBetween) > 1e-9)
      problems.push(`between(${iso(t)}, ${iso(u)}): got ${between}, expected ${expectedBetween}`);

    // A random duration; one that ends exactly at a later interval's closing (the earliest instant, not
    // the next opening); and one up to the run's last closing, if it is near.
    const closing = ref.dayOf(Math.min(window.to - 1, t + rand() * 10 * DAY)).intervals[0]?.[1];
    const durations = [Math.floor(rand() * maxMs), 1, 0];
    if (closing !== undefined && closing > t) durations.push(refBetweenExact(ref, t, closing) * MINUTE);
    if (lastClosing - t < 30 * DAY) durations.push(refBetweenExact(ref, t, lastClosing) * MINUTE);
    for (const ms of durations) {
      const minutes = ms / MINUTE;
      const expected = refAddExact(ref, t, Math.round(ms));
      if (ms > 0 && expected > lastClosing && lastYearSupported) {
        if (!throwsRangeError(() => calendar.addBusinessMinutes(new Date(t), minutes)))
          problems.push(`add(${iso(t)}, ${minutes}) did not refuse a deadline after 9999`);
        continue;
      }
      const added = calendar.addBusinessMinutes(new Date(t), minutes).getTime();
      if (added !== expected)
        problems.push(`add(${iso(t)}, ${minutes}): got ${iso(added)}, expected ${iso(expected)}`);
    }
  }
  return problems;
}

function refLastClosingBefore(ref: ReferenceCalendar, t: number): number {
  let day = ref.dayOf(t - 1);
  while (day.intervals.length === 0) day = ref.dayOf(day.start - 1);
  return day.intervals[day.intervals.length - 1][1];
}

function throwsRangeError(action: () => unknown): boolean {
  try {
    action();
    return false;
  } catch (error) {
    return error instanceof RangeError;
  }
}

/** The shipped calendars, and cst without its Easter holiday for years the reference has no Easter for. */
const shipped = readdirSync(join(__dirname, '../../../config/calendars'))
  .filter((file) => file.endsWith('.json'))
  .map(
    (file) =>
      [file, JSON.parse(readFileSync(join(__dirname, '../../../config/calendars', file), 'utf8'))] as const,
  );
const withoutEaster = (spec: CalendarSpec): CalendarSpec => ({
  ...spec,
  holidays: (spec.holidays ?? []).filter((rule) => !rule.startsWith('easter')),
});

describe('the indexed run of years against the slow reference', () => {
  let fastQueries: jest.SpyInstance;
  beforeEach(() => {
    fastQueries = jest.spyOn(OpenTimeIndex.prototype, 'openMsBefore');
  });
  afterEach(() => {
    // Guards the guard: the cases above must have run on the index, not only on the year tables.
    expect(fastQueries.mock.calls.length).toBeGreaterThan(100);
    fastQueries.mockRestore();
  });

  it.each(shipped)(
    '%s over 2024-2027',
    (_file, spec) => {
      expect(compareIndexed(spec, yearsWindow(spec.timeZone, 2024, 2027), 4242, 1500)).toEqual([]);
    },
    60_000,
  );

  it.each(shipped)(
    '%s at the first supported years, 1583-1585',
    (_file, spec) => {
      const fixed = withoutEaster(spec);
      expect(compareIndexed(fixed, yearsWindow(spec.timeZone, 1583, 1585), 1583, 500)).toEqual([]);
    },
    60_000,
  );

  it.each(shipped)(
    '%s at the last supported years, 9997-9999',
    (_file, spec) => {
      const fixed = withoutEaster(spec);
      expect(compareIndexed(fixed, yearsWindow(spec.timeZone, 9997, 9999), 9999, 500)).toEqual([]);
    },
    60_000,
  );

  it.each(Array.from({ length: 10 }, (_, i) => [i + 1, ZONES[i % ZONES.length]] as const))(
    'random calendar #%i in %s over 2025-2027',
    (seed, zone) => {
      const rand = mulberry32(seed * 104729);
      const window = yearsWindow(zone, 2025, 2027);
      const spec = randomSpec(rand, [window], zone);
      expect(compareIndexed(spec, window, seed, 300)).toEqual([]);
    },
    60_000,
  );
});
