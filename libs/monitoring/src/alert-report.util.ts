/** Where an alert count comes from: an imported Nagios log, notifications, or the reconciliation. */
export type AlertBasis = 'log' | 'notifications' | 'reconciliation';

/** Alerts and warnings of one local month by basis, as the state history gives them. */
export interface AlertMonthRow {
  year: number;
  month: number;
  basis: AlertBasis;
  n: number;
}

export interface AlertReport {
  year: number;
  basis: string;
  sources: Record<AlertBasis, number>;
  months: { label: string; current: number; previous: number }[];
  total: { current: number; previous: number; changePct: number | null; changePctOfCurrent: number | null };
}

const MONTHS = ['GEN', 'FEB', 'MAR', 'APR', 'MAG', 'GIU', 'LUG', 'AGO', 'SET', 'OTT', 'NOV', 'DIC'];

/** The year's alerts per month against the year before, with the sources of the year's count. */
export function alertReport(year: number, rows: readonly AlertMonthRow[]): AlertReport {
  const count = (y: number, month: number) =>
    rows.filter((r) => r.year === y && r.month === month).reduce((s, r) => s + r.n, 0);
  const sources = { log: 0, notifications: 0, reconciliation: 0 };
  for (const r of rows) if (r.year === year) sources[r.basis] += r.n;
  const byMonth = MONTHS.map((label, i) => ({
    label,
    current: count(year, i + 1),
    previous: count(year - 1, i + 1),
  }));
  const current = byMonth.reduce((s, m) => s + m.current, 0);
  const previous = byMonth.reduce((s, m) => s + m.previous, 0);
  return {
    year,
    basis: 'cambi di stato dalla storia degli stati di Nagios / state changes from the Nagios state history',
    sources,
    months: byMonth,
    total: {
      current,
      previous,
      changePct: previous ? Math.round(((current - previous) * 1000) / previous) / 10 : null,
      changePctOfCurrent: current ? Math.round(((current - previous) * 1000) / current) / 10 : null,
    },
  };
}
