import { IANAZone } from 'luxon';

import { CalendarRules, MAX_YEAR, MIN_YEAR } from './calendar-rules.model';
import { CalendarSpec, ClosedDay, ClosedReason, OpenInterval } from './calendar-spec.types';
import { validateCalendarSpec } from './calendar-spec.validator';
import { formatIsoDate } from './civil-date.util';
import { OpenTimeIndex } from './open-time-index';
import { countAtOrBelow, firstAtOrAbove } from './sorted-search.util';
import {
  buildYearTable,
  DAY_CLOSED_HOLIDAY,
  DAY_CLOSED_OVERRIDE,
  DAY_CLOSED_WEEKEND,
  DAY_OPEN,
  YearTable,
} from './year-table.builder';

/**
 * Business time of one calendar. Open time is real elapsed time inside the open intervals, so an interval
 * that spans a DST change lasts its real length (see resolveWallTime in year-table.builder.ts for how wall
 * times in a DST gap or overlap are read). Instants are JavaScript Dates, i.e. whole milliseconds.
 */
export interface BusinessCalendar {
  readonly timeZone: string;
  /** Open time within `[from, to)`, in minutes (fractional below a minute); 0 when `to <= from`. */
  businessMinutesBetween(from: Date, to: Date): number;
  /**
   * The EARLIEST instant `t >= start` with `businessMinutesBetween(start, t) === minutes`. So a deadline that
   * uses up an interval ends at its closing (Monday 17:00 + 60 on 08:00-18:00 is Monday 18:00, not Tuesday
   * 08:00), a start outside hours counts from the next opening, and `+ 0` returns `start` itself even when
   * closed. A duration that is not a whole number of milliseconds is rounded up to one (never early).
   * Throws a RangeError for negative or non-finite minutes.
   */
  addBusinessMinutes(start: Date, minutes: number): Date;
  /**
   * The "Next Business Day" target: the last closing of the first date with open time after the day of
   * receipt, where the day of receipt is the local date of `at` if that date has open time and `at` is
   * before its last closing, and otherwise the next date with open time.
   */
  endOfNextBusinessDay(at: Date): Date;
  isOpen(at: Date): boolean;
  /**
   * The open intervals clipped to `[from, to)`, in order. Each is one interval of one local date, so the
   * intervals of consecutive dates that touch at midnight (a 24x7 calendar) are listed separately.
   */
  openIntervals(from: Date, to: Date): OpenInterval[];
  /** The local dates that `[from, to)` touches and that have no open time, with the rule that closed them. */
  closedDaysBetween(from: Date, to: Date): ClosedDay[];
}

/** Validates the spec (throwing a CalendarSpecError that names each bad field) and compiles it. */
export function compileCalendar(spec: CalendarSpec): BusinessCalendar {
  return new CompiledCalendar(validateCalendarSpec(spec));
}

const MS_PER_MINUTE = 60_000;
/** 365.2425 days: a year-number guess from an instant is then off by at most one. */
const MS_PER_AVERAGE_YEAR = 31_556_952_000;
/** Below a microsecond a duration's fraction of a millisecond is floating-point noise, not a request. */
const SUB_MS_NOISE = 1e-6;
/** Years kept in a plain array, the rest in a Map: an array lookup is what the hot path can afford. */
const ARRAY_CACHE_FIRST_YEAR = 1900;
const ARRAY_CACHE_YEARS = 400;
/**
 * Validation guarantees recurring open time on the wall clock; this bounds the search anyway, should every
 * such interval fall into DST gaps, rather than looping.
 */
const MAX_CLOSED_YEARS = 400;
/**
 * Bounds the flat index of consecutive years that the hot path searches (24 bytes an interval): 2.6 centuries
 * of an office calendar, 1.8 of a 24x7 one. Years beyond it are answered from the year tables alone.
 */
const MAX_INDEXED_INTERVALS = 65_536;

const REASONS: Record<number, ClosedReason> = {
  [DAY_CLOSED_WEEKEND]: 'weekend',
  [DAY_CLOSED_HOLIDAY]: 'holiday',
  [DAY_CLOSED_OVERRIDE]: 'override',
};

class CompiledCalendar implements BusinessCalendar {
  readonly timeZone: string;
  private readonly zone: IANAZone;
  private readonly arrayCache: (YearTable | undefined)[] = new Array(ARRAY_CACHE_YEARS).fill(undefined);
  private readonly mapCache = new Map<number, YearTable>();
  /** The years queried so far, where they are consecutive: see coverYears. */
  private index = OpenTimeIndex.EMPTY;

  constructor(private readonly rules: CalendarRules) {
    this.timeZone = rules.timeZone;
    this.zone = IANAZone.create(rules.timeZone);
  }

  businessMinutesBetween(from: Date, to: Date): number {
    const a = instantOf(from, 'from');
    const b = instantOf(to, 'to');
    if (b <= a) return 0;
    const index = this.index;
    if (a >= index.start && b < index.end)
      return (index.openMsBefore(b) - index.openMsBefore(a)) / MS_PER_MINUTE;
    const first = this.yearTableAt(a);
    const last = this.yearTableAt(b);
    let ms = openMsBefore(last, b) - openMsBefore(first, a);
    for (let year = first.year; year < last.year; year++) ms += this.yearTable(year).totalOpenMs;
    this.coverYears(first.year, last.year);
    return ms / MS_PER_MINUTE;
  }

  addBusinessMinutes(start: Date, minutes: number): Date {
    const t = instantOf(start, 'start');
    if (typeof minutes !== 'number' || !(minutes >= 0) || minutes === Infinity) {
      throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`);
    }
    const ms = Math.ceil(minutes * MS_PER_MINUTE - SUB_MS_NOISE);
    if (ms <= 0) return new Date(t);
    const index = this.index;
    if (t >= index.start && t < index.end) {
      const target = index.openMsBefore(t) + ms;
      if (target <= index.totalOpenMs) return new Date(index.instantAfterOpenMs(target));
    }
    let table = this.yearTableAt(t);
    const startYear = table.year;
    // Open time is counted from the year's first midnight, so the answer is where that count reaches target.
    let target = openMsBefore(table, t) + ms;
    let lastOpenYear = table.year;
    while (target > table.totalOpenMs) {
      target -= table.totalOpenMs;
      if (table.totalOpenMs > 0) lastOpenYear = table.year;
      table = this.yearTable(table.year + 1);
      if (table.year - lastOpenYear > MAX_CLOSED_YEARS) throw neverOpensAgain(lastOpenYear);
    }
    this.coverYears(startYear, table.year);
    // cumulativeEnd is strictly increasing, so the first interval whose end reaches target holds the earliest t.
    const i = firstAtOrAbove(table.cumulativeEnd, target);
    return new Date(table.ends[i] - (table.cumulativeEnd[i] - target));
  }

  endOfNextBusinessDay(at: Date): Date {
    const t = instantOf(at, 'at');
    let [table, day] = this.dayAt(t);
    const receivedInHours = hasOpenTime(table, day) && t < lastClosing(table, day);
    if (!receivedInHours) [table, day] = this.nextDayWithOpenTime(table, day);
    [table, day] = this.nextDayWithOpenTime(table, day);
    return new Date(lastClosing(table, day));
  }

  isOpen(at: Date): boolean {
    const t = instantOf(at, 'at');
    const table = this.yearTableAt(t);
    const i = countAtOrBelow(table.starts, t) - 1;
    return i >= 0 && t < table.ends[i];
  }

  openIntervals(from: Date, to: Date): OpenInterval[] {
    const a = instantOf(from, 'from');
    const b = instantOf(to, 'to');
    const result: OpenInterval[] = [];
    if (b <= a) return result;
    let table = this.yearTableAt(a);
    let i = Math.max(0, countAtOrBelow(table.starts, a) - 1);
    for (;;) {
      if (i >= table.starts.length) {
        if (table.end >= b) return result;
        table = this.yearTable(table.year + 1);
        i = 0;
        continue;
      }
      if (table.starts[i] >= b) return result;
      if (table.ends[i] > a) {
        result.push({
          start: new Date(Math.max(table.starts[i], a)),
          end: new Date(Math.min(table.ends[i], b)),
        });
      }
      i++;
    }
  }

  closedDaysBetween(from: Date, to: Date): ClosedDay[] {
    const a = instantOf(from, 'from');
    const b = instantOf(to, 'to');
    const result: ClosedDay[] = [];
    if (b <= a) return result;
    let [table, day] = this.dayAt(a);
    // The last millisecond of [from, to) names the last date touched.
    const [lastTable, lastDay] = this.dayAt(b - 1);
    for (;;) {
      const reason = table.closedReason[day];
      if (reason !== DAY_OPEN)
        result.push({ date: formatIsoDate(table.firstEpochDay + day), reason: REASONS[reason] });
      if (table === lastTable && day === lastDay) return result;
      [table, day] = this.followingDay(table, day);
    }
  }

  private dayAt(t: number): [YearTable, number] {
    const table = this.yearTableAt(t);
    return [table, countAtOrBelow(table.dayStart, t) - 1];
  }

  private followingDay(table: YearTable, day: number): [YearTable, number] {
    return day + 1 < table.dayCount ? [table, day + 1] : [this.yearTable(table.year + 1), 0];
  }

  private nextDayWithOpenTime(table: YearTable, day: number): [YearTable, number] {
    const fromYear = table.year;
    for (;;) {
      [table, day] = this.followingDay(table, day);
      if (hasOpenTime(table, day)) return [table, day];
      if (table.year - fromYear > MAX_CLOSED_YEARS) throw neverOpensAgain(fromYear);
    }
  }

  /**
   * Grows the index to take in years a slow query has just used, when every year of the grown run is built
   * already (so growing never runs Luxon) and the run stays within MAX_INDEXED_INTERVALS. A query far from
   * the indexed years leaves the index as it is and keeps taking the slow path.
   */
  private coverYears(firstYear: number, lastYear: number): void {
    const index = this.index;
    const indexed = index !== OpenTimeIndex.EMPTY;
    const from = indexed ? Math.min(index.firstYear, firstYear) : firstYear;
    const to = indexed ? Math.max(index.lastYear, lastYear) : lastYear;
    if (indexed && from === index.firstYear && to === index.lastYear) return;
    const tables: YearTable[] = [];
    let intervalCount = 0;
    for (let year = from; year <= to; year++) {
      const table = this.builtYearTable(year);
      if (!table) return;
      intervalCount += table.starts.length;
      if (intervalCount > MAX_INDEXED_INTERVALS) return;
      tables.push(table);
    }
    this.index = OpenTimeIndex.of(tables);
  }

  private yearTableAt(t: number): YearTable {
    const guess = 1970 + Math.floor(t / MS_PER_AVERAGE_YEAR);
    let table = this.yearTable(Math.min(Math.max(guess, MIN_YEAR), MAX_YEAR));
    while (t < table.start) table = this.yearTable(table.year - 1);
    while (t >= table.end) table = this.yearTable(table.year + 1);
    return table;
  }

  private yearTable(year: number): YearTable {
    const index = year - ARRAY_CACHE_FIRST_YEAR;
    if (index >= 0 && index < ARRAY_CACHE_YEARS) {
      return this.arrayCache[index] ?? (this.arrayCache[index] = this.buildYear(year));
    }
    let table = this.mapCache.get(year);
    if (!table) this.mapCache.set(year, (table = this.buildYear(year)));
    return table;
  }

  private builtYearTable(year: number): YearTable | undefined {
    const index = year - ARRAY_CACHE_FIRST_YEAR;
    return index >= 0 && index < ARRAY_CACHE_YEARS ? this.arrayCache[index] : this.mapCache.get(year);
  }

  private buildYear(year: number): YearTable {
    if (year < MIN_YEAR || year > MAX_YEAR) {
      throw new RangeError(
        `${year} is outside the years a business calendar covers (${MIN_YEAR}-${MAX_YEAR})`,
      );
    }
    return buildYearTable(this.rules, this.zone, year);
  }
}

/** Open milliseconds from the year's first midnight up to `t`. */
function openMsBefore(table: YearTable, t: number): number {
  const i = countAtOrBelow(table.starts, t) - 1;
  if (i < 0) return 0;
  const end = table.ends[i];
  return t >= end ? table.cumulativeEnd[i] : table.cumulativeEnd[i] - (end - t);
}

function hasOpenTime(table: YearTable, day: number): boolean {
  return table.dayFirstInterval[day] < table.dayFirstInterval[day + 1];
}

function lastClosing(table: YearTable, day: number): number {
  return table.ends[table.dayFirstInterval[day + 1] - 1];
}

function instantOf(value: Date, name: string): number {
  const t = value instanceof Date ? value.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError(`${name} must be a valid Date, got ${String(value)}`);
  return t;
}

function neverOpensAgain(year: number): Error {
  return new Error(`The calendar has no open time in the ${MAX_CLOSED_YEARS} years after ${year}`);
}
