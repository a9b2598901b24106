/**
 * Raw header handling on "binary strings" (one char per byte, from Buffer#toString('latin1')), so that
 * offsets are byte offsets and nothing is decoded before we know which charset applies.
 */

export interface RawHeader {
  /** Lower-cased field name. */
  name: string;
  /** Unfolded value, trimmed, still raw (encoded-words and 8-bit bytes untouched). */
  value: string;
}

export interface HeaderBlock {
  headers: RawHeader[];
  /** Offset where the body starts (after the blank line), or `end` when there is no blank line. */
  bodyStart: number;
}

const FIELD_LINE = /^([!-9;-~]+)[ \t]*:(.*)$/s;

/** Finds the end of the header block in src[start, end): the first empty line. */
export function splitHeaderBlock(
  src: string,
  start = 0,
  end = src.length,
): { headerEnd: number; bodyStart: number } {
  // A part whose first line is already empty has no headers at all.
  if (src.startsWith('\r\n', start)) return { headerEnd: start, bodyStart: start + 2 };
  if (src.startsWith('\n', start)) return { headerEnd: start, bodyStart: start + 1 };
  let pos = start;
  while (pos < end) {
    const nl = src.indexOf('\n', pos);
    if (nl === -1 || nl >= end) break;
    const next = nl + 1;
    if (next < end && src.startsWith('\r\n', next)) return { headerEnd: nl + 1, bodyStart: next + 2 };
    if (next < end && src.startsWith('\n', next)) return { headerEnd: nl + 1, bodyStart: next + 1 };
    pos = next;
  }
  return { headerEnd: end, bodyStart: end };
}

/**
 * Parses a header block leniently: a line that is neither a field nor a folded continuation (broken
 * folding, seen in Exchange and in mail with long References) is appended to the previous field instead
 * of ending the block, and a first line indented by mistake still counts as a field.
 */
export function parseHeaderLines(text: string): RawHeader[] {
  const headers: RawHeader[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '') continue;
    const folded = line.startsWith(' ') || line.startsWith('\t');
    const last = headers[headers.length - 1];
    if (folded && last) {
      last.value += line;
      continue;
    }
    const match = FIELD_LINE.exec(folded ? line.trimStart() : line);
    if (match) {
      headers.push({ name: match[1].toLowerCase(), value: match[2] });
    } else if (last) {
      last.value += ' ' + line;
    }
  }
  for (const header of headers) header.value = header.value.trim();
  return headers;
}

export function parseHeaderBlock(src: string, start = 0, end = src.length): HeaderBlock {
  const { headerEnd, bodyStart } = splitHeaderBlock(src, start, end);
  return { headers: parseHeaderLines(src.slice(start, headerEnd)), bodyStart };
}

/** The first value of a field: duplicated MIME fields are resolved the way mailparser's splitter does. */
export function firstHeader(headers: readonly RawHeader[], name: string): string | null {
  const found = headers.find((h) => h.name === name);
  return found ? found.value : null;
}

export function allHeaders(headers: readonly RawHeader[], name: string): string[] {
  return headers.filter((h) => h.name === name).map((h) => h.value);
}

export interface StructuredValue {
  /** Lower-cased main value (e.g. 'multipart/mixed'). */
  value: string;
  /** Lower-cased parameter names; values unquoted but not decoded (RFC 2231/2047 left as is). */
  params: Record<string, string>;
}

/** Splits `value; a=b; c="d;e"` into the main value and its parameters, respecting quotes. */
export function parseStructuredHeader(raw: string): StructuredValue {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (quoted && ch === '\\' && i + 1 < raw.length) {
      current += raw[++i];
      continue;
    }
    if (ch === '"') {
      quoted = !quoted;
      continue;
    }
    if (ch === ';' && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  const params: Record<string, string> = {};
  for (const part of parts.slice(1)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    if (key && !(key in params)) params[key] = part.slice(eq + 1).trim();
  }
  return { value: parts[0].trim().toLowerCase(), params };
}

/** Whether a parameter (plain, RFC 2231 extended `name*` or continued `name*0*`) has a non-blank value. */
export function hasParam(params: Record<string, string>, name: string): boolean {
  return Object.entries(params).some(
    ([key, value]) =>
      (key === name || key.startsWith(`${name}*`)) && value.replace(/^[^']*'[^']*'/, '').trim() !== '',
  );
}
