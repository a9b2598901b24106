/** Weekday keys of `CalendarSpec.week`, Monday first (ISO order). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `["HH:MM", "HH:MM"]`, local wall clock, end exclusive; `"24:00"` may end an interval (next midnight). */
export type TimeRange = readonly [string, string];

/**
 * A business-hours calendar as kept in `config/calendars/*.json`.
 * `compileCalendar` validates every field at run time, so `JSON.parse(text) as CalendarSpec` is safe to pass.
 */
export interface CalendarSpec {
  /** IANA name, e.g. "Europe/Rome". */
  timeZone: string;
  /** All seven weekdays must be present; `[]` closes a weekday. */
  week: Readonly<Record<Weekday, readonly TimeRange[]>>;
  /** `"MM-DD"` every year, `"YYYY-MM-DD"` once, `"easter+N"` / `"easter-N"` relative to Easter Sunday. */
  holidays?: readonly string[];
  /** `"YYYY-MM-DD"` → that date's own intervals, replacing the week and any holiday (`[]` closes it). */
  overrides?: Readonly<Record<string, readonly TimeRange[]>>;
}

export interface OpenInterval {
  start: Date;
  end: Date;
}

/**
 * Why a local date has no open time. When several rules apply the one that decided wins, in the order
 * the calendar applies them: an override, then a holiday, then the week (so Christmas on a Sunday is a holiday).
 */
export type ClosedReason = 'weekend' | 'holiday' | 'override';

export interface ClosedDay {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  reason: ClosedReason;
}
