import { useQuery } from '@tanstack/react-query';

import { get } from '../client';
import type { Contact } from '../types';

/** Query keys of contacts: a search by what was typed. */
export const contactKeys = {
  all: () => ['contacts'] as const,
  search: (term: string) => ['contacts', term] as const,
};

/** The first eight contacts matching `term`; a short-lived cache while the agent types. */
export function useContactSearch(term: string, enabled: boolean) {
  return useQuery({
    queryKey: contactKeys.search(term),
    queryFn: ({ signal }) => get<Contact[]>('/api/contacts', { q: term, limit: 8 }, signal),
    enabled,
    staleTime: 30_000,
  });
}
