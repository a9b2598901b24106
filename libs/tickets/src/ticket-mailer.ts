import type { EntityManager } from 'typeorm';

/** Provided by the mail library; tickets only know this shape, so the two libraries do not depend on each other. */
export const TICKET_MAILER = Symbol('TICKET_MAILER');

export interface QueuedReply {
  outboundId: string;
  messageId: string;
  to: string[];
  cc: string[];
  /** The agent's uploads sent with the answer (name and id, for the timeline). */
  attachments: { id: string; filename: string }[];
}

export interface TicketMailer {
  /** Writes the agent's e-mail answer to the outbox in the caller's transaction (the ticket is locked). */
  queueReply(
    em: EntityManager,
    ticketId: string,
    reply: { body: string; cc: string[]; attachmentIds: string[] },
  ): Promise<QueuedReply>;
  /** After the commit: wakes the sender. */
  dispatch(outboundIds: readonly string[]): Promise<void>;
}
