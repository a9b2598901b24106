import type { TicketEntity, TicketEventEntity } from './entities';

/** What the ticket page reads of a ticket: its columns and its relations' names. */
export type TicketView = Pick<
  TicketEntity,
  | 'id'
  | 'number'
  | 'channel'
  | 'status'
  | 'subject'
  | 'description'
  | 'malfunction'
  | 'difficulty'
  | 'redirectedTo'
  | 'receivedAt'
  | 'takenInChargeAt'
  | 'firstAnsweredAt'
  | 'interventionStartedAt'
  | 'resolvedAt'
  | 'nextDueAt'
  | 'createdAt'
  | 'updatedAt'
  | 'version'
  | 'needsReview'
  | 'relatedTicketId'
> & {
  requester?: { id: string; name: string; email: string | null; phone: string | null } | null;
  ente?: { id: string; code: string; name: string } | null;
  category?: { id: string; code: string; name: string } | null;
  assignee?: { id: string; name: string } | null;
  team?: { id: string; code: string; name: string } | null;
  mergedIntoId?: string | null;
  /** The ticket's tags, sorted (issue 19.5). */
  tags?: string[];
  /** Why the ticket is kept out of retention and erasure (issue 18), null when it is not. */
  legalHold: string | null;
  anonymisedAt: Date | null;
};

export type TimelineEventView = Pick<
  TicketEventEntity,
  'id' | 'type' | 'occurredAt' | 'recordedAt' | 'payload' | 'body'
> & { actor?: { id: string; name: string } | null };

export interface TicketDetailRows {
  ticket: TicketView;
  timeline: TimelineEventView[];
}

/** The API shape of a ticket with its timeline (what the UI and integrations read). */
export function presentTicket(ticket: TicketView, timeline: TimelineEventView[]) {
  return {
    id: ticket.id,
    number: ticket.number,
    channel: ticket.channel,
    status: ticket.status,
    subject: ticket.subject,
    description: ticket.description,
    malfunction: ticket.malfunction,
    difficulty: ticket.difficulty,
    redirectedTo: ticket.redirectedTo,
    receivedAt: ticket.receivedAt,
    takenInChargeAt: ticket.takenInChargeAt,
    firstAnsweredAt: ticket.firstAnsweredAt,
    interventionStartedAt: ticket.interventionStartedAt,
    resolvedAt: ticket.resolvedAt,
    nextDueAt: ticket.nextDueAt,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    version: ticket.version,
    needsReview: ticket.needsReview,
    relatedTicketId: ticket.relatedTicketId,
    legalHold: ticket.legalHold,
    anonymisedAt: ticket.anonymisedAt,
    requester: ticket.requester
      ? {
          id: ticket.requester.id,
          name: ticket.requester.name,
          email: ticket.requester.email,
          phone: ticket.requester.phone,
        }
      : null,
    ente: ticket.ente ? { id: ticket.ente.id, code: ticket.ente.code, name: ticket.ente.name } : null,
    category: ticket.category
      ? { id: ticket.category.id, code: ticket.category.code, name: ticket.category.name }
      : null,
    assignee: ticket.assignee ? { id: ticket.assignee.id, name: ticket.assignee.name } : null,
    team: ticket.team ? { id: ticket.team.id, code: ticket.team.code, name: ticket.team.name } : null,
    mergedIntoId: ticket.mergedIntoId ?? null,
    tags: ticket.tags ?? [],
    timeline: timeline.map((e) => ({
      id: e.id,
      type: e.type,
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      actor: e.actor ? { id: e.actor.id, name: e.actor.name } : null,
      payload: e.payload,
      body: e.body,
    })),
  };
}
