import { useQueryClient } from '@tanstack/react-query';
import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo } from 'react';

import { post, setCsrfToken, whenUnauthenticated } from '../api/client';
import { sessionKeys, useMe } from '../api/queries/session.queries';
import type { Me } from '../api/types';

interface Session {
  me: Me | null;
  loading: boolean;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Who is signed in, read from /api/auth/me (the cookie is HttpOnly: the page cannot read it). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const me = useMe();

  useEffect(() => whenUnauthenticated(() => client.setQueryData(sessionKeys.me(), null)), [client]);

  const login = useCallback(
    async (email: string, password: string) => {
      const res = await post<{ user: Me; csrfToken: string }>('/api/auth/login', { email, password });
      setCsrfToken(res.csrfToken);
      client.setQueryData(sessionKeys.me(), { ...res.user, enteIds: [], csrfToken: res.csrfToken });
      await client.invalidateQueries({ queryKey: sessionKeys.me() });
    },
    [client],
  );

  const logout = useCallback(async () => {
    await post('/api/auth/logout').catch(() => undefined);
    setCsrfToken(null);
    // Signed out: "me" empties first (the page shows the sign-in form), then every other
    // cached answer goes. client.clear() also dropped the query the session observes, so the
    // page kept showing the signed-out user.
    client.setQueryData(sessionKeys.me(), null);
    client.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKeys.me()[0] });
  }, [client]);

  const value = useMemo(
    () => ({ me: me.data ?? null, loading: me.isLoading, login, logout }),
    [me.data, me.isLoading, login, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export function isStaff(me: Me | null): boolean {
  return !!me && me.role !== 'ente_referent';
}
