import { createHash } from 'node:crypto';

import type { ParsedAttachment, RefusedAttachment } from './parsed-mail.types';

/** What mailparser hands over for each attachment (only the fields used here). */
export interface SourceAttachment {
  filename?: string;
  contentType: string;
  content: Buffer;
  contentId?: string;
  cid?: string;
}

/** Storage limit for a file name (bytes of UTF-8), as on common file systems. */
const MAX_FILENAME_BYTES = 255;

const EXTENSIONS: Record<string, string> = {
  'application/ms-tnef': '.dat',
  'application/pdf': '.pdf',
  'application/zip': '.zip',
  'application/x-gzip': '.gz',
  'application/gzip': '.gz',
  'application/xml': '.xml',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'image/svg+xml': '.svg',
  'message/rfc822': '.eml',
  'message/delivery-status': '.txt',
  'message/disposition-notification': '.txt',
  'message/feedback-report': '.txt',
  'text/calendar': '.ics',
  'text/css': '.css',
  'text/html': '.html',
  'text/plain': '.txt',
  'text/rfc822-headers': '.txt',
  'text/xml': '.xml',
};

export function normaliseContentType(contentType: string | undefined): string {
  const value = (contentType ?? '').trim().toLowerCase();
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(value) ? value : 'application/octet-stream';
}

/**
 * A file name safe to store and to offer for download: the last path segment only ('../../x' and
 * 'C:\\x' are classic traversal tricks), no control or bidi-override characters (a newline enables
 * header injection, U+202E disguises 'exe' as 'txt'), none of the characters Windows forbids, no
 * leading dots, at most 255 UTF-8 bytes with the extension kept. Never empty.
 */
export function sanitiseFilename(
  name: string | null | undefined,
  contentType: string,
  index: number,
): string {
  const cleaned = (name ?? '')
    .slice(0, 4096)
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed here
    .replace(/[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]+/g, ' ')
    .split(/[/\\]/)
    .map((segment) => segment.trim())
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
    .pop();
  const safe = (cleaned ?? '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (!safe) return `attachment-${index}${extensionFor(contentType)}`;
  return truncateKeepingExtension(safe);
}

function extensionFor(contentType: string): string {
  return EXTENSIONS[contentType] ?? (contentType.startsWith('text/') ? '.txt' : '.bin');
}

function truncateKeepingExtension(name: string): string {
  if (Buffer.byteLength(name, 'utf8') <= MAX_FILENAME_BYTES) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  const budget = MAX_FILENAME_BYTES - Buffer.byteLength(extension, 'utf8');
  let stem = '';
  for (const char of name.slice(0, name.length - extension.length)) {
    if (Buffer.byteLength(stem + char, 'utf8') > budget) break;
    stem += char;
  }
  return stem.trimEnd() + extension;
}

/** The Content-IDs an HTML body references as cid: URLs, normalised for comparison. */
export function referencedContentIds(html: string | null): Set<string> {
  const ids = new Set<string>();
  if (!html) return ids;
  for (const match of html.matchAll(/cid:([^"'\s)>]+)/gi)) ids.add(normaliseContentId(match[1]));
  return ids;
}

function normaliseContentId(value: string): string {
  let id = value.trim().replace(/^<|>$/g, '');
  try {
    id = decodeURIComponent(id);
  } catch {
    // keep the raw form: a stray '%' is not worth losing the reference over
  }
  return id.toLowerCase();
}

/** Formats a byte limit the way agents read it: '10 MB', '512 KB', '100 byte'. */
export function formatByteLimit(bytes: number): string {
  const format = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
  if (bytes >= 1024 * 1024) return `${format(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${format(bytes / 1024)} KB`;
  return `${bytes} byte`;
}

/**
 * Turns mailparser's attachments into stored ones: sanitised names, sha256, the inline flag for cid
 * parts the HTML shows in place, and refusal (content dropped) above the size limit.
 */
export function buildAttachments(
  sources: readonly SourceAttachment[],
  html: string | null,
  maxBytes: number,
): { attachments: ParsedAttachment[]; refused: RefusedAttachment[] } {
  const referenced = referencedContentIds(html);
  const attachments: ParsedAttachment[] = [];
  const refused: RefusedAttachment[] = [];
  sources.forEach((source, i) => {
    const contentType = normaliseContentType(source.contentType);
    const filename = sanitiseFilename(source.filename, contentType, i + 1);
    const content = Buffer.isBuffer(source.content) ? source.content : Buffer.alloc(0);
    if (content.length > maxBytes) {
      const limit = formatByteLimit(maxBytes);
      refused.push({
        filename,
        contentType,
        size: content.length,
        reason: `supera il limite di ${limit} / exceeds the ${limit} limit`,
      });
      return;
    }
    const rawCid = source.cid ?? source.contentId ?? null;
    const contentId = rawCid ? rawCid.trim().replace(/^<|>$/g, '').trim() || null : null;
    attachments.push({
      filename,
      contentType,
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      content,
      inline: contentId !== null && referenced.has(normaliseContentId(contentId)),
      contentId,
    });
  });
  return { attachments, refused };
}
