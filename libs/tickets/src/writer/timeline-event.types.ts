import type { TicketChannel, TicketEventType, TicketStatus } from '../entities';

/**
 * The ticket's timeline, one entry per event type with its payload shape declared once: the
 * writer (TicketWriter.append) accepts only these, and the presenter, reports and web UI read them.
 */
interface Event<T extends TicketEventType, P> {
  type: T;
  occurredAt: Date;
  payload: P;
  body?: string | null;
}

/** Extra facts of a message (sender, mail ids, attachments) vary with the channel. */
type Extra = Record<string, unknown>;

export interface CreatedPayload {
  channel: TicketChannel;
  number?: string;
  malfunction: boolean;
  enteId?: string | null;
  requesterId?: string | null;
  relatedTicketId?: string;
  /** Written by the history import. */
  imported?: true;
}

export type MessagePayload = { direction: 'in' | 'out'; via: TicketChannel | string } & Extra;

export interface StatusChangedPayload {
  from: TicketStatus;
  to: TicketStatus;
  reason?: string;
  redirectedTo?: string | null;
}

/** The SLA clock payload, the same whoever notices the verdict (the ticket's sync or the sweeper). */
export interface SlaClockPayload {
  code: string;
  cycle: number;
  dueAt: Date | null;
  stoppedAt: Date | null;
}

export interface SlaAtRiskPayload {
  code: string;
  cycle: number;
  at: Date;
}

export interface MailFailedPayload {
  outboundId: string;
  messageId: string;
  to: string[];
  reason: string;
}

export interface MailDeliveryPayload {
  inboundId: string;
  outboundId: string | null;
  kind: string;
  failed: boolean;
  subject: string;
}

/** A phone call of the ticket once it ended (issue 24.5): when it rang, how long, who answered. */
export interface PhoneCallPayload {
  callId: string;
  direction: 'in' | 'out';
  /** The other party's number as the PBX sent it (null: withheld). */
  number: string | null;
  status: 'answered' | 'missed';
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  ringSeconds: number | null;
  /** Null when the PBX never sent the hangup (the call was closed by the sweep). */
  talkSeconds: number | null;
  /** The answering extension and its agent, if mapped. */
  answeredBy: string | null;
  answeredByName: string | null;
  cause: string | null;
}

/** Merge (issue 19.7): the other ticket's number, and how many messages were copied. */
export interface MergePayload {
  number: string;
  messages: number;
}

/** Split (issue 19.7): the other ticket's number and the message split off. */
export interface SplitPayload {
  number: string;
  eventId: string;
}

/** Link between tickets (issue 19.7): parent = the other is this one's parent, child = the reverse. */
export interface LinkPayload {
  other: string;
  number: string;
  kind: 'related' | 'parent' | 'child';
}

/** Where a message copied by a merge or split came from. */
export interface MessageOrigin {
  ticketId: string;
  number: string;
  eventId: string;
}

/** A routing rule's effect (issue 19.2): only the fields it set are present. */
export interface RoutedPayload {
  ruleId: string;
  ruleName: string;
  teamId?: string;
  categoryId?: string;
  difficulty?: string;
  /** Null: round-robin found nobody available. */
  assigneeId?: string | null;
  roundRobin?: true;
  /** Actions of the rule not applied because the ticket's creator (or an agent) set the field. */
  kept?: string[];
  /** Routed on demand, after creation. */
  onDemand?: true;
}

export type TimelineEvent =
  | Event<'created', CreatedPayload>
  | Event<'message', MessagePayload>
  | Event<'note' | 'referent_note' | 'intervention_started', Extra>
  | Event<'status_changed', StatusChangedPayload>
  | Event<'assigned', { from: string | null; to: string | null }>
  | Event<'taken_in_charge', { agentId: string | null; by?: string | null; implicit?: boolean } & Extra>
  | Event<'field_changed', { field: string; from: unknown; to: unknown }>
  | Event<'sla_at_risk', SlaAtRiskPayload>
  | Event<'sla_breached', SlaClockPayload>
  | Event<'sla_met' | 'sla_recomputed', SlaClockPayload & { reason?: string }>
  | Event<'mail_sent', Extra>
  | Event<'mail_failed', MailFailedPayload>
  | Event<'mail_bounced' | 'mail_receipt', MailDeliveryPayload>
  | Event<'attachment_refused', { inboundId: string; refused: unknown[] }>
  | Event<'phone_call', PhoneCallPayload>
  /** Moved to another team (escalation between levels, issue 19.3); the body is the note. */
  | Event<'team_changed', { from: string | null; to: string | null }>
  /** Routing rules applied (issue 19.2): the rule and what it set; `kept` the creator's own choices. */
  | Event<'routed', RoutedPayload>
  /** Tags added to or removed from the ticket (issue 19.5), each list sorted. */
  | Event<'tags_changed', { added: string[]; removed: string[] }>
  /** This duplicate was merged into `into` (issue 19.7): its messages were copied there. */
  | Event<'merged', MergePayload & { into: string }>
  /** A duplicate was merged into this ticket: its `messages` messages follow, copied. */
  | Event<'merged_from', MergePayload & { from: string }>
  /** One of this ticket's messages (`eventId`) became the new ticket `to`. */
  | Event<'split', SplitPayload & { to: string }>
  /** This ticket was split from a message (`eventId`) of `from`. */
  | Event<'split_from', SplitPayload & { from: string }>
  /** A link to another ticket made or removed; `kind` as seen from this ticket. */
  | Event<'linked' | 'unlinked', LinkPayload>;

/** A timeline event bound to its ticket and actor, for bulk writers (the sweeper, the import). */
export type TicketTimelineEvent = TimelineEvent & {
  ticketId: string;
  actorId: string | null;
  /** When the help desk learned of it; the write's instant when absent. */
  recordedAt?: Date;
};
