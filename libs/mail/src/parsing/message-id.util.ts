import { createHash } from 'node:crypto';

import { parseHeaderBlock } from './header.util';

const MAX_ID_LENGTH = 995;

/**
 * Normalises one message id to its '<...>' form, or null when the value is not a usable id.
 * Folding whitespace inside the brackets is removed (long ids are folded by some MTAs); a bare
 * 'local@domain' (as in PEC's X-Riferimento-Message-ID or daticert.xml) gets its brackets.
 */
export function normaliseMessageId(value: string): string | null {
  if (typeof value !== 'string') return null;
  const bracketed = /<([^<>]*)>/.exec(value);
  const inner = (bracketed ? bracketed[1] : value).replace(/\s+/g, '');
  if (!inner || inner.length > MAX_ID_LENGTH) return null;
  if (!bracketed && !/^[^@\s]+@[^@\s]+$/.test(inner)) return null;
  // eslint-disable-next-line no-control-regex -- a message id with control characters is not usable
  if (/[<>"\\,;\x00-\x1f\x7f]/.test(inner)) return null;
  return `<${inner}>`;
}

/**
 * The ids of an In-Reply-To or References field. Only bracketed ids count: a bare word there is usually
 * an address or a phrase written by an old client, and threading on it would attach mail to the wrong ticket.
 */
export function parseMessageIdList(values: readonly string[]): string[] {
  const ids: string[] = [];
  for (const value of values) {
    // Folded ids ('<invalid.\r\n something@bar.net>') arrive with a space inside the brackets.
    for (const match of value.matchAll(/<([^<>]*)>/g)) {
      const id = normaliseMessageId(match[0]);
      if (id && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

/**
 * Header fields that identify the message itself. Trace fields (Received, Delivered-To, Return-Path,
 * X-Spam-*, ...) are left out on purpose: they differ between two deliveries of the same mail, which
 * must still get the same id so it is not ingested twice.
 */
const IDENTITY_FIELDS = new Set([
  'from',
  'sender',
  'reply-to',
  'to',
  'cc',
  'subject',
  'date',
  'in-reply-to',
  'references',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
]);

/**
 * A stable id for a message without Message-ID: sha256 of its identity headers (unfolded, whitespace
 * collapsed) and its body (line endings and trailing blanks normalised, as transports change those).
 */
export function fallbackMessageId(source: string): string {
  const { headers, bodyStart } = parseHeaderBlock(source);
  const headerText = headers
    .filter((h) => IDENTITY_FIELDS.has(h.name))
    .map((h) => `${h.name}:${h.value.replace(/\s+/g, ' ')}`)
    .join('\n');
  // Line by line with trimEnd: a regular expression over runs of blanks is quadratic on hostile input.
  const body = source
    .slice(bodyStart)
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd())
    .join('\n')
    .trimEnd();
  // Without identity fields (no header block, or only trace fields) the whole message is the identity:
  // two different header-less mails must never share an id.
  const identity = headerText === '' ? `${source.slice(0, bodyStart).replace(/\r\n?/g, '\n')}` : headerText;
  const digest = createHash('sha256')
    .update(Buffer.from(identity, 'latin1'))
    .update('\n\n')
    .update(Buffer.from(body, 'latin1'))
    .digest('hex');
  return `<${digest}@hash.invalid>`;
}

/** Id for bytes that could not be parsed at all: the hash of the bytes themselves. */
export function rawBytesMessageId(raw: Buffer): string {
  return `<${createHash('sha256').update(raw).digest('hex')}@hash.invalid>`;
}
