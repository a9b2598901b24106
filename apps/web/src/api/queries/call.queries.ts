import { useQuery } from '@tanstack/react-query';

import { get } from '../client';

/** Query keys of the phone line: a day of the call log, the extension map. */
export const callKeys = {
  all: () => ['calls'] as const,
  day: (date: string) => ['calls', date] as const,
  extensions: () => ['extensions'] as const,
};

export interface CallLogEntry {
  id: string;
  callId: string;
  direction: 'in' | 'out';
  status: 'ringing' | 'talking' | 'answered' | 'missed';
  from: string | null;
  to: string | null;
  caller: string | null;
  startedAt: string;
  ringSeconds: number | null;
  talkSeconds: number | null;
  answeredBy: string | null;
  answeredByName: string | null;
  contact: { id: string; name: string; enteName: string | null } | null;
  ticket: { id: string; number: string } | null;
  calledBackAt: string | null;
}
export interface CallLog {
  date: string;
  totals: { ringing: number; answered: number; missed: number; outbound: number };
  calls: CallLogEntry[];
}
export interface Extension {
  extension: string;
  userId: string;
  userName: string;
}

/** A day's calls, asked again every 15 s; the previous day's stay shown while another loads. */
export function useCallLog(date: string) {
  return useQuery({
    queryKey: callKeys.day(date),
    queryFn: ({ signal }) => get<CallLog>('/api/calls', { date }, signal),
    refetchInterval: 15_000,
    placeholderData: (previous) => previous,
  });
}

export function useExtensions() {
  return useQuery({
    queryKey: callKeys.extensions(),
    queryFn: ({ signal }) => get<Extension[]>('/api/admin/extensions', undefined, signal),
  });
}

/** The phone line's months of a year (GET /api/reports/calls), for the reports page. */
export interface CallReport {
  year: number;
  months: {
    month: number;
    incoming: number;
    answered: number;
    missed: number;
    missedNotCalledBack: number;
    outbound: number;
    medianAnswerSeconds: number | null;
  }[];
  total: {
    incoming: number;
    answered: number;
    missed: number;
    missedNotCalledBack: number;
    outbound: number;
  };
}

export function useCallReport(year: number) {
  return useQuery({
    queryKey: [...callKeys.all(), 'report', year] as const,
    queryFn: ({ signal }) => get<CallReport>('/api/reports/calls', { year }, signal),
  });
}
