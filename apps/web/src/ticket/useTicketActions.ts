import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { ApiError, patch, post } from '../api/client';
import { ticketKeys } from '../api/queries/ticket.queries';
import type { Ticket } from '../api/types';

/**
 * Every action on a ticket goes through here: it sends the version the agent was looking at
 * (the api answers 409 if someone changed the ticket meanwhile), then refreshes the page's data.
 */
export function useTicketActions(ticket: Ticket | undefined) {
  const client = useQueryClient();
  const [lastOwnChange, setLastOwnChange] = useState(0);
  const mutation = useMutation({
    mutationFn: async ({
      path,
      body,
      method,
    }: {
      path: string;
      body: Record<string, unknown>;
      method?: 'PATCH';
    }) => {
      if (!ticket) throw new Error('no ticket');
      const url = `/api/tickets/${ticket.id}${path}`;
      const payload = { ...body, version: ticket.version };
      return method === 'PATCH' ? patch(url, payload) : post(url, payload);
    },
    onSuccess: () => setLastOwnChange(Date.now()),
    onSettled: async () => {
      if (!ticket) return;
      await Promise.all([
        client.invalidateQueries({ queryKey: ticketKeys.detail(ticket.id) }),
        client.invalidateQueries({ queryKey: ticketKeys.all() }),
      ]);
    },
  });
  const error = mutation.error as ApiError | null;
  return {
    /** For forms: rejects when the api refuses, so that the form stays open with its text. */
    run: (path: string, body: Record<string, unknown> = {}, method?: 'PATCH') =>
      mutation.mutateAsync({ path, body, method }),
    /** For one-click actions: a refusal is shown by the page (error), never thrown uncaught. */
    fire: (path: string) => mutation.mutate({ path, body: {} }),
    busy: mutation.isPending,
    error,
    conflict: error?.status === 409,
    reset: mutation.reset,
    lastOwnChange,
  };
}
