import { useQuery } from '@tanstack/react-query';

import { get } from '../client';

/** How the satisfaction report groups the surveys (GET /api/reports/satisfaction?by=). */
export type SatisfactionGrouping = 'month' | 'channel' | 'ente' | 'team' | 'agent';

/** One group's figures: `key` is the month (YYYY-MM), the channel, or the ente's, team's or agent's id. */
export interface SatisfactionLine {
  key: string | null;
  name: string | null;
  sent: number;
  answered: number;
  /** Answered / sent, in percent (one decimal); null when none was sent. */
  responseRate: number | null;
  average: number | null;
  /** How many answered 1, 2, 3, 4 and 5. */
  scores: number[];
}

export interface SatisfactionComment {
  answeredAt: string;
  score: number;
  comment: string;
  ticketId: string;
  number: string;
  channel: string;
  ente: string | null;
  team: string | null;
  agent: string | null;
}

/**
 * The citizens' satisfaction of a period (issue 20.3; supervisors and admins). The api declares
 * no response schema for it (it also answers CSV), hence the local types.
 */
export interface SatisfactionReport {
  from: string;
  to: string;
  by: SatisfactionGrouping;
  rows: SatisfactionLine[];
  total: SatisfactionLine;
  comments: SatisfactionComment[];
}

export const SATISFACTION_PATH = '/api/reports/satisfaction';

export const satisfactionKeys = {
  report: (query: { from: string; to: string; by: SatisfactionGrouping }) =>
    ['report', 'satisfaction', query] as const,
};

export function useSatisfactionReport(query: { from: string; to: string; by: SatisfactionGrouping }) {
  return useQuery({
    queryKey: satisfactionKeys.report(query),
    queryFn: ({ signal }) => get<SatisfactionReport>(SATISFACTION_PATH, query, signal),
  });
}
