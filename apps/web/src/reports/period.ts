/** The periods supervisors report on, as the api's inclusive from/to dates (pure, unit-tested). */
export type PeriodKind = 'month' | 'quarter' | 'half' | 'year';

export interface Period {
  kind: PeriodKind;
  year: number;
  /** Month 1-12, quarter 1-4, half 1-2; ignored for a year. */
  index: number;
}

const MONTHS_IN: Record<PeriodKind, number> = { month: 1, quarter: 3, half: 6, year: 12 };

export function periodRange(period: Period): { from: string; to: string } {
  const months = MONTHS_IN[period.kind];
  const first = period.kind === 'year' ? 1 : (period.index - 1) * months + 1;
  const last = first + months - 1;
  const lastDay = new Date(Date.UTC(period.year, last, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: `${period.year}-${pad(first)}-01`, to: `${period.year}-${pad(last)}-${pad(lastDay)}` };
}

export function periodCount(kind: PeriodKind): number {
  return 12 / MONTHS_IN[kind];
}

/**
 * The period the reports page opens on: the current year so far (issue 16.21), the figures a
 * supervisor looks at first; the previous periods are one choice away.
 */
export function currentYear(today: Date): Period {
  return { kind: 'year', year: today.getFullYear(), index: 1 };
}

/** The last complete period of a kind before `today` (what a supervisor reports on). */
export function previousPeriod(kind: PeriodKind, today: Date): Period {
  const year = today.getFullYear();
  const month = today.getMonth() + 1;
  if (kind === 'year') return { kind, year: year - 1, index: 1 };
  const months = MONTHS_IN[kind];
  const current = Math.floor((month - 1) / months) + 1;
  return current === 1 ? { kind, year: year - 1, index: 12 / months } : { kind, year, index: current - 1 };
}
