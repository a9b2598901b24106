import { useInfiniteQuery, useQuery } from '@tanstack/react-query';

import { get, type Query } from '../client';
import type { Attachment, ClockView, Ticket, TicketPage } from '../types';

/**
 * Query keys of tickets. A list key starts with `all()` and a ticket's own data with `detail(id)`,
 * so invalidating those prefixes refreshes every list or everything shown of one ticket.
 */
export const ticketKeys = {
  all: () => ['tickets'] as const,
  list: (query: object) => ['tickets', query] as const,
  byRequester: (requesterId: string | undefined) => ['tickets', 'requester', requesterId] as const,
  detail: (id: string | undefined) => ['ticket', id] as const,
  clocks: (id: string | undefined) => ['ticket', id, 'sla'] as const,
  attachments: (id: string | undefined) => ['ticket', id, 'attachments'] as const,
};

export function useTicket(id: string | undefined) {
  return useQuery({ queryKey: ticketKeys.detail(id), queryFn: () => get<Ticket>(`/api/tickets/${id}`) });
}

export function useTicketClocks(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ticketKeys.clocks(id),
    enabled,
    queryFn: () => get<ClockView[]>(`/api/tickets/${id}/sla`),
  });
}

export function useTicketAttachments(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ticketKeys.attachments(id),
    enabled,
    queryFn: () => get<Attachment[]>(`/api/tickets/${id}/attachments`),
  });
}

/** A page of the queue by cursor; the previous filter's rows stay shown while another loads. */
export function useTicketQueue(query: Query) {
  return useInfiniteQuery({
    queryKey: ticketKeys.list(query),
    queryFn: ({ pageParam, signal }) =>
      get<TicketPage>('/api/tickets', { ...query, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

/** The requester's ten latest tickets, once the ticket says who the requester is. */
export function useRequesterTickets(requesterId: string | undefined) {
  return useQuery({
    queryKey: ticketKeys.byRequester(requesterId),
    enabled: !!requesterId,
    queryFn: () => get<TicketPage>('/api/tickets', { requesterId, limit: 10, sort: '-received' }),
  });
}
