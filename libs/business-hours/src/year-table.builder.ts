import { DateTime, IANAZone } from 'luxon';

import { CalendarRules, holidaysOfYear, wallIntervalsOf } from './calendar-rules.model';
import { CivilDate, civilFromDays, daysFromCivil, isLeapYear } from './civil-date.util';

/** Per-day codes of `YearTable.closedReason`. */
export const DAY_OPEN = 0;
export const DAY_CLOSED_WEEKEND = 1;
export const DAY_CLOSED_HOLIDAY = 2;
export const DAY_CLOSED_OVERRIDE = 3;

/**
 * One local calendar year of a calendar, as UTC epoch milliseconds. Queries only binary-search these
 * arrays; Luxon runs while a table is built and never afterwards.
 */
export interface YearTable {
  readonly year: number;
  readonly firstEpochDay: number;
  readonly dayCount: number;
  /** Instant of each local midnight, plus the next year's first one: `dayCount + 1` entries, non-decreasing. */
  readonly dayStart: Float64Array;
  /** Day `d` owns the intervals `[dayFirstInterval[d], dayFirstInterval[d + 1])`. */
  readonly dayFirstInterval: Int32Array;
  /** `DAY_OPEN` or why the day has no open time. */
  readonly closedReason: Uint8Array;
  /** Open intervals of the whole year, sorted, disjoint, each of positive length. */
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** Open milliseconds from the year's first midnight up to `ends[i]`: strictly increasing. */
  readonly cumulativeEnd: Float64Array;
  readonly totalOpenMs: number;
  /** `dayStart[0]` and `dayStart[dayCount]`: the year holds the instants `[start, end)`. */
  readonly start: number;
  readonly end: number;
}

export function buildYearTable(rules: CalendarRules, zone: IANAZone, year: number): YearTable {
  const firstEpochDay = daysFromCivil(year, 1, 1);
  const dayCount = isLeapYear(year) ? 366 : 365;
  const dates: CivilDate[] = [];
  for (let d = -1; d <= dayCount + 1; d++) dates.push(civilFromDays(firstEpochDay + d));
  const date = (d: number) => dates[d + 1];

  // Midnights -1 … dayCount + 1: the neighbours tell which midnights and days are near an offset change.
  const rawMidnights = dates.map((civil) => wallTime(zone, civil, 0));
  const midnights: DateTime[] = [];
  for (let d = 0; d <= dayCount; d++) {
    const [before, raw, after] = [rawMidnights[d], rawMidnights[d + 1], rawMidnights[d + 2]];
    const nearChange = before.offset !== raw.offset || raw.offset !== after.offset;
    midnights.push(nearChange ? earliestReading(raw) : raw);
  }
  const dayStart = new Float64Array(dayCount + 1);
  for (let d = 0; d <= dayCount; d++) {
    // Keeps the days in order even if a zone's history were stranger than the resolution rule expects.
    dayStart[d] = d === 0 ? midnights[0].toMillis() : Math.max(dayStart[d - 1], midnights[d].toMillis());
  }

  const holidays = holidaysOfYear(rules, year);
  const dayFirstInterval = new Int32Array(dayCount + 1);
  const closedReason = new Uint8Array(dayCount);
  const starts: number[] = [];
  const ends: number[] = [];
  for (let d = 0; d < dayCount; d++) {
    dayFirstInterval[d] = starts.length;
    const { intervals, source } = wallIntervalsOf(rules, firstEpochDay + d, holidays);
    const [dayFrom, dayTo] = [dayStart[d], dayStart[d + 1]];
    // Within a day whose two midnights share an offset nothing is ambiguous (see resolveWallTime).
    const changesOffset = midnights[d].offset !== midnights[d + 1].offset;
    const resolved: [number, number][] = [];
    for (const [startMinute, endMinute] of intervals) {
      const from = startMinute === 0 ? dayFrom : resolveWallTime(zone, date(d), startMinute, changesOffset);
      const to = endMinute === 1440 ? dayTo : resolveWallTime(zone, date(d), endMinute, changesOffset);
      const clippedFrom = Math.min(Math.max(from, dayFrom), dayTo);
      const clippedTo = Math.min(Math.max(to, dayFrom), dayTo);
      if (clippedTo > clippedFrom) resolved.push([clippedFrom, clippedTo]);
    }
    // Resolved intervals can overlap or fall out of order only around a spring-forward gap; take their union.
    resolved.sort((a, b) => a[0] - b[0]);
    for (const [from, to] of resolved) {
      const last = ends.length - 1;
      if (ends.length > dayFirstInterval[d] && from <= ends[last]) ends[last] = Math.max(ends[last], to);
      else {
        starts.push(from);
        ends.push(to);
      }
    }
    closedReason[d] =
      starts.length > dayFirstInterval[d]
        ? DAY_OPEN
        : source === 'override'
          ? DAY_CLOSED_OVERRIDE
          : source === 'holiday'
            ? DAY_CLOSED_HOLIDAY
            : DAY_CLOSED_WEEKEND;
  }
  dayFirstInterval[dayCount] = starts.length;

  const cumulativeEnd = new Float64Array(starts.length);
  let total = 0;
  for (let i = 0; i < starts.length; i++) {
    total += ends[i] - starts[i];
    cumulativeEnd[i] = total;
  }
  return {
    year,
    firstEpochDay,
    dayCount,
    dayStart,
    dayFirstInterval,
    closedReason,
    starts: Float64Array.from(starts),
    ends: Float64Array.from(ends),
    cumulativeEnd,
    totalOpenMs: total,
    start: dayStart[0],
    end: dayStart[dayCount],
  };
}

/**
 * A local wall-clock time as an instant. Luxon decides what a wall time means, with one correction:
 * - A time that does not exist (the spring-forward gap) is moved forward by the length of the gap, which is
 *   Luxon's own rule: 02:30 on 2026-03-29 in Rome is read as 03:30+02:00. So an interval ending in the gap
 *   keeps its wall-clock length (01:00-02:30 lasts 1h30, until 03:30), and one lying wholly inside it
 *   (02:00-03:00) lasts nothing that night.
 * - A time that happens twice (the fall-back hour) is read as its FIRST occurrence, the earlier offset.
 *   Luxon alone would pick the offset the zone has at the moment the code runs (its guess comes from
 *   Settings.now()), so the same calendar would give different tables in July and in January. Taking the
 *   earliest of `getPossibleOffsets()` makes it fixed, and matches the "compatible" choice of java.time and
 *   Temporal. Hence 02:00-03:00 on 2026-10-25 in Rome lasts two real hours, and the day starts at its first
 *   midnight where midnight repeats.
 * Only days whose midnights have different offsets are checked for ambiguity: a day that changes offset and
 * changes it back before the next midnight is assumed not to exist (no zone does that).
 */
function resolveWallTime(zone: IANAZone, date: CivilDate, minuteOfDay: number, mayRepeat: boolean): number {
  const time = wallTime(zone, date, minuteOfDay);
  return (mayRepeat ? earliestReading(time) : time).toMillis();
}

function wallTime(zone: IANAZone, date: CivilDate, minuteOfDay: number): DateTime {
  const time = DateTime.local(
    date.year,
    date.month,
    date.day,
    Math.floor(minuteOfDay / 60),
    minuteOfDay % 60,
    {
      zone,
    },
  );
  if (!time.isValid)
    throw new RangeError(`Cannot place ${JSON.stringify(date)} in ${zone.name}: ${time.invalidReason}`);
  return time;
}

function earliestReading(time: DateTime): DateTime {
  let earliest = time;
  for (const candidate of time.getPossibleOffsets())
    if (candidate.toMillis() < earliest.toMillis()) earliest = candidate;
  return earliest;
}
