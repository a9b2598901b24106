/**
 * The ticket's channel, status and difficulty: the values the SLA plans clocks by. Declared here,
 * below libs/tickets (which re-exports them), so that libs/sla needs nothing from the tickets.
 */
export const TICKET_CHANNELS = ['email', 'phone', 'web', 'monitoring'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

/** `waiting` counts as Aperto in the reports. */
export const TICKET_STATUSES = ['new', 'open', 'waiting', 'resolved', 'resolved_not_competent'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** The CED support tiers: 30 min, 4 h, 8 h, next business day. */
export const TICKET_DIFFICULTIES = ['low', 'medium_low', 'medium_high', 'high'] as const;
export type TicketDifficulty = (typeof TICKET_DIFFICULTIES)[number];
