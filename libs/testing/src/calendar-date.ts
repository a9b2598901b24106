import { DateTime } from 'luxon';

/** The zone of the default calendar the fixtures and the seed use. */
export const CALENDAR_ZONE = 'Europe/Rome';

/**
 * The calendar day (YYYY-MM-DD) of an instant in the calendar's zone. Report periods are days in
 * that zone, so a spec that takes "today" from toISOString() asks for yesterday between midnight in
 * Rome and midnight UTC, and finds nothing of what it has just done.
 */
export function calendarDate(at: Date = new Date()): string {
  return DateTime.fromJSDate(at, { zone: CALENDAR_ZONE }).toISODate()!;
}
