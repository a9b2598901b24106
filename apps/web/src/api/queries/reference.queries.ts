import { useQuery } from '@tanstack/react-query';

import { get } from '../client';
import type { Category, Ente, Ref } from '../types';

/** Query keys of the reference lists (entes, categories, assignable users): one place to invalidate them. */
export const referenceKeys = {
  entes: () => ['entes'] as const,
  categories: () => ['categories'] as const,
  users: () => ['users'] as const,
  /** The staff with their roles (the extension map): under `users()`, refreshed with it. */
  staff: () => ['users', 'staff'] as const,
};

/** Reference lists change rarely: a form may reuse what another screen fetched. */
const REFERENCE_STALE_MS = 600_000;
const USERS_STALE_MS = 300_000;

export function useEntes({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: referenceKeys.entes(),
    queryFn: () => get<Ente[]>('/api/entes'),
    staleTime: REFERENCE_STALE_MS,
    enabled,
  });
}

export function useCategories({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: referenceKeys.categories(),
    queryFn: () => get<Category[]>('/api/categories'),
    staleTime: REFERENCE_STALE_MS,
    enabled,
  });
}

export function useAssignableUsers() {
  return useQuery({
    queryKey: referenceKeys.users(),
    queryFn: () => get<Ref[]>('/api/users'),
    staleTime: USERS_STALE_MS,
  });
}

export interface StaffMember {
  id: string;
  name: string;
  role: string;
}

/** Users with their roles, for the admin's extension map (referents filtered out by the page). */
export function useStaff() {
  return useQuery({
    queryKey: referenceKeys.staff(),
    queryFn: ({ signal }) => get<StaffMember[]>('/api/users', undefined, signal),
    staleTime: REFERENCE_STALE_MS,
  });
}
