import { splitHeaderBlock } from './header.util';

/**
 * Repairs of the raw message's lines, before its MIME structure is read (binary strings, one char
 * per byte). Each fixes a shape of real mail that made mailparser lose the sender, the text or the
 * attachments.
 */

/**
 * Old Mac mail and some gateways end lines with CR alone: mailparser then sees one endless header
 * line and nothing else. Such a message (no LF anywhere) gets CRLF line ends.
 */
export function normaliseCrOnlyLineEnds(source: string, problems: string[]): string {
  if (source.includes('\n') || !source.includes('\r')) return source;
  problems.push('CR-only line endings converted to CRLF');
  return source.replace(/\r/g, '\r\n');
}

const FIELD_LINE = /^[!-9;-~]+[ \t]*:/;
/** Fields every mail has one of: their presence in the first block means it is a header block. */
const KNOWN_FIELD =
  /^(?:from|to|cc|subject|date|message-id|received|return-path|mime-version|content-type|reply-to|sender|delivered-to|x-[!-9;-~]*)[ \t]*:/im;

/**
 * A message with no header block at all (a bare text file, a body saved without its headers) would
 * have its first lines taken for headers and lost: when the first block has no header field, an
 * empty header block is put in front so all of it is body.
 */
export function headerlessAsBody(source: string, problems: string[]): string {
  const firstLine = /^[^\r\n]*/.exec(source)![0];
  if (firstLine === '' || FIELD_LINE.test(firstLine.trimStart())) return source;
  const blockEnd = /\r?\n\r?\n/.exec(source);
  const block = source.slice(0, blockEnd ? blockEnd.index : Math.min(source.length, 64 * 1024));
  if (KNOWN_FIELD.test(block)) return source;
  problems.push('no header block: the whole message is read as text');
  return `\r\n${source}`;
}

/** Boundaries declared anywhere in the message (bounded: a real message has a handful). */
function declaredBoundaries(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/\bboundary[ \t]*=[ \t]*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))/gi)) {
    found.add(match[1] ?? match[2]);
    if (found.size >= 16) break;
  }
  return [...found];
}

/**
 * RFC 2046 lets a boundary delimiter line end with spaces or tabs (transport padding); mailparser then
 * misses the delimiter and every part after it. The padding is removed from delimiter lines.
 */
export function stripBoundaryPadding(source: string, problems: string[]): string {
  if (!/^--[^\r\n]*[ \t]\r?$/m.test(source)) return source;
  let out = source;
  let padded = false;
  for (const boundary of declaredBoundaries(source)) {
    const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const delimiter = new RegExp(`^(--${escaped}(?:--)?)[ \\t]+(?=\\r?$)`, 'gm');
    out = out.replace(delimiter, (_whole, line: string) => {
      padded = true;
      return line;
    });
  }
  if (padded) problems.push('blanks after boundary delimiter lines removed (RFC 2046 transport padding)');
  return out;
}

/**
 * `Content-Type:` with no type, or with parameters only (`Content-Type: ; name=x`), made mailparser
 * fail on the whole message. RFC 2045 gives such a part text/plain; charset=us-ascii, and a part with
 * a file name is a file (application/octet-stream). Only header blocks are touched: the message's and
 * each part's (the lines after a boundary delimiter, up to the first blank line).
 */
export function defaultEmptyContentType(source: string, problems: string[]): string {
  if (!/^content-type[ \t]*:[ \t]*(?:;|\r?$)/im.test(source)) return source;
  const starts = [0];
  for (const boundary of declaredBoundaries(source)) {
    const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const m of source.matchAll(new RegExp(`^--${escaped}[ \\t]*\\r?\\n`, 'gm'))) {
      starts.push(m.index + m[0].length);
    }
  }
  const edits: { start: number; end: number; text: string }[] = [];
  // The first parts only: a real message has a handful, a hostile one must not cost a pass per part.
  for (const start of starts.slice(0, 1000)) {
    const { headerEnd } = splitHeaderBlock(source, start, Math.min(source.length, start + 256 * 1024));
    const block = source.slice(start, headerEnd);
    const field =
      /(^|\n)(content-type[ \t]*:)([ \t]*(?:;[^\r\n]*)?)((?:\r?\n[ \t][^\r\n]*)*)(?=\r?\n|\r?$)/i.exec(block);
    if (!field) continue;
    const params = field[3] + field[4];
    if (params.replace(/[;\s]/g, '') !== '' && !params.trim().startsWith(';')) continue;
    const named = /\b(?:name|filename)\*?[ \t]*=/i.test(params) || /\bfilename\*?[ \t]*=/i.test(block);
    const type = named ? 'application/octet-stream' : 'text/plain';
    const rest = params.trim().replace(/^;\s*/, '');
    const hasCharset = /\bcharset[ \t]*=/i.test(rest);
    const value = [type, ...(named || hasCharset ? [] : ['charset=us-ascii']), ...(rest ? [rest] : [])].join(
      '; ',
    );
    const fieldStart = start + field.index + field[1].length;
    const fieldEnd = fieldStart + field[2].length + field[3].length + field[4].length;
    edits.push({ start: fieldStart, end: fieldEnd, text: `Content-Type: ${value}` });
  }
  if (edits.length === 0) return source;
  problems.push('Content-Type without a type: text/plain (or application/octet-stream for a named part)');
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const edit of edits) {
    if (edit.start < pos) continue;
    out += source.slice(pos, edit.start) + edit.text;
    pos = edit.end;
  }
  return out + source.slice(pos);
}

/**
 * Raw 8-bit bytes inside a Q-encoded word (`=?ISO-8859-1?Q?Fr\xf6sche?=`) belong to the word's own
 * charset: they are escaped as =XX so the word is decoded in it, instead of being read as UTF-8 or
 * as the message's legacy charset with the rest of the line.
 */
export function escapeRawBytesInEncodedWords(line: string): string {
  // Bounded word length and no nested quantifiers: linear on hostile header lines.
  return line.replace(
    /=\?([^?\s]{1,64})\?([qQ])\?([^?]{0,2000})\?=/g,
    (word, charset: string, q: string, text: string) =>
      /[\x80-\xff]/.test(text)
        ? `=?${charset}?${q}?${text.replace(
            /[\x80-\xff]/g,
            (ch) => `=${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
          )}?=`
        : word,
  );
}
