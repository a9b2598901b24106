import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DateTime } from 'luxon';

/**
 * The zone of the default calendar the fixtures and the seed use, read from that calendar. The
 * folder is found as the apps find it (CONFIG_DIR's default, from the working directory), not
 * from this file's place: the benchmarks run this file compiled into dist-bench/.
 */
export const CALENDAR_ZONE = (
  JSON.parse(readFileSync(join(process.cwd(), 'config/calendars/cst.json'), 'utf8')) as {
    timeZone: string;
  }
).timeZone;

/**
 * The calendar day (YYYY-MM-DD) of an instant in the calendar's zone. Report periods are days in
 * that zone, so a spec that takes "today" from toISOString() asks for yesterday between midnight in
 * Rome and midnight UTC, and finds nothing of what it has just done.
 */
export function calendarDate(at: Date = new Date()): string {
  return DateTime.fromJSDate(at, { zone: CALENDAR_ZONE }).toISODate()!;
}
