import { isRobotAddress, isUsableSender } from './address.util';
import { type DeliveryStatus, isDelayOnly, ownParts } from './bounce.util';
import { allHeaders, firstHeader, type RawHeader } from './header.util';
import {
  bounceBodyReasons,
  complaintReasons,
  daemonSenderReasons,
  gatewayNoticeReasons,
  gatewaySenderReasons,
  isBounceSubject,
  listNoticeReasons,
  providerNotice,
  robotSenderReasons,
} from './machine-signals.util';
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
  /** The decoded text body (bounce sentences, JSON notices, plain-text complaint reports are read in it). */
  text?: string;
  /** The sender of an mbox `From ` line, when the message came with one. */
  envelopeSender?: string | null;
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
  'machine_notice',
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
      // ('AUTO:' of Lotus Notes is left out: 'Auto' is a car in Italian subjects.) CJK and Russian:
      'abwesend',
      'absence du bureau',
      'fuera de (?:la )?oficina',
      'afwezig',
      'fr[åa]nvarande',
      'poza biurem',
      'автоответ',
      'автоматический ответ',
      '自動応答',
      '自動返信',
      '自动回复',
      '自動回覆',
      '자동 ?응답',
    ].join('|') +
    ')',
  'iu',
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
  /** A returned or forwarded message (or its headers) is part of this one. */
  attachedMessage: boolean;
  text: string;
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
    // A null reverse path, as Return-Path or as the sender of an mbox From_ line (MAILER-DAEMON there).
    nullReturnPath:
      (returnPath !== undefined && /^<\s*(?:mailer-daemon(?:@[^>]*)?)?\s*>$/i.test(returnPath.trim())) ||
      /^(?:<>|mailer-daemon(?:@\S*)?)$/i.test(input.envelopeSender ?? ''),
    autoSubmitted: token(header('auto-submitted')),
    precedence: token(header('precedence')),
    attachedMessage:
      ownParts(input.root, [
        'message/rfc822',
        'message/global',
        'text/rfc822-headers',
        'message/global-headers',
      ]).length > 0,
    text: input.text ?? '',
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
 * Non-delivery reports, by weighing signals: a DSN structure, X-Failed-Recipients or a mailer daemon
 * (also as the bare or empty From of old MTAs) decide alone; otherwise two of a bounce subject, a
 * sentence only delivery agents write, and a sign of a machine (null Return-Path, Auto-Submitted,
 * postmaster or a mail gateway as sender) are needed. One alone is not enough: people write
 * 'Undeliverable invoice?', and 'I: Undeliverable: ...' is a person forwarding one. The ambiguous
 * cases (one signal and a returned message) go to bulk: a flagged ticket, never an acknowledgement.
 */
function bounceReasons(input: ClassifierInput, signals: Signals): { decided: string[]; weak: string[] } {
  const { from, subject } = input;
  const decided: string[] = [];
  if (signals.reportType === 'delivery-status') {
    decided.push('Content-Type: multipart/report; report-type=delivery-status');
  }
  if (
    signals.partTypes.has('message/delivery-status') ||
    signals.partTypes.has('message/global-delivery-status')
  ) {
    decided.push('message/delivery-status part');
  }
  const daemon = daemonSenderReasons(input.headers, from);
  decided.push(...daemon.strong);
  if (signals.header('x-failed-recipients')) decided.push('X-Failed-Recipients');
  if (signals.header('x-ms-exchange-message-is-ndr') !== null) decided.push('X-MS-Exchange-Message-Is-Ndr');

  const machine: string[] = [...daemon.weak, ...gatewaySenderReasons(from)];
  if (signals.nullReturnPath) machine.push('Return-Path: <>');
  if (signals.autoSubmitted && signals.autoSubmitted !== 'no')
    machine.push(`Auto-Submitted: ${signals.autoSubmitted}`);
  if (from && isRobotAddress(from.address)) machine.push(`From: ${from.address} (robot address)`);
  // People's mail always has a sender; delivery agents' reports often have none usable.
  if (!from && daemon.strong.length === 0) machine.push('no sender address');
  const subjectReasons =
    isBounceSubject(subject) || DELAY_SUBJECT.test(subject) ? [`Subject: ${subject.slice(0, 80)}`] : [];
  const body = bounceBodyReasons(signals.text);
  const found = [subjectReasons, body, machine].filter((r) => r.length > 0);
  if (decided.length > 0 || found.length >= 2) {
    return { decided: [...new Set([...decided, ...subjectReasons, ...body, ...machine])], weak: [] };
  }
  const weak =
    (subjectReasons.length > 0 || body.length > 0) && signals.attachedMessage
      ? [...subjectReasons, ...body, 'a returned message attached']
      : [];
  return { decided: [], weak };
}

/** A report only of delays (DSN Action: delayed / Status 4.x.x, or a delay subject without a DSN). */
function isDelay(input: ClassifierInput): boolean {
  return isDelayOnly(input.deliveryStatus) || (!input.deliveryStatus && DELAY_SUBJECT.test(input.subject));
}

function autoReplyReasons(input: ClassifierInput, signals: Signals): string[] {
  const reasons: string[] = [];
  if (signals.autoSubmitted === 'auto-replied') reasons.push('Auto-Submitted: auto-replied');
  for (const name of [
    'x-autoreply',
    'x-autorespond',
    'x-autoresponder',
    'x-autoreply-from',
    'x-mail-autoreply',
    'x-vacation',
    'x-fc-machinegenerated',
  ]) {
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
function bulkReasons(input: ClassifierInput, signals: Signals, ambiguous: string[]): string[] {
  const reasons: string[] = [...ambiguous, ...robotSenderReasons(input.from)];
  if (['bulk', 'junk', 'list'].includes(signals.precedence))
    reasons.push(`Precedence: ${signals.precedence}`);
  if (signals.header('list-id') !== null) reasons.push('List-Id');
  if (signals.header('list-unsubscribe') !== null) reasons.push('List-Unsubscribe');
  if (signals.autoSubmitted && !['no', 'auto-replied'].includes(signals.autoSubmitted)) {
    reasons.push(`Auto-Submitted: ${signals.autoSubmitted}`);
  }
  if (token(signals.header('x-spam-flag')) === 'yes') reasons.push('X-Spam-Flag: YES');
  if (signals.header('feedback-id') !== null) reasons.push('Feedback-ID');
  const suppress = token(signals.header('x-auto-response-suppress'));
  if (/\ball\b|\boof\b/.test(suppress)) reasons.push(`X-Auto-Response-Suppress: ${suppress}`);
  return reasons;
}

export function classifyMail(input: ClassifierInput): Classification {
  const signals = readSignals(input);
  const receipt = signals.header('x-ricevuta');
  const provider = providerNotice(input.subject, signals.text);
  const { decided, weak } = bounceReasons(input, signals);
  const bounce = provider?.kind === 'bounce' ? [provider.reason, ...decided] : decided;
  const delay = bounce.length > 0 && isDelay(input);
  if (delay && input.deliveryStatus)
    bounce.push('delivery status reports a delay (Action: delayed / Status 4.x.x)');
  const found: Record<MailKind, string[]> = {
    pec_receipt: receipt ? [`X-Ricevuta: ${receipt.trim()}`] : [],
    feedback_report: [
      ...reportReasons(signals, 'feedback-report'),
      ...(provider?.kind === 'feedback_report' ? [provider.reason] : []),
      ...complaintReasons(input.headers, input.subject, input.from, signals.text, signals.attachedMessage),
    ],
    read_receipt: reportReasons(signals, 'disposition-notification'),
    delivery_delay: delay ? bounce : [],
    bounce: delay ? [] : bounce,
    auto_reply: autoReplyReasons(input, signals),
    machine_notice: [
      ...(provider?.kind === 'machine_notice' ? [provider.reason] : []),
      ...listNoticeReasons(input.headers, input.subject, input.from),
      ...gatewayNoticeReasons(input.from, input.subject),
    ],
    own_address:
      input.from && input.ownAddresses.includes(input.from.address)
        ? [`From: ${input.from.address} is an own address`]
        : [],
    bulk: bulkReasons(input, signals, weak),
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
  } else if (input.replyTo && !isUsableSender(input.replyTo)) {
    // The acknowledgement goes to Reply-To when there is one: it must not be a robot either.
    suppressed.push(`Reply-To address cannot receive replies: ${input.replyTo.address}`);
  }
  return { sendAcknowledgement: suppressed.length === 0, acknowledgementSuppressedBy: suppressed };
}
