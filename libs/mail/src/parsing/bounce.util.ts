import { decodeBytes } from './charset.util';
import { firstHeader, parseHeaderBlock, parseHeaderLines, type RawHeader } from './header.util';
import { normaliseMessageId } from './message-id.util';
import { decodeTransferEncoding, flattenMime, type MimeNode } from './mime-structure.util';
import type { BounceInfo } from './parsed-mail.types';

/** The per-recipient fields of a message/delivery-status part (RFC 3464). */
export interface DeliveryStatus {
  recipients: string[];
  actions: string[];
  statuses: string[];
}

const ENHANCED_STATUS = /(?:^|[\s(#])([45]\.\d{1,3}\.\d{1,3})(?![\d.])/;

export function parseDeliveryStatus(text: string): DeliveryStatus {
  const fields = parseHeaderLines(text);
  const recipients = new Set<string>();
  const add = (value: string) => {
    const address = value
      .replace(/^[^;]*;/, '')
      .trim()
      .replace(/^<|>$/g, '')
      .toLowerCase();
    if (address.includes('@')) recipients.add(address);
  };
  fields.filter((f) => f.name === 'final-recipient').forEach((f) => add(f.value));
  if (recipients.size === 0)
    fields.filter((f) => f.name === 'original-recipient').forEach((f) => add(f.value));
  return {
    recipients: [...recipients],
    actions: fields.filter((f) => f.name === 'action').map((f) => f.value.toLowerCase().replace(/\s.*$/, '')),
    statuses: fields
      .filter((f) => f.name === 'status')
      .map((f) => /\d\.\d{1,3}\.\d{1,3}/.exec(f.value)?.[0])
      .filter((s): s is string => !!s),
  };
}

/** Parts of this message (not of an enclosed one) with the given content types. */
export function ownParts(root: MimeNode, types: readonly string[]): MimeNode[] {
  return flattenMime(root).filter((n) => !n.insideMessage && types.includes(n.contentType));
}

/** The delivery-status parts, merged; null when the message has none. */
export function readDeliveryStatus(root: MimeNode): DeliveryStatus | null {
  const parts = ownParts(root, ['message/delivery-status', 'message/global-delivery-status']);
  if (parts.length === 0) return null;
  const merged: DeliveryStatus = { recipients: [], actions: [], statuses: [] };
  for (const part of parts) {
    const status = parseDeliveryStatus(decodeBytes(decodeTransferEncoding(part), 'utf-8'));
    merged.recipients.push(...status.recipients.filter((r) => !merged.recipients.includes(r)));
    merged.actions.push(...status.actions);
    merged.statuses.push(...status.statuses);
  }
  return merged;
}

/** A DSN that only reports delays (Action: delayed, Status 4.x.x): the mail may still be delivered. */
export function isDelayOnly(status: DeliveryStatus | null): boolean {
  if (!status || (status.actions.length === 0 && status.statuses.length === 0)) return false;
  const failed = status.actions.some((a) => a === 'failed') || status.statuses.some((s) => s.startsWith('5'));
  const delayed =
    status.actions.some((a) => a === 'delayed') || status.statuses.some((s) => s.startsWith('4'));
  return delayed && !failed;
}

/** Headers of the returned original: a message/rfc822 part or a text/rfc822-headers part of this message. */
function returnedMessageHeaders(root: MimeNode): RawHeader[][] {
  const found: RawHeader[][] = [];
  for (const part of ownParts(root, [
    'message/rfc822',
    'message/global',
    'text/rfc822-headers',
    'message/global-headers',
  ])) {
    if (part.embedded) {
      found.push(part.embedded.headers);
    } else if (part.contentType.endsWith('headers')) {
      const text = decodeTransferEncoding(part).toString('latin1');
      found.push(parseHeaderBlock(text).headers);
    }
  }
  return found;
}

/**
 * What a bounce says about the original: its Message-ID (from the returned message or headers, else
 * In-Reply-To, which Exchange sets, else a Message-ID line quoted in the text, as Exim and qmail do),
 * the failed recipients and the status code.
 */
export function extractBounceInfo(input: {
  root: MimeNode;
  headers: readonly RawHeader[];
  text: string;
  inReplyTo: readonly string[];
  delay: boolean;
}): BounceInfo {
  const status = readDeliveryStatus(input.root);
  let originalMessageId: string | null = null;
  for (const headers of returnedMessageHeaders(input.root)) {
    originalMessageId = normaliseMessageId(firstHeader(headers, 'message-id') ?? '');
    if (originalMessageId) break;
  }
  originalMessageId ??= input.inReplyTo[0] ?? null;
  if (!originalMessageId) {
    const quoted = /^[ \t>]*Message-ID[ \t]*:[ \t]*(<[^<>\s]+>)/im.exec(input.text);
    originalMessageId = quoted ? normaliseMessageId(quoted[1]) : null;
  }

  let recipients = status?.recipients ?? [];
  if (recipients.length === 0) {
    const failed = firstHeader(input.headers, 'x-failed-recipients');
    if (failed) recipients = splitAddresses(failed);
  }
  if (recipients.length === 0) {
    // qmail and Postfix plain-text bounces: '<user@example.org>:' at the start of a line.
    recipients = [...input.text.matchAll(/^[ \t]*<([^<>\s@]+@[^<>\s]+)>:/gm)].map((m) => m[1].toLowerCase());
  }

  const code = status?.statuses[0] ?? ENHANCED_STATUS.exec(input.text)?.[1] ?? null;
  return {
    originalMessageId,
    recipients: [...new Set(recipients)],
    status: code,
    permanent: !input.delay && !(code ?? '').startsWith('4'),
  };
}

function splitAddresses(value: string): string[] {
  return value
    .split(/[,;\s]+/)
    .map((a) => a.replace(/^<|>$/g, '').trim().toLowerCase())
    .filter((a) => a.includes('@'));
}
