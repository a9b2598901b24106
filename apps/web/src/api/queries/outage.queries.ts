import { useQuery } from '@tanstack/react-query';

import { get } from '../client';
import type { Outage, OutageSummary } from '../types';

/**
 * Query keys of outages: the lists start with `all()`, so invalidating it refreshes every list;
 * one outage's data lives under `detail(id)`.
 */
export const outageKeys = {
  all: () => ['outages'] as const,
  open: () => ['outages', 'open'] as const,
  range: (from: string, to: string) => ['outages', 'range', from, to] as const,
  detail: (id: string | undefined) => ['outage', id] as const,
};

/** The outages still open, asked again every `refetchInterval` ms. */
export function useOpenOutages(refetchInterval: number) {
  return useQuery({
    queryKey: outageKeys.open(),
    queryFn: ({ signal }) => get<OutageSummary[]>('/api/outages', { open: 'true' }, signal),
    refetchInterval,
  });
}

/** The outages of a date range; the previous range's stay shown while another loads. */
export function useOutagesInRange(from: string, to: string, refetchInterval: number) {
  return useQuery({
    queryKey: outageKeys.range(from, to),
    queryFn: ({ signal }) => get<OutageSummary[]>('/api/outages', { from, to }, signal),
    refetchInterval,
    placeholderData: (previous) => previous,
  });
}

export function useOutage(id: string | undefined, refetchInterval: number) {
  return useQuery({
    queryKey: outageKeys.detail(id),
    queryFn: ({ signal }) => get<Outage>(`/api/outages/${id}`, undefined, signal),
    refetchInterval,
  });
}
