import { IANAZone } from 'luxon';

import {
  CalendarRules,
  holidaysOfYear,
  MAX_EASTER_OFFSET,
  MAX_YEAR,
  MIN_YEAR,
  WallInterval,
} from './calendar-rules.model';
import { CalendarSpecError, CalendarSpecProblem } from './calendar-spec.error';
import { WEEKDAYS } from './calendar-spec.types';
import { civilFromDays, daysFromCivil, isLeapYear, isValidCivilDate, weekdayIndex } from './civil-date.util';

const TOP_LEVEL_FIELDS = ['timeZone', 'week', 'holidays', 'overrides'];
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EASTER = /^easter(?:([+-])(\d{1,3}))?$/;
/** The Gregorian calendar repeats its weekdays every 400 years, so a longer closed stretch never ends. */
const OPEN_TIME_SEARCH_YEARS = 400;

/**
 * Checks a calendar spec (typically parsed JSON, so nothing about its shape is trusted) and turns it into
 * numbers. Throws a CalendarSpecError listing every problem, each naming its field.
 */
export function validateCalendarSpec(spec: unknown): CalendarRules {
  const problems: CalendarSpecProblem[] = [];
  const report: Report = (field, reason) => {
    problems.push({ field, reason });
  };

  if (!isPlainObject(spec)) {
    throw new CalendarSpecError([{ field: 'calendar', reason: 'expected an object' }]);
  }
  for (const key of Object.keys(spec)) {
    if (!TOP_LEVEL_FIELDS.includes(key))
      report(key, `unknown field (expected ${TOP_LEVEL_FIELDS.join(', ')})`);
  }

  const timeZone = spec.timeZone;
  if (typeof timeZone !== 'string')
    report('timeZone', 'expected an IANA time zone name such as "Europe/Rome"');
  else if (!IANAZone.isValidZone(timeZone))
    report('timeZone', `${JSON.stringify(timeZone)} is not an IANA time zone`);

  const week = parseWeek(spec.week, report);
  const holidays = parseHolidays(spec.holidays, report);
  const overrides = parseOverrides(spec.overrides, report);

  if (problems.length > 0) throw new CalendarSpecError(problems);
  const rules: CalendarRules = {
    timeZone: timeZone as string,
    week,
    ...holidays,
    overrides,
  };
  const neverOpen = findWhyNeverOpen(rules);
  if (neverOpen) throw new CalendarSpecError([neverOpen]);
  return rules;
}

type Report = (field: string, reason: string) => void;

function parseWeek(value: unknown, report: Report): WallInterval[][] {
  const week: WallInterval[][] = WEEKDAYS.map(() => []);
  if (!isPlainObject(value)) {
    report('week', `expected an object with the keys ${WEEKDAYS.join(', ')}`);
    return week;
  }
  for (const key of Object.keys(value)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) {
      report(`week.${key}`, `unknown weekday (expected ${WEEKDAYS.join(', ')})`);
    }
  }
  WEEKDAYS.forEach((day, index) => {
    // A forgotten weekday is more likely a typo than a closed day, so closing it must be explicit.
    if (!(day in value)) report(`week.${day}`, 'missing (use [] for a closed day)');
    else week[index] = parseIntervals(value[day], `week.${day}`, report);
  });
  return week;
}

function parseHolidays(
  value: unknown,
  report: Report,
): Pick<CalendarRules, 'annualHolidays' | 'datedHolidays' | 'easterOffsets'> {
  const annualHolidays: { month: number; day: number }[] = [];
  const datedHolidays: number[] = [];
  const easterOffsets: number[] = [];
  const result = { annualHolidays, datedHolidays, easterOffsets };
  if (value === undefined) return result;
  if (!Array.isArray(value)) {
    report('holidays', 'expected an array of "MM-DD", "YYYY-MM-DD" or "easter+N" strings');
    return result;
  }
  value.forEach((entry: unknown, index) => {
    const field = `holidays[${index}]`;
    if (typeof entry !== 'string') {
      report(field, 'expected a string "MM-DD", "YYYY-MM-DD" or "easter+N"');
      return;
    }
    const quoted = JSON.stringify(entry);
    let match: RegExpExecArray | null;
    if ((match = MONTH_DAY.exec(entry))) {
      const [month, day] = [Number(match[1]), Number(match[2])];
      // Checked against a leap year so that "02-29" is accepted (it then applies in leap years only).
      if (!isValidCivilDate(2000, month, day)) report(field, `${quoted} is not a month and day`);
      else annualHolidays.push({ month, day });
    } else if ((match = ISO_DATE.exec(entry))) {
      const day = parseIsoDate(match, quoted, field, report);
      if (day !== undefined) datedHolidays.push(day);
    } else if ((match = EASTER.exec(entry))) {
      const offset = match[1] ? Number(`${match[1]}${match[2]}`) : 0;
      if (Math.abs(offset) > MAX_EASTER_OFFSET) {
        report(field, `${quoted}: the offset must be within ±${MAX_EASTER_OFFSET} days`);
      } else easterOffsets.push(offset);
    } else {
      report(field, `${quoted} is not "MM-DD", "YYYY-MM-DD" or "easter+N" / "easter-N"`);
    }
  });
  return result;
}

function parseOverrides(value: unknown, report: Report): Map<number, WallInterval[]> {
  const overrides = new Map<number, WallInterval[]>();
  if (value === undefined) return overrides;
  if (!isPlainObject(value)) {
    report('overrides', 'expected an object mapping "YYYY-MM-DD" to a list of intervals');
    return overrides;
  }
  for (const [key, intervals] of Object.entries(value)) {
    const field = `overrides.${key}`;
    const match = ISO_DATE.exec(key);
    let day: number | undefined;
    if (match) day = parseIsoDate(match, JSON.stringify(key), field, report);
    else report(field, `${JSON.stringify(key)} is not a YYYY-MM-DD date`);
    const parsed = parseIntervals(intervals, field, report);
    if (day !== undefined) overrides.set(day, parsed);
  }
  return overrides;
}

function parseIsoDate(
  match: RegExpExecArray,
  quoted: string,
  field: string,
  report: Report,
): number | undefined {
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isValidCivilDate(year, month, day)) {
    report(field, `${quoted} is not a calendar date`);
    return undefined;
  }
  if (year < MIN_YEAR || year > MAX_YEAR) {
    report(field, `${quoted} is outside the supported years ${MIN_YEAR}-${MAX_YEAR}`);
    return undefined;
  }
  return daysFromCivil(year, month, day);
}

/** Minutes since midnight, sorted, checked for overlaps; touching intervals are merged. */
function parseIntervals(value: unknown, field: string, report: Report): WallInterval[] {
  if (!Array.isArray(value)) {
    report(field, 'expected a list of ["HH:MM", "HH:MM"] intervals ([] when closed)');
    return [];
  }
  const parsed: { index: number; start: number; end: number; text: string }[] = [];
  value.forEach((entry: unknown, index) => {
    const at = `${field}[${index}]`;
    if (!Array.isArray(entry) || entry.length !== 2 || entry.some((t) => typeof t !== 'string')) {
      report(at, `expected ["HH:MM", "HH:MM"], got ${JSON.stringify(entry)}`);
      return;
    }
    const [startText, endText] = entry as [string, string];
    const start = parseClock(startText, false, at, report);
    const end = parseClock(endText, true, at, report);
    if (start === undefined || end === undefined) return;
    if (start >= end) {
      report(at, `start "${startText}" is not before end "${endText}"`);
      return;
    }
    parsed.push({ index, start, end, text: JSON.stringify(entry) });
  });
  parsed.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: [number, number][] = [];
  let furthest: (typeof parsed)[number] | undefined;
  for (const interval of parsed) {
    if (furthest && interval.start < furthest.end) {
      const [later, earlier] = interval.index > furthest.index ? [interval, furthest] : [furthest, interval];
      report(`${field}[${later.index}]`, `${later.text} overlaps ${field}[${earlier.index}] ${earlier.text}`);
    }
    const last = merged[merged.length - 1];
    if (last && interval.start <= last[1]) last[1] = Math.max(last[1], interval.end);
    else merged.push([interval.start, interval.end]);
    if (!furthest || interval.end > furthest.end) furthest = interval;
  }
  return merged;
}

function parseClock(text: string, isEnd: boolean, field: string, report: Report): number | undefined {
  if (text === '24:00') {
    if (isEnd) return 1440;
    report(field, '"24:00" can only end an interval');
    return undefined;
  }
  const match = HH_MM.exec(text);
  if (!match) {
    report(field, `${JSON.stringify(text)} is not HH:MM`);
    return undefined;
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * addBusinessMinutes would search forever on a calendar that never opens again, so such a calendar is
 * rejected here. Overrides and dated holidays are finite, so only the years after the last of them count,
 * and within those the recurring rules must open some date in a full 400-year Gregorian cycle (this is a
 * wall-clock check; an interval lost entirely in a DST gap is caught at run time by a search limit).
 */
function findWhyNeverOpen(rules: CalendarRules): CalendarSpecProblem | undefined {
  if (rules.week.every((intervals) => intervals.length === 0)) {
    return { field: 'week', reason: 'no weekday has an open interval, so the calendar would never open' };
  }
  const datedYears = [...rules.datedHolidays, ...rules.overrides.keys()].map(
    (day) => civilFromDays(day).year,
  );
  const firstYear = Math.max(2000, ...datedYears) + 1;
  for (let year = firstYear; year < firstYear + OPEN_TIME_SEARCH_YEARS; year++) {
    const holidays = holidaysOfYear(rules, year);
    const first = daysFromCivil(year, 1, 1);
    const count = isLeapYear(year) ? 366 : 365;
    for (let day = first; day < first + count; day++) {
      if (rules.week[weekdayIndex(day)].length > 0 && !holidays.has(day)) return undefined;
    }
  }
  return { field: 'holidays', reason: 'close every day the week opens, so the calendar would never open' };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
