import type { TicketStatus } from '@app/tickets/entities';

import { type MailKind, type ParsedMail, UNPARSEABLE_PROBLEM_PREFIX } from '../parsing';

/** What the router needs to know of a parsed mail. */
export interface RoutableMail {
  kind: MailKind;
  sendAcknowledgement: boolean;
  fromAddress: string | null;
  /** Set when the parser could not read the mail at all (the raw source is still kept). */
  unreadable: boolean;
  pecReceipt: { refersToMessageId: string | null; error: boolean; receiptType: string } | null;
  bounce: { originalMessageId: string | null; permanent: boolean } | null;
}

/** The router's view of a parsed mail (both ingestion paths route through this). */
export function routableMail(parsed: ParsedMail): RoutableMail {
  return {
    kind: parsed.kind,
    sendAcknowledgement: parsed.sendAcknowledgement,
    fromAddress: parsed.from?.address ?? null,
    unreadable: parsed.parseProblems.some((p) => p.startsWith(UNPARSEABLE_PROBLEM_PREFIX)),
    pecReceipt: parsed.pec?.kind === 'receipt' ? parsed.pec : null,
    bounce: parsed.bounce,
  };
}

/** What the ingesting transaction looked up before routing. */
export interface RouteContext {
  now: Date;
  fromOwnAddress: boolean;
  /** The ticket the mail threads to (ticket number in the subject, else In-Reply-To/References). */
  thread: { id: string; status: TicketStatus; resolvedAt: Date | null } | null;
  /** The outbound mail a receipt or bounce refers to, if the help desk sent it. */
  outbound: { id: string; ticketId: string | null } | null;
  reopenWindowDays: number;
  acknowledgementsToSenderLastHour: number;
  acknowledgementLimitPerHour: number;
}

export type InboundRoute =
  | { action: 'ignore'; reason: string }
  | { action: 'receipt'; outboundId: string | null; ticketId: string | null; error: boolean; reason: string }
  | {
      action: 'bounce';
      outboundId: string | null;
      ticketId: string | null;
      permanent: boolean;
      reason: string;
    }
  | { action: 'append'; ticketId: string; reopen: boolean; resume: boolean; reason: string }
  | {
      action: 'create';
      relatedTicketId: string | null;
      acknowledge: boolean;
      needsReview: boolean;
      reason: string;
    };

const RESOLVED: readonly TicketStatus[] = ['resolved', 'resolved_not_competent'];
const DAY_MS = 86_400_000;
/** Machine-made mails that may thread to a ticket but never reopen it, resume it or open one. */
const MACHINE_KINDS: readonly MailKind[] = [
  'auto_reply',
  'read_receipt',
  'feedback_report',
  'delivery_delay',
  'machine_notice',
];

/**
 * Decides what an inbound mail becomes, as a pure function of the mail and what the database
 * said about it: a new ticket, a message on an existing one (reopening it when resolved within
 * the window), a receipt or bounce attached to the outbound mail it concerns, or nothing (kept
 * and listed with the reason). Loops are broken here: nothing machine-made is acknowledged.
 */
export function routeInboundMail(mail: RoutableMail, ctx: RouteContext): InboundRoute {
  if (ctx.fromOwnAddress) {
    return {
      action: 'ignore',
      reason: "mittente: un indirizzo dell'help desk / sender is the help desk itself",
    };
  }
  if (mail.kind === 'pec_receipt' && mail.pecReceipt) {
    return {
      action: 'receipt',
      outboundId: ctx.outbound?.id ?? null,
      ticketId: ctx.outbound?.ticketId ?? ctx.thread?.id ?? null,
      error: mail.pecReceipt.error,
      reason: `ricevuta PEC / PEC receipt: ${mail.pecReceipt.receiptType}`,
    };
  }
  if (mail.kind === 'bounce') {
    return {
      action: 'bounce',
      outboundId: ctx.outbound?.id ?? null,
      ticketId: ctx.outbound?.ticketId ?? ctx.thread?.id ?? null,
      permanent: mail.bounce?.permanent ?? true,
      reason: ctx.outbound
        ? 'mancato recapito di una mail inviata / bounce of a mail we sent'
        : 'mancato recapito di una mail sconosciuta / bounce of an unknown mail',
    };
  }
  const machine = MACHINE_KINDS.includes(mail.kind);
  if (ctx.thread) {
    const resolved = RESOLVED.includes(ctx.thread.status);
    if (machine) {
      return {
        action: 'append',
        ticketId: ctx.thread.id,
        reopen: false,
        resume: false,
        reason: `risposta automatica allegata / machine-made reply attached (${mail.kind})`,
      };
    }
    if (!resolved) {
      return {
        action: 'append',
        ticketId: ctx.thread.id,
        reopen: false,
        resume: ctx.thread.status === 'waiting',
        reason: 'risposta a un ticket aperto / reply to an open ticket',
      };
    }
    const resolvedAt = ctx.thread.resolvedAt?.getTime() ?? 0;
    if (ctx.now.getTime() - resolvedAt <= ctx.reopenWindowDays * DAY_MS) {
      return {
        action: 'append',
        ticketId: ctx.thread.id,
        reopen: true,
        resume: false,
        reason:
          'risposta a un ticket risolto da poco: riaperto / reply to a recently resolved ticket: reopened',
      };
    }
    return {
      action: 'create',
      relatedTicketId: ctx.thread.id,
      acknowledge: acknowledge(mail, ctx),
      needsReview: needsReview(mail),
      reason: `risposta oltre ${ctx.reopenWindowDays} giorni: nuovo ticket collegato / reply after the window: new linked ticket`,
    };
  }
  if (machine) {
    return {
      action: 'ignore',
      reason: `risposta automatica senza ticket / machine-made mail without a ticket (${mail.kind})`,
    };
  }
  return {
    action: 'create',
    relatedTicketId: null,
    acknowledge: acknowledge(mail, ctx),
    needsReview: needsReview(mail),
    reason: mail.unreadable
      ? 'mail illeggibile: da rivedere / unreadable mail: flagged for review'
      : mail.kind === 'bulk'
        ? 'mail automatica o dubbia: ticket da rivedere / automated or ambiguous mail: ticket flagged for review'
        : 'nuova segnalazione / new report',
  };
}

/** Unreadable mail and automated-looking mail (bulk: lists, no-reply senders, ambiguous reports) are flagged. */
function needsReview(mail: RoutableMail): boolean {
  return mail.unreadable || mail.kind === 'bulk';
}

function acknowledge(mail: RoutableMail, ctx: RouteContext): boolean {
  return (
    mail.kind === 'normal' &&
    mail.sendAcknowledgement &&
    !!mail.fromAddress &&
    ctx.acknowledgementsToSenderLastHour < ctx.acknowledgementLimitPerHour
  );
}
