import { DateTime } from 'luxon';

import type { DataClass, RetentionRule } from './privacy-policy.types';

const DAY_MS = 86_400_000;

/**
 * The instant before which each class of data is past its time, as of `asOf`. Days are 24-hour
 * days: an hour more or less across a DST change does not matter for periods counted in years.
 */
export function retentionCutoffs(
  retention: Record<DataClass, RetentionRule>,
  asOf: Date,
): Record<DataClass, Date> {
  return Object.fromEntries(
    Object.entries(retention).map(([cls, rule]) => [cls, new Date(asOf.getTime() - rule.days * DAY_MS)]),
  ) as Record<DataClass, Date>;
}

/** `--as-of YYYY-MM-DD`: the end of that local day in the calendar's zone is "now" (null: not a date). */
export function parseAsOf(text: string, zone: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const day = DateTime.fromISO(text, { zone });
  return day.isValid ? day.endOf('day').toJSDate() : null;
}
