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

const DAEMON_LOCAL_PART = /^(?:mailer-daemon|mail-daemon|mailerdaemon|mail\.daemon)$/i;

/** Header value without RFC 5322 comments or parameters, lower-cased: 'auto-generated (failure)' -> 'auto-generated'. */
function token(value: string | null): string {
  return (value ?? '')
    .replace(/\([^()]*\)/g, ' ')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

export function classifyMail(input: ClassifierInput): Classification {
  const { headers, subject, from, root } = input;
  const reasons = new Map<MailKind, string[]>();
  const add = (kind: MailKind, reason: string) => {
    const list = reasons.get(kind) ?? [];
    if (!list.includes(reason)) list.push(reason);
    reasons.set(kind, list);
  };
  const header = (name: string) => firstHeader(headers, name);
  const partTypes = new Set(ownParts(root, [...OWN_PART_TYPES]).map((n) => n.contentType));
  const reportType = root.contentType === 'multipart/report' ? token(root.contentTypeParams['report-type'] ?? '') : '';

  const receipt = header('x-ricevuta');
  if (receipt) add('pec_receipt', `X-Ricevuta: ${receipt.trim()}`);

  if (reportType === 'feedback-report') add('feedback_report', 'Content-Type: multipart/report; report-type=feedback-report');
  if (partTypes.has('message/feedback-report')) add('feedback_report', 'message/feedback-report part');
  if (reportType === 'disposition-notification') {
    add('read_receipt', 'Content-Type: multipart/report; report-type=disposition-notification');
  }
  if (partTypes.has('message/disposition-notification')) add('read_receipt', 'message/disposition-notification part');

  const returnPath = allHeaders(headers, 'return-path')[0];
  const nullReturnPath = returnPath !== undefined && /^<\s*>$/.test(returnPath.trim());
  const autoSubmitted = token(header('auto-submitted'));
  const fromLocal = localPart(from);
  const daemonSender = DAEMON_LOCAL_PART.test(fromLocal);
  const postmasterSender = /^postmaster$/i.test(fromLocal) || /^mail delivery (?:sub)?system$/i.test(from?.name ?? '');

  const bounce: string[] = [];
  if (reportType === 'delivery-status') bounce.push('Content-Type: multipart/report; report-type=delivery-status');
  if (partTypes.has('message/delivery-status') || partTypes.has('message/global-delivery-status')) {
    bounce.push('message/delivery-status part');
  }
  if (daemonSender) bounce.push(`From: ${from?.address}`);
  const failedRecipients = header('x-failed-recipients');
  if (failedRecipients) bounce.push('X-Failed-Recipients');
  const bounceSubject = BOUNCE_SUBJECT.test(subject) || DELAY_SUBJECT.test(subject);
  // A bounce-like subject alone is not enough (people write 'Undeliverable invoice?'); it needs a sign of a machine.
  const machine: string[] = [];
  if (nullReturnPath) machine.push('Return-Path: <>');
  if (autoSubmitted && autoSubmitted !== 'no') machine.push(`Auto-Submitted: ${autoSubmitted}`);
  if (postmasterSender) machine.push(`From: ${from?.address}`);
  if (bounceSubject && (machine.length > 0 || bounce.length > 0)) bounce.push(`Subject: ${subject.slice(0, 80)}`, ...machine);
  if (bounce.length > 0) {
    const delay = isDelayOnly(input.deliveryStatus) || (!input.deliveryStatus && DELAY_SUBJECT.test(subject));
    const kind: MailKind = delay ? 'delivery_delay' : 'bounce';
    if (delay && input.deliveryStatus) bounce.push('delivery status reports a delay (Action: delayed / Status 4.x.x)');
    bounce.forEach((reason) => add(kind, reason));
  }

  if (autoSubmitted === 'auto-replied') add('auto_reply', 'Auto-Submitted: auto-replied');
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoreply-from', 'x-mail-autoreply']) {
    const value = header(name);
    if (value !== null && token(value) !== 'no') add('auto_reply', `${name}: ${value.slice(0, 60)}`);
  }
  if (token(header('x-autogenerated')) === 'reply') add('auto_reply', 'X-Autogenerated: Reply');
  if (token(header('x-apple-action')) === 'vacation') add('auto_reply', 'X-Apple-Action: VACATION');
  const precedence = token(header('precedence'));
  if (precedence === 'auto_reply') add('auto_reply', 'Precedence: auto_reply');
  if (AUTO_REPLY_SUBJECT.test(subject)) add('auto_reply', `Subject: ${subject.slice(0, 80)}`);
  if (nullReturnPath) add('auto_reply', 'Return-Path: <>');

  if (from && input.ownAddresses.includes(from.address)) add('own_address', `From: ${from.address} is an own address`);

  if (['bulk', 'junk', 'list'].includes(precedence)) add('bulk', `Precedence: ${precedence}`);
  if (header('list-id') !== null) add('bulk', 'List-Id');
  if (header('list-unsubscribe') !== null) add('bulk', 'List-Unsubscribe');
  if (autoSubmitted && autoSubmitted !== 'no' && autoSubmitted !== 'auto-replied') {
    add('bulk', `Auto-Submitted: ${autoSubmitted}`);
  }
  if (token(header('x-spam-flag')) === 'yes') add('bulk', 'X-Spam-Flag: YES');

  const kind = PRIORITY.find((k) => reasons.has(k)) ?? 'normal';
  const kindReasons = reasons.get(kind) ?? [];
  return { kind, kindReasons, ...acknowledgement(input, kind) };
}

const OWN_PART_TYPES = [
  'message/delivery-status',
  'message/global-delivery-status',
  'message/feedback-report',
  'message/disposition-notification',
] as const;

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
  else if (!isUsableSender(input.from)) suppressed.push(`From address cannot receive replies: ${input.from.address}`);
  if (input.replyTo && input.ownAddresses.includes(input.replyTo.address)) {
    suppressed.push(`Reply-To: ${input.replyTo.address} is an own address`);
  }
  return { sendAcknowledgement: suppressed.length === 0, acknowledgementSuppressedBy: suppressed };
}
