import type { Ticket } from '../api/types';

/** A ready answer with the ticket's own values in place of its placeholders. */
export function fillAnswer(body: string, ticket: Pick<Ticket, 'number' | 'subject' | 'requester'>): string {
  const values: Record<string, string> = {
    name: ticket.requester?.name ?? '',
    number: ticket.number,
    subject: ticket.subject,
  };
  return body.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
}
