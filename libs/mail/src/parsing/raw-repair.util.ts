import { decodeBytes, isValidUtf8, resolveCharset } from './charset.util';
import { hasParam } from './header.util';
import {
  defaultEmptyContentType,
  escapeRawBytesInEncodedWords,
  headerlessAsBody,
  normaliseCrOnlyLineEnds,
  stripBoundaryPadding,
} from './line-repair.util';
import {
  decodeTransferEncoding,
  flattenMime,
  type MimeNode,
  type MimeStructure,
  parseMimeStructure,
} from './mime-structure.util';

/**
 * Repairs applied to the raw bytes before mailparser sees them. Each one fixes a way real mail breaks
 * that mailparser would otherwise turn into lost text or replacement characters. All work on binary
 * strings (one char per byte) so offsets from the MIME walker stay valid.
 */

interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface RepairedMail {
  /** The repaired message as a binary string. */
  source: string;
  /** The sender of an mbox `From ` line before the headers (MAILER-DAEMON for a null sender), else null. */
  envelopeSender?: string | null;
  structure: MimeStructure;
  problems: string[];
}

const UTF8_BOM = '\xef\xbb\xbf';

/** Longer MIME header lines are left alone: no real file name needs it, and it bounds the regex work. */
const MAX_PARAM_LINE = 8192;

/** Removes what precedes the first header: a UTF-8 BOM and an mbox `From ` separator line. */
export function stripEnvelopeNoise(source: string, problems: string[]): string {
  let out = source;
  if (out.startsWith(UTF8_BOM)) {
    out = out.slice(UTF8_BOM.length);
    problems.push('byte order mark before the headers removed');
  }
  // mbox separator: 'From sender date' (no colon after From). Real headers are 'From:'.
  const mbox = /^From [^\r\n]*\r?\n/.exec(out);
  if (mbox) {
    out = out.slice(mbox[0].length);
    problems.push('mbox From_ line removed');
  }
  return out;
}

export function repairRawMail(source: string): RepairedMail {
  const problems: string[] = [];
  let stripped = normaliseCrOnlyLineEnds(source, problems);
  const envelopeSender = /^(?:\xef\xbb\xbf)?From (\S+)/.exec(stripped)?.[1] ?? null;
  stripped = stripEnvelopeNoise(stripped, problems);
  stripped = headerlessAsBody(stripped, problems);
  stripped = stripBoundaryPadding(stripped, problems);
  stripped = defaultEmptyContentType(stripped, problems);
  const structure = parseMimeStructure(stripped);
  const edits = [
    ...transcodeLegacyHeaderBytes(stripped, structure, problems),
    ...rootMultipartFallback(stripped, structure, problems),
    ...reencodeHostileQuotedPrintable(stripped, structure, problems),
  ];
  if (edits.length === 0)
    return { source: stripped, envelopeSender, structure, problems: [...problems, ...structure.problems] };
  const repaired = applyEdits(stripped, edits);
  const reparsed = parseMimeStructure(repaired);
  return {
    source: repaired,
    envelopeSender,
    structure: reparsed,
    problems: [...problems, ...reparsed.problems],
  };
}

/**
 * The charset to assume for raw 8-bit header bytes that are not UTF-8: the message's own declared
 * charset when it has one (mail clients that emit raw headers use their body charset), else windows-1252.
 */
function legacyHeaderCharset(structure: MimeStructure): string {
  const legacy = (c: string | null): c is string => !!c && c !== 'utf-8' && c !== 'us-ascii';
  const declared = flattenMime(structure.root)
    .filter((n) => !n.insideMessage && (n === structure.root || n.contentType.startsWith('text/')))
    .map((n) => resolveCharset(n.contentTypeParams.charset))
    .find(legacy);
  if (declared) return declared;
  // No body charset: the charset of the encoded words in the same header block (a client that
  // encodes one field and writes another raw uses one charset for both).
  const encodedWord = structure.root.headers
    .flatMap((h) => [...h.value.matchAll(/=\?([^?\s*]{1,40})(?:\*[^?]*)?\?[bq]\?/gi)])
    .map((m) => resolveCharset(m[1]))
    .find(legacy);
  return encodedWord ?? 'windows-1252';
}

/**
 * Header lines with raw 8-bit bytes are made readable for mailparser, which reads raw header bytes as
 * UTF-8: bytes that are not UTF-8 (Latin-1, cp1252, KOI8-R, ...) are transcoded, and raw UTF-8 file
 * names are rewritten as RFC 2231 parameters, which mailparser decodes reliably. Headers of enclosed
 * messages are left alone: those bytes are attachment content and must stay byte-exact.
 */
function transcodeLegacyHeaderBytes(source: string, structure: MimeStructure, problems: string[]): Edit[] {
  const edits: Edit[] = [];
  let charset: string | null = null;
  let transcoded = false;
  for (const node of flattenMime(structure.root)) {
    if (node.source !== source || node.insideMessage) continue;
    let pos = node.headerStart;
    let field = '';
    while (pos < node.bodyStart) {
      let nl = source.indexOf('\n', pos);
      if (nl === -1 || nl > node.bodyStart) nl = node.bodyStart;
      const line = source.slice(pos, nl);
      if (!/^[ \t]/.test(line)) field = (/^([^:\s]+)[ \t]*:/.exec(line)?.[1] ?? '').toLowerCase();
      if (/[\x80-\xff]/.test(line)) {
        let text = escapeRawBytesInEncodedWords(line);
        const bytes = Buffer.from(text, 'latin1');
        if (!isValidUtf8(bytes)) {
          charset ??= legacyHeaderCharset(structure);
          text = Buffer.from(decodeLegacyHeader(bytes, charset), 'utf8').toString('latin1');
          transcoded = true;
        }
        const mimeField = field === 'content-type' || field === 'content-disposition';
        if (mimeField && text.length < MAX_PARAM_LINE) text = encodeRawParams(text);
        if (text !== line) edits.push({ start: pos, end: nl, text });
      }
      pos = nl + 1;
    }
  }
  if (transcoded) problems.push(`raw 8-bit header bytes are not UTF-8: decoded as ${charset}`);
  return edits;
}

const MULTI_BYTE_ENCODINGS = new Set([
  'big5',
  'gbk',
  'gb18030',
  'euc-kr',
  'euc-jp',
  'shift_jis',
  'iso-2022-jp',
]);

/** The WHATWG encoding a label stands for ('gb2312' -> 'gbk', 'x-sjis' -> 'shift_jis'). */
function encodingOf(label: string): string {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return label;
  }
}

/**
 * A line mixing UTF-8 with stray legacy bytes (seen in spam and in mail relayed through broken gateways)
 * keeps its UTF-8 characters; a line with no UTF-8 sequence at all is read in the legacy charset.
 */
function decodeLegacyHeader(bytes: Buffer, charset: string): string {
  // In double-byte charsets (Big5, GBK, EUC-KR, Shift_JIS...) byte pairs often look like UTF-8
  // sequences: the line is theirs as a whole.
  if (MULTI_BYTE_ENCODINGS.has(encodingOf(charset))) return decodeBytes(bytes, charset);
  const text = bytes.toString('latin1');
  const utf8Sequence = /[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}/g;
  if (!utf8Sequence.test(text)) return decodeBytes(bytes, charset);
  utf8Sequence.lastIndex = 0;
  let out = '';
  let last = 0;
  for (const match of text.matchAll(utf8Sequence)) {
    out += decodeBytes(Buffer.from(text.slice(last, match.index), 'latin1'), 'windows-1252');
    out += Buffer.from(match[0], 'latin1').toString('utf8');
    last = match.index + match[0].length;
  }
  return out + decodeBytes(Buffer.from(text.slice(last), 'latin1'), 'windows-1252');
}

/** `name="ciële.txt"` (raw UTF-8 bytes, as a binary string) becomes `name*=utf-8''ci%C3%ABle.txt`. */
function encodeRawParams(line: string): string {
  return line.replace(
    /\b(name|filename)[ \t]*=[ \t]*(?:"([^"]*)"|([^\s;"]+))/gi,
    (whole, key: string, q?: string, u?: string) => {
      const value = q ?? u ?? '';
      if (!/[\x80-\xff]/.test(value)) return whole;
      const encoded = [...Buffer.from(value, 'latin1')]
        .map((b) =>
          /[A-Za-z0-9._-]/.test(String.fromCharCode(b))
            ? String.fromCharCode(b)
            : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
        )
        .join('');
      return `${key}*=utf-8''${encoded}`;
    },
  );
}

/**
 * A root declared multipart whose parts cannot be found (no boundary parameter, or a boundary that never
 * occurs) would give an empty body; declaring it text/plain keeps the text the sender wrote.
 */
function rootMultipartFallback(source: string, structure: MimeStructure, problems: string[]): Edit[] {
  if (!structure.rootMultipartUnsplittable) return [];
  const root = structure.root;
  const field = findField(source, root, 'content-type');
  if (!field) return [];
  problems.push(`${root.contentType} body has no usable parts: read as plain text`);
  return [{ start: field.start, end: field.end, text: 'Content-Type: text/plain' }];
}

/** Valid quoted-printable lines are at most 76 characters: a longer blank run is never legitimate. */
const HOSTILE_BLANK_RUN = /[ \t]{200}/;

/**
 * mailparser's quoted-printable decoder (libqp) strips trailing blanks with a regular expression that is
 * quadratic in the length of a blank run, synchronously: a part holding a few hundred KB of spaces
 * would block the worker for hours. Such parts are decoded here, in linear time, and handed over as
 * base64 instead. Parts of attached messages are only touched when mailparser would descend into them.
 */
function reencodeHostileQuotedPrintable(
  source: string,
  structure: MimeStructure,
  problems: string[],
): Edit[] {
  const edits: Edit[] = [];
  const visit = (node: MimeNode, decodedByMailparser: boolean) => {
    node.children.forEach((child) => visit(child, decodedByMailparser));
    if (node.embedded) {
      const descended =
        node.disposition === 'inline' && ['', '7bit', '8bit', 'binary'].includes(node.transferEncoding);
      visit(node.embedded, decodedByMailparser && descended);
    }
    if (!decodedByMailparser || node.source !== source || node.children.length > 0 || node.embedded) return;
    if (node.transferEncoding !== 'quoted-printable') return;
    if (!HOSTILE_BLANK_RUN.test(source.slice(node.bodyStart, node.bodyEnd))) return;
    const field = findField(source, node, 'content-transfer-encoding');
    if (!field) return;
    const base64 = decodeTransferEncoding(node).toString('base64').replace(/.{76}/g, '$&\r\n');
    edits.push({ start: field.start, end: field.end, text: 'Content-Transfer-Encoding: base64' });
    edits.push({ start: node.bodyStart, end: node.bodyEnd, text: base64 });
  };
  visit(structure.root, true);
  if (edits.length > 0) problems.push('quoted-printable part with abnormal blank runs re-encoded as base64');
  return edits;
}

/**
 * A copy of the message in which text parts that carry a file name (shown inline by mailparser and so
 * merged into the body) are marked as attachments: parsing that copy recovers them as named files.
 * Returns null when there is no such part.
 */
export function markNamedInlineTextAsAttachment(source: string, structure: MimeStructure): string | null {
  const edits: Edit[] = [];
  for (const node of flattenMime(structure.root)) {
    if (node === structure.root || node.source !== source || node.insideMessage) continue;
    if (node.contentType !== 'text/plain' && node.contentType !== 'text/html') continue;
    if (node.disposition && node.disposition !== 'inline') continue;
    if (!hasParam(node.dispositionParams, 'filename') && !hasParam(node.contentTypeParams, 'name')) continue;
    const field = findField(source, node, 'content-disposition');
    if (field) {
      const value = source
        .slice(field.start, field.end)
        .replace(/^(content-disposition[ \t]*:[ \t]*)inline/i, '$1attachment');
      edits.push({ start: field.start, end: field.end, text: value });
    } else {
      edits.push({
        start: node.headerStart,
        end: node.headerStart,
        text: 'Content-Disposition: attachment\r\n',
      });
    }
  }
  return edits.length > 0 ? applyEdits(source, edits) : null;
}

/** Offsets of the first occurrence of a field (with its folded continuation lines) in a node's headers. */
function findField(source: string, node: MimeNode, name: string): { start: number; end: number } | null {
  const block = source.slice(node.headerStart, node.bodyStart);
  const match = new RegExp(`(^|\\n)(${name}[ \\t]*:[^\\n]*(?:\\n[ \\t][^\\n]*)*)`, 'i').exec(block);
  if (!match) return null;
  const start = node.headerStart + match.index + match[1].length;
  let end = start + match[2].length;
  if (source[end - 1] === '\r') end--;
  return { start, end };
}

/** Applies non-overlapping edits in one pass (repeated slicing would copy a large message per edit). */
function applyEdits(source: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const chunks: string[] = [];
  let pos = 0;
  for (const edit of sorted) {
    // Overlapping repairs (a header line both transcoded and rewritten) keep the first one.
    if (edit.start < pos) continue;
    chunks.push(source.slice(pos, edit.start), edit.text);
    pos = edit.end;
  }
  chunks.push(source.slice(pos));
  return chunks.join('');
}
