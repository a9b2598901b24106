import { useQuery } from '@tanstack/react-query';

import { get } from '../client';

/** Query key of the signed-in user's notifications (the bell). */
export const notificationKeys = {
  all: () => ['notifications'] as const,
};

export interface AppNotification {
  id: string;
  kind: string;
  payload: { code?: string; dueAt?: string; warnAt?: string; outageId?: string; title?: string };
  createdAt: string;
  readAt: string | null;
  ticketId: string | null;
  ticketNumber: string | null;
  ticketSubject: string | null;
}

/** The latest fifty, asked again every `refetchInterval` ms. */
export function useNotifications(refetchInterval: number) {
  return useQuery({
    queryKey: notificationKeys.all(),
    queryFn: ({ signal }) => get<AppNotification[]>('/api/notifications', { limit: 50 }, signal),
    refetchInterval,
  });
}
