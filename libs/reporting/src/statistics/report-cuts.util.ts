import { resolvedPercent, StatusCountRow, TicketCounts } from './ticket-statistics.util';

/** Office hours of the reports: 08:00-18:00 local. */
export const OFFICE_OPENS = 8;
export const OFFICE_CLOSES = 18;

export interface ArrivalsByHour {
  hours: { hour: number; tickets: number }[];
  total: number;
  outsideOfficeHours: number;
  /** Share of arrivals between 18:00 and 08:00, one decimal (the reports' "27% tra le 18 e le 8"). */
  outsideOfficeHoursPct: number | null;
  /** Share of arrivals when the business calendar was closed (nights, weekends, holidays). */
  outsideBusinessCalendarPct: number | null;
}

export function arrivalsByHour(
  rows: readonly { hour: number; n: number }[],
  closedCalendarArrivals: number,
): ArrivalsByHour {
  const hours = Array.from({ length: 24 }, (_, hour) => ({
    hour,
    tickets: rows.find((r) => r.hour === hour)?.n ?? 0,
  }));
  const total = hours.reduce((s, h) => s + h.tickets, 0);
  const outside = hours
    .filter((h) => h.hour < OFFICE_OPENS || h.hour >= OFFICE_CLOSES)
    .reduce((s, h) => s + h.tickets, 0);
  return {
    hours,
    total,
    outsideOfficeHours: outside,
    outsideOfficeHoursPct: resolvedPercent(outside, total),
    outsideBusinessCalendarPct: resolvedPercent(closedCalendarArrivals, total),
  };
}

/** The ticket columns per ente or category (rows grouped by that key instead of a period). */
export function countsByKey(
  rows: readonly StatusCountRow[],
  names: ReadonlyMap<string, string>,
): { id: string | null; name: string; counts: TicketCounts }[] {
  const tallies = new Map<
    string,
    { new: number; open: number; resolvedNotCompetent: number; resolved: number }
  >();
  for (const row of rows) {
    const t = tallies.get(row.period) ?? { new: 0, open: 0, resolvedNotCompetent: 0, resolved: 0 };
    if (row.status === 'new') t.new += row.n;
    else if (row.status === 'open' || row.status === 'waiting') t.open += row.n;
    else if (row.status === 'resolved_not_competent') t.resolvedNotCompetent += row.n;
    else t.resolved += row.n;
    tallies.set(row.period, t);
  }
  return [...tallies.entries()]
    .map(([key, t]) => {
      const handled = t.new + t.open + t.resolvedNotCompetent + t.resolved;
      const done = t.resolved + t.resolvedNotCompetent;
      return {
        id: key === '-' ? null : key,
        name: key === '-' ? '(non indicato / not set)' : (names.get(key) ?? key),
        counts: {
          ...t,
          handled,
          resolvedPct: resolvedPercent(done, handled),
          resolvedRatio: handled ? done / handled : null,
        },
      };
    })
    .sort((a, b) => b.counts.handled - a.counts.handled || a.name.localeCompare(b.name));
}

export interface YearOverYear {
  label: string;
  current: number;
  previous: number;
  /** (current - previous) / previous x 100, one decimal; null when the base year had none. */
  changePct: number | null;
  /**
   * (current - previous) / current x 100: how the 2017 report computed its "+43%" (9,299 -> 16,208
   * Nagios alerts), kept beside the usual figure so the report can be reproduced exactly.
   */
  changePctOfCurrent: number | null;
}

/** Any count against the same period a year earlier, as the 2016/2017 comparison tables show it. */
export function yearOverYear(
  labels: readonly string[],
  current: readonly number[],
  previous: readonly number[],
): YearOverYear[] {
  return labels.map((label, i) => ({
    label,
    current: current[i] ?? 0,
    previous: previous[i] ?? 0,
    changePct: previous[i] ? Math.round(((current[i] - previous[i]) * 1000) / previous[i]) / 10 : null,
    changePctOfCurrent: current[i] ? Math.round(((current[i] - previous[i]) * 1000) / current[i]) / 10 : null,
  }));
}
