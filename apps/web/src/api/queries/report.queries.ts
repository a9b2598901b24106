import { useQuery } from '@tanstack/react-query';

import { get } from '../client';
import type { TicketPage } from '../types';

/** Query keys of the reports page: each report by its period, the tickets behind one figure. */
export const reportKeys = {
  all: () => ['report'] as const,
  tickets: (from: string, to: string) => ['report', 'tickets', from, to] as const,
  sla: (from: string, to: string) => ['report', 'sla', from, to] as const,
  yearOverYear: (from: string, to: string) => ['report', 'yoy', from, to] as const,
  arrivals: (from: string, to: string) => ['report', 'arrivals', from, to] as const,
  drill: (drill: Drill) => ['drill', drill] as const,
  byKey: (key: BreakdownKey, from: string, to: string) => ['report', 'by', key, from, to] as const,
};

/** The years the reports can show (GET /api/reports/years): from the first data to this year. */
export function useReportYears() {
  return useQuery({
    queryKey: [...reportKeys.all(), 'years'] as const,
    queryFn: ({ signal }) => get<{ first: number; last: number }>('/api/reports/years', undefined, signal),
    staleTime: 10 * 60_000,
  });
}

/** What a breakdown is cut by: ente, category, or tag (supervisors and admins only). */
export type BreakdownKey = 'ente' | 'category' | 'tag';

/**
 * The tickets of a period per ente, category or tag (GET /api/reports/tickets/by-ente|by-category|
 * by-tag): `id` is the ente's or category's id, the tag's name; null for the tickets without one.
 */
export interface BreakdownReport {
  rows: { id: string | null; name: string; counts: Counts }[];
}

/** The api path of a breakdown (also its CSV / XLSX download with `format` and `lang`). */
export const breakdownPath = (key: BreakdownKey) => `/api/reports/tickets/by-${key}`;

export function useBreakdownReport(key: BreakdownKey, { from, to }: Range) {
  return useQuery({
    queryKey: reportKeys.byKey(key, from, to),
    queryFn: ({ signal }) => get<BreakdownReport>(breakdownPath(key), { from, to }, signal),
  });
}

export interface Counts {
  new: number;
  open: number;
  resolvedNotCompetent: number;
  resolved: number;
  handled: number;
  resolvedPct: number | null;
}
export interface TicketReport {
  channels: string[];
  periods: { period: string; label: string; byChannel: Record<string, Counts>; total: Counts }[];
  totals: { byChannel: Record<string, Counts>; overall: Counts };
}
export interface SlaRow {
  code: string;
  title: string;
  target: string;
  applied?: number;
  met?: number;
  breached?: number;
  running?: number;
  compliancePct?: number | null;
  measured?: string;
  /** Monitoring rows: the uptime % or the milliseconds measured (null: no data). */
  measuredValue?: number | null;
  measuredUnit?: '%' | 'ms' | null;
  deviation: string;
  /** The row's words in English (the api keeps the consortium's Italian in the main fields). */
  en?: { title: string; target: string; measured: string; deviation: string };
  /** SLA.11: each report period, when it was due and sent, on time or not. */
  deliveries?: {
    period: string;
    dueAt: string;
    sentAt: string | null;
    state: 'met' | 'breached' | 'running';
  }[];
}
/** One period against the same period a year earlier (`label` is "this / last year's"). */
export interface YearOverYearRow {
  label: string;
  current: number;
  previous: number;
  changePct: number | null;
}
export interface YearOverYear {
  byChannel: Record<string, YearOverYearRow[]>;
  /** Every channel together, period by period: summed by the api. */
  total: YearOverYearRow[];
}
export interface Arrivals {
  hours: { hour: number; tickets: number }[];
  /** Share of arrivals between 18:00 and 08:00, one decimal; null without arrivals. */
  outsideOfficeHoursPct: number | null;
}

/** A figure of the report opened: the ticket query behind it, or the SLA breaches of a code. */
export interface Drill {
  title: string;
  query: Record<string, string | undefined>;
  breaches?: { from: string; to: string; code: string };
  /** SLA.11's late reports: the periods themselves, not tickets. */
  deliveries?: NonNullable<SlaRow['deliveries']>;
}

/** One line of a drill-down: a ticket, its current status when the list is of tickets. */
export interface DrillRow {
  id: string;
  number: string;
  subject: string;
  status: string | null;
}

interface Range {
  from: string;
  to: string;
}

export function useTicketReport({ from, to }: Range) {
  return useQuery({
    queryKey: reportKeys.tickets(from, to),
    queryFn: () => get<TicketReport>('/api/reports/tickets', { from, to, groupBy: 'month' }),
  });
}

export function useSlaReport({ from, to }: Range) {
  return useQuery({
    queryKey: reportKeys.sla(from, to),
    queryFn: () => get<{ rows: SlaRow[] }>('/api/reports/sla', { from, to }),
  });
}

export function useYearOverYearReport({ from, to }: Range) {
  return useQuery({
    queryKey: reportKeys.yearOverYear(from, to),
    queryFn: () => get<YearOverYear>('/api/reports/tickets/year-over-year', { from, to, groupBy: 'month' }),
  });
}

export function useArrivalsReport({ from, to }: Range) {
  return useQuery({
    queryKey: reportKeys.arrivals(from, to),
    queryFn: () => get<Arrivals>('/api/reports/arrivals', { from, to }),
  });
}

/** The tickets behind a figure: the SLA breaches of a code, or up to 200 tickets of a query. */
export function useDrillDown(drill: Drill) {
  return useQuery({
    queryKey: reportKeys.drill(drill),
    enabled: !drill.deliveries,
    queryFn: async (): Promise<DrillRow[]> =>
      drill.breaches
        ? (
            await get<{ ticketId: string; number: string; subject: string; channel: string }[]>(
              '/api/reports/sla/breaches',
              drill.breaches,
            )
          ).map((b) => ({ id: b.ticketId, number: b.number, subject: b.subject, status: null }))
        : (await get<TicketPage>('/api/tickets', { ...drill.query, limit: 200, sort: 'received' })).items.map(
            (i) => ({ id: i.id, number: i.number, subject: i.subject, status: i.status }),
          ),
  });
}
