import { type AddressObject, type ParsedMail as MailparserMail, simpleParser } from 'mailparser';

import { toMailAddresses, withCommentedAddresses } from './address.util';
import { buildAttachments, type SourceAttachment } from './attachment.util';
import { extractBounceInfo, readDeliveryStatus } from './bounce.util';
import { resolveCharset, stripControlCharacters } from './charset.util';
import { allHeaders, firstHeader, splitHeaderBlock } from './header.util';
import { sanitiseMailHtml } from './html-sanitiser.util';
import { htmlToPlainText } from './html-to-text.util';
import { guessLanguage } from './language.util';
import { classifyMail } from './mail-classifier.util';
import { parseMailDate } from './mail-date.util';
import {
  fallbackMessageId,
  normaliseMessageId,
  parseMessageIdList,
  rawBytesMessageId,
} from './message-id.util';
import { flattenMime } from './mime-structure.util';
import type { ParsedMail, ParseInboundMailOptions, PecInfo } from './parsed-mail.types';
import {
  findPecParts,
  isPecEnvelope,
  PEC_ERROR_RECEIPTS,
  postacertBytes,
  readDaticert,
  readPecHeaders,
} from './pec.util';
import { markNamedInlineTextAsAttachment, type RepairedMail, repairRawMail } from './raw-repair.util';
import { cleanSubject, extractTicketNumber, normaliseSubject } from './subject.util';

export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Prefix of the parse problem reported when nothing could be read: the caller flags such tickets for review. */
export const UNPARSEABLE_PROBLEM_PREFIX = 'unparseable message';

/** A PEC envelope inside a PEC envelope is possible (forwarded certified mail); deeper nesting is not. */
const MAX_ENVELOPE_DEPTH = 3;

/**
 * mailparser is stream-based: a stalled stream must not hold an ingestion worker forever. (Synchronous
 * hot spots cannot be interrupted this way; the known one is defused beforehand, see raw-repair.)
 */
const MAILPARSER_TIMEOUT_MS = 20_000;

const MAILPARSER_OPTIONS = {
  keepCidLinks: true,
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipImageLinks: true,
  skipTextLinks: true,
};

interface ResolvedOptions {
  maxAttachmentBytes: number;
  ownAddresses: string[];
}

/**
 * Parses and classifies a raw inbound e-mail. Never throws: whatever the bytes, the result is a
 * ParsedMail, with the problems met listed in parseProblems (and, when nothing could be read, a
 * subject-less 'normal' mail whose parseProblems starts with UNPARSEABLE_PROBLEM_PREFIX).
 */
export async function parseInboundMail(
  raw: Buffer,
  options: ParseInboundMailOptions = {},
): Promise<ParsedMail> {
  try {
    const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(typeof raw === 'string' ? raw : '');
    return await parseMessage(bytes, resolveOptions(options), 0);
  } catch (error) {
    return unparseableMail(raw, error);
  }
}

function resolveOptions(options: ParseInboundMailOptions | undefined): ResolvedOptions {
  const max = options?.maxAttachmentBytes;
  return {
    maxAttachmentBytes: typeof max === 'number' && max >= 0 ? max : DEFAULT_MAX_ATTACHMENT_BYTES,
    ownAddresses: (Array.isArray(options?.ownAddresses) ? options.ownAddresses : []).map((a) =>
      String(a).trim().toLowerCase(),
    ),
  };
}

async function parseMessage(bytes: Buffer, options: ResolvedOptions, depth: number): Promise<ParsedMail> {
  const repaired = repairRawMail(bytes.toString('latin1'));
  const pec = readPecHeaders(repaired.structure.root.headers);
  if (isPecEnvelope(pec) && depth < MAX_ENVELOPE_DEPTH) {
    const envelope = await unwrapPecEnvelope(repaired, options, depth);
    if (envelope) return envelope;
  }
  return parseRepaired(repaired, options);
}

/**
 * A PEC transport envelope describes the original it carries: the result is the parsed postacert.eml,
 * with the envelope's subject and daticert.xml fields in `pec`. Null when there is no original inside.
 */
async function unwrapPecEnvelope(
  repaired: RepairedMail,
  options: ResolvedOptions,
  depth: number,
): Promise<ParsedMail | null> {
  const { daticert: daticertPart, postacert } = findPecParts(repaired.structure.root);
  if (!postacert) return null;
  const envelopeHeaders = await parseHeadersOnly(repaired.source);
  const daticert = readDaticert(daticertPart);
  const original = await parseMessage(postacertBytes(postacert), options, depth + 1);
  const problems = [...repaired.problems];
  if (readPecHeaders(repaired.structure.root.headers).transport === 'errore') {
    problems.push('PEC anomaly envelope (X-Trasporto: errore): the original was not certified');
  }
  if (!daticert) problems.push('PEC envelope without a readable daticert.xml');
  let { messageId, messageIdFromHeader } = original;
  const certifiedId = normaliseMessageId(daticert?.msgid ?? '');
  if (!messageIdFromHeader && certifiedId) {
    // The provider certified the original's id: better than a hash for threading the replies.
    messageId = certifiedId;
    messageIdFromHeader = true;
  }
  const info: PecInfo = {
    kind: 'envelope',
    envelopeSubject: cleanSubject(envelopeHeaders?.subject),
    daticert,
  };
  return {
    ...original,
    messageId,
    messageIdFromHeader,
    pec: original.pec ?? info,
    parseProblems: [...problems, ...original.parseProblems],
  };
}

async function parseRepaired(repaired: RepairedMail, options: ResolvedOptions): Promise<ParsedMail> {
  const problems = [...repaired.problems];
  const { root } = repaired.structure;
  const headers = root.headers;
  const mail = await runMailparserSafely(repaired.source, problems);

  const subject = cleanSubject(mail.subject);
  if (mail.subject && mail.subject.length > subject.length + 16) {
    problems.push('subject truncated to 998 characters');
  }
  const addresses = (
    field: 'from' | 'reply-to' | 'to' | 'cc',
    value: AddressObject | AddressObject[] | undefined,
  ) => withCommentedAddresses(firstHeader(headers, field), toMailAddresses(value));
  const from = addresses('from', mail.from)[0] ?? null;
  const replyTo = addresses('reply-to', mail.replyTo)[0] ?? null;
  const rawDate = firstHeader(headers, 'date');
  const date = parseMailDate(rawDate);
  if (rawDate !== null && date === null) problems.push(`invalid Date header '${rawDate.slice(0, 60)}'`);

  const headerMessageId = normaliseMessageId(firstHeader(headers, 'message-id') ?? '');
  const inReplyTo = parseMessageIdList(allHeaders(headers, 'in-reply-to'));
  const references = parseMessageIdList(allHeaders(headers, 'references'));
  const rawInReplyTo = allHeaders(headers, 'in-reply-to').join(' ').trim();
  if (rawInReplyTo && inReplyTo.length === 0) problems.push(`In-Reply-To without a message id ignored`);

  const rawHtml = typeof mail.html === 'string' ? mail.html : null;
  const html = rawHtml !== null ? stripControlCharacters(sanitiseMailHtml(rawHtml)) : null;
  const text = stripControlCharacters(bestText(mail.text, rawHtml));

  const attachmentSources = await namedInlineTextAttachments(repaired, mail.attachments, problems);
  const { attachments, refused } = buildAttachments(attachmentSources, rawHtml, options.maxAttachmentBytes);
  problems.push(...charsetProblems(repaired));

  const deliveryStatus = readDeliveryStatus(root);
  const classification = classifyMail({
    headers,
    subject,
    from,
    replyTo,
    root,
    deliveryStatus,
    ownAddresses: options.ownAddresses,
    text,
    envelopeSender: repaired.envelopeSender ?? null,
  });
  const isBounce = classification.kind === 'bounce' || classification.kind === 'delivery_delay';
  const bounce = isBounce
    ? extractBounceInfo({ root, headers, text, inReplyTo, delay: classification.kind === 'delivery_delay' })
    : null;

  const pec = pecInfoOf(repaired, subject, problems);

  return {
    messageId: headerMessageId ?? fallbackMessageId(repaired.source),
    messageIdFromHeader: headerMessageId !== null,
    inReplyTo,
    references,
    subject,
    normalizedSubject: normaliseSubject(subject),
    ticketNumber: extractTicketNumber(subject),
    from,
    replyTo,
    to: addresses('to', mail.to),
    cc: addresses('cc', mail.cc),
    date,
    text,
    html,
    attachments,
    refusedAttachments: refused,
    ...classification,
    bounce,
    pec,
    language: guessLanguage(`${subject}\n${text}`),
    parseProblems: [...new Set(problems)],
  };
}

/**
 * What a PEC receipt says (type, the message it is about, whether it reports an error), or for an
 * envelope without postacert.eml, what the envelope itself says. Null for ordinary mail.
 */
function pecInfoOf(repaired: RepairedMail, subject: string, problems: string[]): PecInfo | null {
  const { root } = repaired.structure;
  const pec = readPecHeaders(root.headers);
  if (pec.receipt) {
    const daticert = readDaticert(findPecParts(root).daticert);
    return {
      kind: 'receipt',
      receiptType: pec.receipt,
      refersToMessageId: pec.referencedMessageId ?? normaliseMessageId(daticert?.msgid ?? ''),
      // The receipt type decides; a daticert reporting an error (errore != nessuno) is believed too.
      error: PEC_ERROR_RECEIPTS.has(pec.receipt) || (!!daticert?.errore && daticert.errore !== 'nessuno'),
      daticert,
    };
  }
  if (isPecEnvelope(pec)) {
    problems.push('PEC envelope without postacert.eml: the envelope itself is described');
    return {
      kind: 'envelope',
      envelopeSubject: subject,
      daticert: readDaticert(findPecParts(root).daticert),
    };
  }
  return null;
}

/** The text part, or text derived from the HTML when there is none (HTML-only mail, Apple Mail). */
function bestText(text: string | undefined, html: string | null): string {
  const plain = (text ?? '').replace(/\r\n?/g, '\n').trim();
  if (plain || !html) return plain;
  return htmlToPlainText(html);
}

/**
 * Text parts that carry a file name are merged into the body by mailparser. They are also files the
 * sender attached (Apple Mail sends .txt attachments that way), so a second parse of a copy that marks
 * them as attachments recovers them with their names; the body keeps their text too.
 */
async function namedInlineTextAttachments(
  repaired: RepairedMail,
  attachments: readonly SourceAttachment[],
  problems: string[],
): Promise<readonly SourceAttachment[]> {
  const variant = markNamedInlineTextAsAttachment(repaired.source, repaired.structure);
  if (!variant) return attachments;
  try {
    return (await withTimeout(simpleParser(Buffer.from(variant, 'latin1'), MAILPARSER_OPTIONS))).attachments;
  } catch {
    problems.push('named text parts could not be extracted as attachments');
    return attachments;
  }
}

function charsetProblems(repaired: RepairedMail): string[] {
  const problems: string[] = [];
  for (const node of flattenMime(repaired.structure.root)) {
    const declared = node.contentTypeParams.charset;
    if (
      !node.insideMessage &&
      node.contentType.startsWith('text/') &&
      declared &&
      !resolveCharset(declared)
    ) {
      problems.push(
        `unknown charset '${declared.replace(/["']/g, '').slice(0, 40)}' decoded as UTF-8/windows-1252`,
      );
    }
  }
  return problems;
}

/**
 * mailparser, with a fallback: when it fails on the whole message, the headers alone are parsed and the
 * body is kept as plain text, so the sender and subject survive a broken body.
 */
async function runMailparserSafely(source: string, problems: string[]): Promise<MailparserMail> {
  try {
    return await withTimeout(simpleParser(Buffer.from(source, 'latin1'), MAILPARSER_OPTIONS));
  } catch (error) {
    problems.push(`MIME body could not be parsed (${describe(error)}): kept as plain text`);
  }
  const { bodyStart } = splitHeaderBlock(source);
  const headers = await parseHeadersOnly(source);
  if (!headers) throw new Error('headers could not be parsed');
  const body = Buffer.from(source.slice(bodyStart), 'latin1');
  return { ...headers, text: body.toString('utf8'), html: false, attachments: [] };
}

/** Below mailparser's 1 MB header limit: a longer header block is cut so sender and subject survive. */
const MAX_HEADER_BLOCK = 512 * 1024;

/** Parses only the header block (decoded subject and addresses), e.g. of a PEC envelope. */
async function parseHeadersOnly(source: string): Promise<MailparserMail | null> {
  const { headerEnd } = splitHeaderBlock(source);
  const end = headerEnd <= MAX_HEADER_BLOCK ? headerEnd : source.lastIndexOf('\n', MAX_HEADER_BLOCK) + 1;
  const block = source
    .slice(0, end)
    .replace(/^content-(?:type|transfer-encoding)[ \t]*:.*(?:\r?\n[ \t].*)*\r?\n?/gim, '');
  try {
    return await withTimeout(simpleParser(Buffer.from(`${block}\r\n`, 'latin1'), MAILPARSER_OPTIONS));
  } catch {
    return null;
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`mailparser timed out after ${MAILPARSER_TIMEOUT_MS} ms`)),
      MAILPARSER_TIMEOUT_MS,
    );
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}

function unparseableMail(raw: unknown, error: unknown): ParsedMail {
  let messageId = '<unparseable@hash.invalid>';
  try {
    if (Buffer.isBuffer(raw)) messageId = rawBytesMessageId(raw);
  } catch {
    // keep the constant id: this path must not throw
  }
  return {
    messageId,
    messageIdFromHeader: false,
    inReplyTo: [],
    references: [],
    subject: '',
    normalizedSubject: '',
    ticketNumber: null,
    from: null,
    replyTo: null,
    to: [],
    cc: [],
    date: null,
    text: '',
    html: null,
    attachments: [],
    refusedAttachments: [],
    kind: 'normal',
    kindReasons: [],
    sendAcknowledgement: false,
    acknowledgementSuppressedBy: ['the message could not be parsed'],
    bounce: null,
    pec: null,
    language: 'it',
    parseProblems: [`${UNPARSEABLE_PROBLEM_PREFIX}: ${describe(error)}`],
  };
}
