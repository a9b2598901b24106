import { isUsableSender, localPart } from './address.util';
import { isDelayOnly, ownParts, type DeliveryStatus } from './bounce.util';
import { allHeaders, firstHeader, type RawHeader } from './header.util';
import type { MimeNode } from './mime-structure.util';
import type { MailAddress, MailKind } from './parsed-mail.types';

export interface ClassifierInput {
  headers: readonly RawHeader[];
  /** Decoded subject, as received (prefixes not stripped: 'Re: Undeliverable' is a human's reply). */
  subject: string;
  from: MailAddress | null;
  replyTo: MailAddress | null;
  root: MimeNode;
  deliveryStatus: DeliveryStatus | null;
  ownAddresses: readonly string[];
}

export interface Classification {
  kind: MailKind;
  kindReasons: string[];
  sendAcknowledgement: boolean;
  acknowledgementSuppressedBy: string[];
}

/** Strongest first: a bounce that also says Auto-Submitted is a bounce, a list auto-reply an auto-reply. */
const PRIORITY: MailKind[] = [
  'pec_receipt',
  'feedback_report',
  'read_receipt',
  'delivery_delay',
  'bounce',
  'auto_reply',
  'own_address',
  'bulk',
];

/** Out-of-office and auto-responder subjects, in the languages seen at Italian public offices and beyond. */
const AUTO_REPLY_SUBJECT = new RegExp(
  '^(?:' +
    [
      'automatic reply',
      'auto(?:matic)?[ -]?reply',
      'auto[ -]?respon',
      'out of (?:the )?office',
      'risposta automatica',
      'fuori sede',
      'fuori ufficio',
      'abwesenheitsnotiz',
      'automatische antwort',
      'r[ée]ponse automatique',
      'respuesta autom[áa]tica',
      'resposta autom[áa]tica',
      'automatisch antwoord',
      'automatyczna odpowied[źz]',
      'autosvar',
      'automaattinen vastaus',
    ].join('|') +
    ')',
  'iu',
);

/** Subjects of non-delivery reports (Exchange, Exim, Postfix, qmail, Sendmail, Gmail, Domino, Italian Exchange). */
const BOUNCE_SUBJECT = new RegExp(
  '^(?:' +
    [
      'undeliverable',
      'undelivered mail',
      'non recapitabile',
      'recapito non riuscito',
      'mancato recapito',
      'impossibile recapitare',
      'messaggio non recapitato',
      'mail delivery failed',
      'mail delivery failure',
      'delivery failure',
      'delivery status notification',
      'delivery has failed',
      'failure notice',
      'returned mail',
      'message not delivered',
      'email delivery error',
      'mail could not be delivered',
      'unzustellbar',
      'nicht zustellbar',
      'non remis',
      'onbestelbaar',
    ].join('|') +
    ')',
  'i',
);

const DELAY_SUBJECT =
  /^(?:warning: could not send message|delivery status notification \(delay\)|delayed mail|mail delivery delayed|delivery delayed|message delayed|recapito ritardato|ritardo nel recapito)/i;

/** Report parts that classify a message when they are its own (not inside a forwarded mail). */
const OWN_PART_TYPES = [
  'message/delivery-status',
  'message/global-delivery-status',
  'message/feedback-report',
  'message/disposition-notification',
] as const;

const DAEMON_LOCAL_PART = /^(?:mailer-daemon|mail-daemon|mailerdaemon|mail\.daemon)$/i;

/** Header value without RFC 5322 comments or parameters, lower-cased: 'auto-generated (failure)' -> 'auto-generated'. */
function token(value: string | null): string {
  return (value ?? '')
    .replace(/\([^()]*\)/g, ' ')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

/** What the classifier reads from the headers and the MIME structure, once. */
interface Signals {
  header: (name: string) => string | null;
  /** report-type of a multipart/report root, '' otherwise. */
  reportType: string;
  /** Report parts of this message itself (those of a forwarded mail do not count). */
  partTypes: Set<string>;
  nullReturnPath: boolean;
  /** Auto-Submitted value, '' when absent. */
  autoSubmitted: string;
  precedence: string;
}

function readSignals(input: ClassifierInput): Signals {
  const header = (name: string) => firstHeader(input.headers, name);
  const returnPath = allHeaders(input.headers, 'return-path')[0];
  return {
    header,
    reportType:
      input.root.contentType === 'multipart/report'
        ? token(input.root.contentTypeParams['report-type'] ?? '')
        : '',
    partTypes: new Set(ownParts(input.root, [...OWN_PART_TYPES]).map((n) => n.contentType)),
    nullReturnPath: returnPath !== undefined && /^<\s*>$/.test(returnPath.trim()),
    autoSubmitted: token(header('auto-submitted')),
    precedence: token(header('precedence')),
  };
}

function reportReasons(signals: Signals, reportType: string): string[] {
  const reasons: string[] = [];
  if (signals.reportType === reportType)
    reasons.push(`Content-Type: multipart/report; report-type=${reportType}`);
  if (signals.partTypes.has(`message/${reportType}`)) reasons.push(`message/${reportType} part`);
  return reasons;
}

/**
 * Non-delivery reports: a DSN structure, a mailer-daemon sender or Exim's X-Failed-Recipients, or a
 * bounce-like subject together with a sign of a machine. A bounce-like subject alone is not enough:
 * people write 'Undeliverable invoice?', and 'I: Undeliverable: ...' is a person forwarding one.
 */
function bounceReasons(input: ClassifierInput, signals: Signals): string[] {
  const { from, subject } = input;
  const reasons: string[] = [];
  if (signals.reportType === 'delivery-status') {
    reasons.push('Content-Type: multipart/report; report-type=delivery-status');
  }
  if (
    signals.partTypes.has('message/delivery-status') ||
    signals.partTypes.has('message/global-delivery-status')
  ) {
    reasons.push('message/delivery-status part');
  }
  const fromLocal = localPart(from);
  if (DAEMON_LOCAL_PART.test(fromLocal)) reasons.push(`From: ${from?.address}`);
  if (signals.header('x-failed-recipients')) reasons.push('X-Failed-Recipients');

  const machine: string[] = [];
  if (signals.nullReturnPath) machine.push('Return-Path: <>');
  if (signals.autoSubmitted && signals.autoSubmitted !== 'no')
    machine.push(`Auto-Submitted: ${signals.autoSubmitted}`);
  if (/^postmaster$/i.test(fromLocal) || /^mail delivery (?:sub)?system$/i.test(from?.name ?? '')) {
    machine.push(`From: ${from?.address}`);
  }
  const bounceSubject = BOUNCE_SUBJECT.test(subject) || DELAY_SUBJECT.test(subject);
  if (bounceSubject && (machine.length > 0 || reasons.length > 0)) {
    reasons.push(`Subject: ${subject.slice(0, 80)}`, ...machine);
  }
  return [...new Set(reasons)];
}

/** A report only of delays (DSN Action: delayed / Status 4.x.x, or a delay subject without a DSN). */
function isDelay(input: ClassifierInput): boolean {
  return isDelayOnly(input.deliveryStatus) || (!input.deliveryStatus && DELAY_SUBJECT.test(input.subject));
}

function autoReplyReasons(input: ClassifierInput, signals: Signals): string[] {
  const reasons: string[] = [];
  if (signals.autoSubmitted === 'auto-replied') reasons.push('Auto-Submitted: auto-replied');
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoreply-from', 'x-mail-autoreply']) {
    const value = signals.header(name);
    if (value !== null && token(value) !== 'no') reasons.push(`${name}: ${value.slice(0, 60)}`);
  }
  if (token(signals.header('x-autogenerated')) === 'reply') reasons.push('X-Autogenerated: Reply');
  if (token(signals.header('x-apple-action')) === 'vacation') reasons.push('X-Apple-Action: VACATION');
  if (signals.precedence === 'auto_reply') reasons.push('Precedence: auto_reply');
  if (AUTO_REPLY_SUBJECT.test(input.subject)) reasons.push(`Subject: ${input.subject.slice(0, 80)}`);
  // RFC 3834 asks responders to send with a null return path; people's mail never has one.
  if (signals.nullReturnPath) reasons.push('Return-Path: <>');
  return reasons;
}

/** Automated mail that may still deserve a ticket (notifications, lists, spam) but never an acknowledgement. */
function bulkReasons(signals: Signals): string[] {
  const reasons: string[] = [];
  if (['bulk', 'junk', 'list'].includes(signals.precedence))
    reasons.push(`Precedence: ${signals.precedence}`);
  if (signals.header('list-id') !== null) reasons.push('List-Id');
  if (signals.header('list-unsubscribe') !== null) reasons.push('List-Unsubscribe');
  if (signals.autoSubmitted && !['no', 'auto-replied'].includes(signals.autoSubmitted)) {
    reasons.push(`Auto-Submitted: ${signals.autoSubmitted}`);
  }
  if (token(signals.header('x-spam-flag')) === 'yes') reasons.push('X-Spam-Flag: YES');
  return reasons;
}

export function classifyMail(input: ClassifierInput): Classification {
  const signals = readSignals(input);
  const receipt = signals.header('x-ricevuta');
  const bounce = bounceReasons(input, signals);
  const delay = bounce.length > 0 && isDelay(input);
  if (delay && input.deliveryStatus)
    bounce.push('delivery status reports a delay (Action: delayed / Status 4.x.x)');
  const found: Record<MailKind, string[]> = {
    pec_receipt: receipt ? [`X-Ricevuta: ${receipt.trim()}`] : [],
    feedback_report: reportReasons(signals, 'feedback-report'),
    read_receipt: reportReasons(signals, 'disposition-notification'),
    delivery_delay: delay ? bounce : [],
    bounce: delay ? [] : bounce,
    auto_reply: autoReplyReasons(input, signals),
    own_address:
      input.from && input.ownAddresses.includes(input.from.address)
        ? [`From: ${input.from.address} is an own address`]
        : [],
    bulk: bulkReasons(signals),
    normal: [],
  };
  const kind = PRIORITY.find((k) => found[k].length > 0) ?? 'normal';
  return { kind, kindReasons: found[kind], ...acknowledgement(input, kind) };
}

/**
 * The automatic "we received your request" reply goes only to a person's normal mail: anything
 * automated, anything asking not to be auto-answered, and anything we could not reply to is skipped,
 * which is what prevents mail loops with other robots.
 */
function acknowledgement(
  input: ClassifierInput,
  kind: MailKind,
): Pick<Classification, 'sendAcknowledgement' | 'acknowledgementSuppressedBy'> {
  const suppressed: string[] = [];
  if (kind !== 'normal') suppressed.push(`kind: ${kind}`);
  const suppress = firstHeader(input.headers, 'x-auto-response-suppress');
  if (suppress !== null) suppressed.push(`X-Auto-Response-Suppress: ${suppress.slice(0, 60)}`);
  if (!input.from) suppressed.push('no usable From address');
  else if (!isUsableSender(input.from))
    suppressed.push(`From address cannot receive replies: ${input.from.address}`);
  if (input.replyTo && input.ownAddresses.includes(input.replyTo.address)) {
    suppressed.push(`Reply-To: ${input.replyTo.address} is an own address`);
  }
  return { sendAcknowledgement: suppressed.length === 0, acknowledgementSuppressedBy: suppressed };
}
