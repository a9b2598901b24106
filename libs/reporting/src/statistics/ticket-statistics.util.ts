import { DateTime } from 'luxon';

import { CsvDialect, csvDocument } from '../export/csv.util';

export type GroupBy = 'month' | 'quarter' | 'year';
export type ReportStatus = 'new' | 'open' | 'waiting' | 'resolved' | 'resolved_not_competent';

/** One aggregate row from the database: tickets received in a period, by channel and status. */
export interface StatusCountRow {
  period: string;
  channel: string;
  status: ReportStatus;
  n: number;
}

/** The columns of the consortium's tables. */
export interface TicketCounts {
  new: number;
  /** Aperto: taken in charge and not resolved, `waiting` included. */
  open: number;
  resolvedNotCompetent: number;
  resolved: number;
  handled: number;
  /** (resolved + not competent) / handled x 100, one decimal as in the reports; null when nothing was handled. */
  resolvedPct: number | null;
  /** The same ratio unrounded (0..1). */
  resolvedRatio: number | null;
}

export interface TicketStatistics {
  from: string;
  to: string;
  groupBy: GroupBy;
  asOf: string;
  channels: string[];
  periods: { period: string; label: string; byChannel: Record<string, TicketCounts>; total: TicketCounts }[];
  totals: { byChannel: Record<string, TicketCounts>; overall: TicketCounts };
}

const empty = () => ({ new: 0, open: 0, resolvedNotCompetent: 0, resolved: 0 });
type Tally = ReturnType<typeof empty>;

/** Percent with one decimal, computed on integers so that 99.75 does not become 99.7 by float error. */
export function resolvedPercent(done: number, handled: number): number | null {
  if (handled === 0) return null;
  return Math.round((done * 1000) / handled) / 10;
}

function counts(t: Tally): TicketCounts {
  const handled = t.new + t.open + t.resolvedNotCompetent + t.resolved;
  const done = t.resolved + t.resolvedNotCompetent;
  return {
    ...t,
    handled,
    resolvedPct: resolvedPercent(done, handled),
    resolvedRatio: handled === 0 ? null : done / handled,
  };
}

function add(t: Tally, status: ReportStatus, n: number): void {
  if (status === 'new') t.new += n;
  else if (status === 'open' || status === 'waiting') t.open += n;
  else if (status === 'resolved_not_competent') t.resolvedNotCompetent += n;
  else t.resolved += n;
}

/** Every period key ('YYYY-MM-01' of the period's first local day) between two local dates, inclusive. */
export function periodKeys(from: string, to: string, groupBy: GroupBy): string[] {
  const keys: string[] = [];
  // Local dates only: the arithmetic is on the calendar, in UTC so that no zone shifts a day.
  let cursor = DateTime.fromISO(from, { zone: 'utc' }).startOf(groupBy);
  const end = DateTime.fromISO(to, { zone: 'utc' });
  while (cursor <= end) {
    keys.push(cursor.toISODate()!);
    cursor = cursor.plus({ [`${groupBy}s`]: 1 });
  }
  return keys;
}

export function periodLabel(key: string, groupBy: GroupBy): string {
  const d = DateTime.fromISO(key);
  if (groupBy === 'year') return String(d.year);
  if (groupBy === 'quarter') return `${d.year}-Q${d.quarter}`;
  return d.toFormat('yyyy-MM');
}

/**
 * The reports' ticket table from aggregate rows: per period and channel, totals per channel and
 * overall, every period of the range present even when it had no tickets.
 */
export function buildTicketStatistics(
  rows: readonly StatusCountRow[],
  range: { from: string; to: string; groupBy: GroupBy; asOf: Date; channels?: string[] },
): TicketStatistics {
  const channels = range.channels ?? [...new Set(rows.map((r) => r.channel))].sort();
  const keys = periodKeys(range.from, range.to, range.groupBy);
  const cells = new Map<string, Tally>();
  const cell = (key: string) => cells.get(key) ?? (cells.set(key, empty()), cells.get(key)!);
  for (const row of rows) {
    if (!channels.includes(row.channel)) continue;
    add(cell(`${row.period}|${row.channel}`), row.status, row.n);
    add(cell(`${row.period}|*`), row.status, row.n);
    add(cell(`*|${row.channel}`), row.status, row.n);
    add(cell('*|*'), row.status, row.n);
  }
  const byChannel = (period: string) =>
    Object.fromEntries(channels.map((c) => [c, counts(cells.get(`${period}|${c}`) ?? empty())]));
  return {
    from: range.from,
    to: range.to,
    groupBy: range.groupBy,
    asOf: range.asOf.toISOString(),
    channels,
    periods: keys.map((period) => ({
      period: periodLabel(period, range.groupBy),
      label: periodLabel(period, range.groupBy),
      byChannel: byChannel(period),
      total: counts(cells.get(`${period}|*`) ?? empty()),
    })),
    totals: { byChannel: byChannel('*'), overall: counts(cells.get('*|*') ?? empty()) },
  };
}

/** The table as CSV rows, Italian headers as in the reports. */
const CHANNEL_NAMES: Record<'it' | 'en', Record<string, string>> = {
  it: { email: 'E-mail', phone: 'Telefono', web: 'Web', monitoring: 'Monitoraggio' },
  en: { email: 'E-mail', phone: 'Phone', web: 'Web', monitoring: 'Monitoring' },
};

export function ticketStatisticsCsv(report: TicketStatistics, dialect: CsvDialect = 'plain'): string {
  const english = dialect === 'en';
  const header = english
    ? ['period', 'channel', 'New', 'Open', 'Resolved - not competent', 'Resolved', 'Handled', '% Resolved']
    : [
        'periodo',
        'canale',
        'Nuovo',
        'Aperto',
        'Risolto - non di competenza',
        'Risolto',
        'Tot gestiti',
        '% Risolti',
      ];
  const total = english ? 'total' : 'totale';
  // The spreadsheet a person opens names the channels in their language; plain CSV keeps the codes.
  const names = dialect === 'plain' ? undefined : CHANNEL_NAMES[dialect];
  const line = (period: string, channel: string, c: TicketCounts) => [
    period,
    names?.[channel] ?? channel,
    c.new,
    c.open,
    c.resolvedNotCompetent,
    c.resolved,
    c.handled,
    c.resolvedPct === null ? '' : c.resolvedPct.toFixed(1),
  ];
  const rows = [
    header,
    ...report.periods.flatMap((p) => [
      ...report.channels.map((ch) => line(p.label, ch, p.byChannel[ch])),
      line(p.label, total, p.total),
    ]),
    ...report.channels.map((ch) => line(total, ch, report.totals.byChannel[ch])),
    line(total, total, report.totals.overall),
  ];
  return csvDocument(rows, dialect);
}
