import { useQuery } from '@tanstack/react-query';

import { get } from '../client';
import type { Contact, Schemas } from '../types';

/** Query keys of contacts: a search by what was typed, and one person's record. */
export const contactKeys = {
  all: () => ['contacts'] as const,
  search: (term: string, limit: number) => ['contacts', term, limit] as const,
  detail: (id: string | undefined) => ['contact', id] as const,
};

/** The first `limit` contacts matching `term`; a short-lived cache while the agent types. */
export function useContactSearch(term: string, enabled: boolean, limit = 8) {
  return useQuery({
    queryKey: contactKeys.search(term, limit),
    queryFn: ({ signal }) => get<Contact[]>('/api/contacts', { q: term, limit }, signal),
    enabled,
    staleTime: 30_000,
  });
}

/** One of the person's tickets as their record lists it. */
export type ContactTicket = Schemas['ContactTicketResponse'];

/** A person with their tickets, newest first (GET /api/contacts/:id, supervisors and admins). */
export type ContactRecord = Schemas['ContactRecordResponse'];

export function useContactRecord(id: string | undefined) {
  return useQuery({
    queryKey: contactKeys.detail(id),
    enabled: !!id,
    queryFn: () => get<ContactRecord>(`/api/contacts/${id}`),
  });
}
