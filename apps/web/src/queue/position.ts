/**
 * Where the agent was in the queue when they opened a ticket: the queue's filters (its URL query),
 * the ticket and the scroll offset, kept for the tab's life so "back to the queue" lands on the same
 * row at the same place.
 */
const KEY = 'helpdesk.queuePosition';

interface QueuePosition {
  filters: string;
  ticketId: string;
  scrollY: number;
}

export function rememberQueuePosition(filters: string, ticketId: string): void {
  const position: QueuePosition = { filters, ticketId, scrollY: window.scrollY };
  sessionStorage.setItem(KEY, JSON.stringify(position));
}

/** The position saved for these filters, if any (another view starts at the top). */
export function recallQueuePosition(filters: string): QueuePosition | null {
  try {
    const position = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as QueuePosition | null;
    return position && position.filters === filters ? position : null;
  } catch {
    return null;
  }
}

/** The queue as the agent left it (its view, search, filters and sort), for "back to the queue". */
export function queuePath(): string {
  try {
    const position = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as QueuePosition | null;
    return position?.filters ? `/?${position.filters}` : '/';
  } catch {
    return '/';
  }
}
