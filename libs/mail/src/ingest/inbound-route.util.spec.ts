import { RoutableMail, RouteContext, routeInboundMail } from './inbound-route.util';

const now = new Date('2026-11-23T10:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

const mail = (overrides: Partial<RoutableMail> = {}): RoutableMail => ({
  kind: 'normal',
  sendAcknowledgement: true,
  fromAddress: 'mario.rossi@example.it',
  unreadable: false,
  pecReceipt: null,
  bounce: null,
  ...overrides,
});

const ctx = (overrides: Partial<RouteContext> = {}): RouteContext => ({
  now,
  fromOwnAddress: false,
  thread: null,
  outbound: null,
  reopenWindowDays: 14,
  acknowledgementsToSenderLastHour: 0,
  acknowledgementLimitPerHour: 5,
  ...overrides,
});

const open = { id: 't1', status: 'open' as const, resolvedAt: null };
const waiting = { id: 't1', status: 'waiting' as const, resolvedAt: null };
const resolvedRecently = { id: 't1', status: 'resolved' as const, resolvedAt: daysAgo(3) };
const resolvedLongAgo = { id: 't1', status: 'resolved_not_competent' as const, resolvedAt: daysAgo(30) };

describe('routeInboundMail', () => {
  it.each([
    [
      'a new report opens an acknowledged ticket',
      mail(),
      ctx(),
      { action: 'create', acknowledge: true, relatedTicketId: null },
    ],
    [
      'a bulk notification opens a ticket flagged for review but is not acknowledged',
      mail({ kind: 'bulk', sendAcknowledgement: false }),
      ctx(),
      { action: 'create', acknowledge: false, needsReview: true },
    ],
    [
      'a bulk mail is never acknowledged even if the parser allowed it',
      mail({ kind: 'bulk', sendAcknowledgement: true }),
      ctx(),
      { action: 'create', acknowledge: false, needsReview: true },
    ],
    [
      'a mailing-list or provider notice without a ticket is ignored',
      mail({ kind: 'machine_notice', sendAcknowledgement: false }),
      ctx(),
      { action: 'ignore' },
    ],
    [
      'a mailing-list or provider notice on a ticket is attached without reopening it',
      mail({ kind: 'machine_notice', sendAcknowledgement: false }),
      ctx({ thread: resolvedRecently }),
      { action: 'append', ticketId: 't1', reopen: false, resume: false },
    ],
    [
      'the sixth mail of an hour from one sender is not acknowledged',
      mail(),
      ctx({ acknowledgementsToSenderLastHour: 5 }),
      { action: 'create', acknowledge: false },
    ],
    [
      'a mail without a sender is not acknowledged',
      mail({ fromAddress: null }),
      ctx(),
      { action: 'create', acknowledge: false },
    ],
    [
      'an unreadable mail becomes a ticket flagged for review',
      mail({ unreadable: true, sendAcknowledgement: false }),
      ctx(),
      { action: 'create', needsReview: true, acknowledge: false },
    ],
    [
      'a mail from the help desk itself is ignored',
      mail(),
      ctx({ fromOwnAddress: true }),
      { action: 'ignore' },
    ],
    [
      'an out-of-office without a ticket is ignored',
      mail({ kind: 'auto_reply', sendAcknowledgement: false }),
      ctx(),
      { action: 'ignore' },
    ],
    [
      'an out-of-office on a resolved ticket is attached without reopening it',
      mail({ kind: 'auto_reply', sendAcknowledgement: false }),
      ctx({ thread: resolvedRecently }),
      { action: 'append', ticketId: 't1', reopen: false, resume: false },
    ],
    [
      'a reply to an open ticket is added to it',
      mail(),
      ctx({ thread: open }),
      { action: 'append', reopen: false, resume: false },
    ],
    [
      'a reply to a waiting ticket resumes it',
      mail(),
      ctx({ thread: waiting }),
      { action: 'append', resume: true },
    ],
    [
      'a reply within the window reopens a resolved ticket',
      mail(),
      ctx({ thread: resolvedRecently }),
      { action: 'append', reopen: true },
    ],
    [
      'a reply after the window opens a new ticket linked to the old one',
      mail(),
      ctx({ thread: resolvedLongAgo }),
      { action: 'create', relatedTicketId: 't1', acknowledge: true },
    ],
    [
      'a bounce of a mail we sent marks it and lands on its ticket',
      mail({
        kind: 'bounce',
        sendAcknowledgement: false,
        bounce: { originalMessageId: '<a@b>', permanent: true },
      }),
      ctx({ outbound: { id: 'o1', ticketId: 't9' } }),
      { action: 'bounce', outboundId: 'o1', ticketId: 't9', permanent: true },
    ],
    [
      'a bounce of an unknown mail is kept without a ticket',
      mail({
        kind: 'bounce',
        sendAcknowledgement: false,
        bounce: { originalMessageId: null, permanent: true },
      }),
      ctx(),
      { action: 'bounce', outboundId: null, ticketId: null },
    ],
    [
      'a PEC error receipt marks the outbound mail failed',
      mail({
        kind: 'pec_receipt',
        sendAcknowledgement: false,
        pecReceipt: { refersToMessageId: '<a@b>', error: true, receiptType: 'errore-consegna' },
      }),
      ctx({ outbound: { id: 'o1', ticketId: 't9' } }),
      { action: 'receipt', outboundId: 'o1', ticketId: 't9', error: true },
    ],
    [
      'a PEC delivery receipt never opens a ticket',
      mail({
        kind: 'pec_receipt',
        sendAcknowledgement: false,
        pecReceipt: { refersToMessageId: null, error: false, receiptType: 'avvenuta-consegna' },
      }),
      ctx(),
      { action: 'receipt', outboundId: null, error: false },
    ],
    [
      'a read receipt on a ticket is attached, not acknowledged, not reopening',
      mail({ kind: 'read_receipt', sendAcknowledgement: false }),
      ctx({ thread: resolvedRecently }),
      { action: 'append', reopen: false },
    ],
  ] as const)('%s', (_what, m, c, expected) => {
    const route = routeInboundMail(m as RoutableMail, c as RouteContext);
    expect(route).toMatchObject(expected);
    expect(route.reason).toMatch(/\S+ \/ \S+/);
  });
});
