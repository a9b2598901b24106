import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';

import { sessionKeys } from '../api/queries/session.queries';
import { ticketKeys } from '../api/queries/ticket.queries';
import type { LiveCall } from '../api/types';

export interface TicketChange {
  id: string;
  number: string;
  status: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

type Listener = (changes: TicketChange[]) => void;

interface Live {
  /** Tickets that arrived since the agent last looked at the queue. */
  unseen: number;
  markSeen(): void;
  subscribe(listener: Listener): () => void;
  connected: boolean;
  /** Calls ringing or on the line now (the phone line, issue 24), newest last. */
  calls: LiveCall[];
  dismissCall(id: string): void;
}

const LiveContext = createContext<Live | null>(null);

/**
 * The server's change stream (/api/events): refreshes every query that shows a changed ticket
 * and counts arrivals for the tab title. EventSource reconnects by itself after a drop.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const listeners = useRef(new Set<Listener>());
  const [unseen, setUnseen] = useState(0);
  const [connected, setConnected] = useState(false);
  const [openedAt] = useState(() => Date.now());
  const counted = useRef(new Set<string>());
  const [calls, setCalls] = useState<LiveCall[]>([]);
  const dismissed = useRef(new Set<string>());

  useEffect(() => {
    const source = new EventSource('/api/events');
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener('tickets', (event) => {
      const { changes } = JSON.parse((event as MessageEvent<string>).data) as { changes: TicketChange[] };
      void client.invalidateQueries({ queryKey: ticketKeys.all() });
      for (const change of changes) void client.invalidateQueries({ queryKey: ticketKeys.detail(change.id) });
      // An arrival is a ticket created since this page opened, counted once however often it changes.
      const arrivals = changes.filter(
        (c) => Date.parse(c.createdAt) >= openedAt - 5_000 && !counted.current.has(c.id),
      );
      arrivals.forEach((c) => counted.current.add(c.id));
      if (arrivals.length) setUnseen((n) => n + arrivals.length);
      listeners.current.forEach((listener) => listener(changes));
    });
    // A call stays on screen while it rings or is on the line, unless the agent dismissed it.
    source.addEventListener('calls', (event) => {
      const { calls: changed } = JSON.parse((event as MessageEvent<string>).data) as { calls: LiveCall[] };
      setCalls((current) => {
        const next = new Map(current.map((c) => [c.id, c]));
        for (const call of changed) {
          const active = call.status === 'ringing' || call.status === 'talking';
          // A call already registered as a ticket (by anyone) is handled: off the banner.
          if (active && call.ticketId === null && !dismissed.current.has(call.id)) {
            next.set(call.id, call);
          } else next.delete(call.id);
        }
        return [...next.values()];
      });
    });
    // Signed out (here or in another tab), deactivated: the server closes the stream; do not reconnect.
    source.addEventListener('session_ended', () => {
      source.close();
      setConnected(false);
      void client.invalidateQueries({ queryKey: sessionKeys.me() });
    });
    return () => source.close();
  }, [client, openedAt]);

  const markSeen = useCallback(() => setUnseen(0), []);
  const dismissCall = useCallback((id: string) => {
    dismissed.current.add(id);
    setCalls((current) => current.filter((c) => c.id !== id));
  }, []);
  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const value = useMemo<Live>(
    () => ({ unseen, connected, markSeen, subscribe, calls, dismissCall }),
    [unseen, connected, markSeen, subscribe, calls, dismissCall],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive outside LiveProvider');
  return live;
}

/** The tab title carries the count of arrivals the agent has not seen yet. */
export function useTitleCount(base: string): void {
  const { unseen } = useLive();
  useEffect(() => {
    document.title = unseen > 0 ? `(${unseen}) ${base}` : base;
  }, [unseen, base]);
}
