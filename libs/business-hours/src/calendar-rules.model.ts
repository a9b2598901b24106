import { daysFromCivil, daysInMonth, isLeapYear, weekdayIndex } from './civil-date.util';
import { easterSunday, FIRST_GREGORIAN_YEAR } from './easter.util';

/** Local years a calendar can answer for: Gregorian Easter rules start in 1583; four-digit dates end in 9999. */
export const MIN_YEAR = FIRST_GREGORIAN_YEAR;
export const MAX_YEAR = 9999;

/** `easter±N` stays within a year so that a year's holidays only depend on its own and adjacent Easters. */
export const MAX_EASTER_OFFSET = 365;

/** Minutes since local midnight, `[start, end)`, `end <= 1440` (1440 = the next local midnight). */
export type WallInterval = readonly [start: number, end: number];

/** A validated spec in numbers: what the year tables are built from. */
export interface CalendarRules {
  readonly timeZone: string;
  /** Index 0 = Monday. Each day's intervals are sorted and disjoint, touching ones merged. */
  readonly week: readonly (readonly WallInterval[])[];
  readonly annualHolidays: readonly { readonly month: number; readonly day: number }[];
  /** Epoch days of the `YYYY-MM-DD` holidays. */
  readonly datedHolidays: readonly number[];
  readonly easterOffsets: readonly number[];
  /** Epoch day → that date's own intervals. */
  readonly overrides: ReadonlyMap<number, readonly WallInterval[]>;
}

export type DaySource = 'week' | 'holiday' | 'override';

/** Epoch days of the holidays falling in a local year. */
export function holidaysOfYear(rules: CalendarRules, year: number): Set<number> {
  const first = daysFromCivil(year, 1, 1);
  const last = first + (isLeapYear(year) ? 366 : 365) - 1;
  const days = new Set<number>();
  for (const { month, day } of rules.annualHolidays) {
    // "02-29" is a holiday in leap years only; it does not move to 28 February or 1 March.
    if (day <= daysInMonth(year, month)) days.add(daysFromCivil(year, month, day));
  }
  for (const day of rules.datedHolidays) if (day >= first && day <= last) days.add(day);
  if (rules.easterOffsets.length > 0) {
    // A large offset can carry the previous or the next year's Easter into this year.
    for (let y = year - 1; y <= year + 1; y++) {
      if (y < FIRST_GREGORIAN_YEAR) continue;
      const easter = easterSunday(y);
      const easterDay = daysFromCivil(y, easter.month, easter.day);
      for (const offset of rules.easterOffsets) {
        const day = easterDay + offset;
        if (day >= first && day <= last) days.add(day);
      }
    }
  }
  return days;
}

/** The wall-clock intervals of one local date and the rule that decided them (override, then holiday, then week). */
export function wallIntervalsOf(
  rules: CalendarRules,
  epochDay: number,
  holidays: ReadonlySet<number>,
): { intervals: readonly WallInterval[]; source: DaySource } {
  const override = rules.overrides.get(epochDay);
  if (override) return { intervals: override, source: 'override' };
  if (holidays.has(epochDay)) return { intervals: [], source: 'holiday' };
  return { intervals: rules.week[weekdayIndex(epochDay)], source: 'week' };
}
