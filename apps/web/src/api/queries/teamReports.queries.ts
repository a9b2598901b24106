import { useQuery } from '@tanstack/react-query';

import { get } from '../client';
import type { Schemas } from '../types';

export type TicketLink = Schemas['TicketLinkResponse'];
export type MergeCandidate = Schemas['MergeCandidateResponse'];
export type PerformanceReport = Schemas['PerformanceReportResponse'];
export type PerformanceLine = Schemas['PerformanceLineResponse'];
export type Workload = Schemas['WorkloadResponse'];
export type WorkloadAgent = Schemas['WorkloadAgentResponse'];

/**
 * Query keys of merge/links (under the ticket's own key, so the ticket's invalidation refreshes
 * them), of the team and agent reports and of the workload view (issue 19.7-19.9).
 */
export const teamReportKeys = {
  links: (ticketId: string) => ['ticket', ticketId, 'links'] as const,
  candidates: (ticketId: string) => ['ticket', ticketId, 'merge-candidates'] as const,
  report: (by: 'teams' | 'agents', query: object) => ['reports', by, query] as const,
  workload: (teamId: string) => ['workload', teamId] as const,
};

export function useTicketLinks(ticketId: string) {
  return useQuery({
    queryKey: teamReportKeys.links(ticketId),
    queryFn: ({ signal }) => get<TicketLink[]>(`/api/tickets/${ticketId}/links`, undefined, signal),
  });
}

export function useMergeCandidates(ticketId: string, enabled: boolean) {
  return useQuery({
    queryKey: teamReportKeys.candidates(ticketId),
    queryFn: ({ signal }) =>
      get<MergeCandidate[]>(`/api/tickets/${ticketId}/merge-candidates`, undefined, signal),
    enabled,
  });
}

export function usePerformanceReport(
  by: 'teams' | 'agents',
  query: { from: string; to: string; teamId?: string },
) {
  return useQuery({
    queryKey: teamReportKeys.report(by, query),
    queryFn: ({ signal }) => get<PerformanceReport>(`/api/reports/${by}`, query, signal),
  });
}

/** The workload changes by the minute: refreshed every 30 s while shown. */
export function useWorkload(teamId: string) {
  return useQuery({
    queryKey: teamReportKeys.workload(teamId),
    queryFn: ({ signal }) => get<Workload>('/api/workload', { teamId: teamId || undefined }, signal),
    refetchInterval: 30_000,
  });
}
