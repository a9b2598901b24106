import { useQuery } from '@tanstack/react-query';

import { ApiError, get, setCsrfToken } from '../client';
import type { Me } from '../types';

/** Query key of the signed-in user: one place for the session, sign-in and the live stream to name it. */
export const sessionKeys = {
  me: () => ['me'] as const,
};

/** The signed-in user, null when signed out (a 401); its CSRF token is kept for the writes. */
export function useMe() {
  return useQuery({
    queryKey: sessionKeys.me(),
    queryFn: async () => {
      try {
        const who = await get<Me>('/api/auth/me');
        setCsrfToken(who.csrfToken);
        return who;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Infinity,
    retry: false,
  });
}
