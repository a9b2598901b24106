import { DateTime } from 'luxon';
import type { NagiosEvent } from './nagios-log.util';

/** Calendar of the reports: months are Italian civil months. */
export const REPORT_ZONE = 'Europe/Rome';

const HOST_PROBLEMS: readonly string[] = ['DOWN', 'UNREACHABLE'];
const SERVICE_PROBLEMS: readonly string[] = ['WARNING', 'CRITICAL', 'UNKNOWN'];

/**
 * An alert or warning as the reports count them: each problem state change Nagios records
 * (HOST ALERT DOWN or UNREACHABLE, SERVICE ALERT WARNING, CRITICAL or UNKNOWN, SOFT or HARD);
 * CURRENT/INITIAL states and recoveries are not counted.
 */
export function isAlertOrWarning(e: NagiosEvent): boolean {
  if (e.kind !== 'state' || e.source !== 'alert') return false;
  return (e.service === null ? HOST_PROBLEMS : SERVICE_PROBLEMS).includes(e.state);
}

/** Month 'YYYY-MM' of an instant in the Europe/Rome calendar (DST-safe). */
export function romeMonth(at: Date): string {
  return DateTime.fromJSDate(at, { zone: REPORT_ZONE }).toFormat('yyyy-MM');
}

/**
 * Counts alerts and warnings per Europe/Rome calendar month 'YYYY-MM'.
 * Only months with at least one alert appear; keys are in ascending order.
 */
export function countAlertsByMonth(events: readonly NagiosEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of events) {
    if (!isAlertOrWarning(e)) continue;
    const month = romeMonth(e.at);
    counts.set(month, (counts.get(month) ?? 0) + 1);
  }
  return new Map([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
