/**
 * Byte-to-text decoding that never throws. Mail declares charsets that Node's TextDecoder does not know
 * ('fakescii', 'NONE', 'unknown-8bit'), and 8-bit bytes arrive undeclared; both must still become valid text.
 */

const FALLBACK_CHARSET = 'windows-1252';

/** Aliases seen in mail that the WHATWG encoding table spells differently or does not list. */
const CHARSET_ALIASES: Record<string, string> = {
  'iso-8859-8-i': 'iso-8859-8',
  'ks_c_5601-1987': 'euc-kr',
  'x-unknown': FALLBACK_CHARSET,
  'unknown-8bit': FALLBACK_CHARSET,
  'x-user-defined': FALLBACK_CHARSET,
  utf8: 'utf-8',
  ansi_x3: 'us-ascii',
};

/** WHATWG decodes all of these as windows-1252, which {@link decodeWindows1252} implements. */
const WINDOWS_1252_LABELS = new Set([
  'windows-1252',
  'cp1252',
  'x-cp1252',
  'iso-8859-1',
  'iso8859-1',
  'latin1',
  'l1',
  'us-ascii',
  'ascii',
]);

/** Bytes 0x80-0x9f of windows-1252 (the rest is Latin-1); undefined bytes keep their C1 code point. */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * windows-1252 by table: Node 20's TextDecoder decodes the 'windows-1252' label as plain Latin-1
 * (0x80 becomes U+0080 instead of the euro sign), which would garble Outlook's quotes and dashes.
 */
export function decodeWindows1252(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes)
    out += byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  return out;
}

/** The TextDecoder label for a declared charset, or null when Node cannot decode it. */
export function resolveCharset(declared: string | null | undefined): string | null {
  if (!declared) return null;
  const label = declared
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (!label) return null;
  const candidate = CHARSET_ALIASES[label] ?? label;
  try {
    new TextDecoder(candidate);
    return candidate;
  } catch {
    return null;
  }
}

/** Strict UTF-8 validity: the same test decides whether raw header bytes are UTF-8 or legacy 8-bit. */
export function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes bytes in the declared charset; unknown charsets and undeclared bytes fall back to UTF-8 when
 * the bytes are valid UTF-8, else to windows-1252 (a superset of Latin-1, the most common legacy charset
 * in Italian and Western European mail), so the result is always valid text.
 */
export function decodeBytes(bytes: Buffer, declared?: string | null): string {
  const charset = resolveCharset(declared);
  // 'us-ascii' with 8-bit bytes is a lie more often than not: guess below instead.
  if (charset && charset !== 'us-ascii' && charset !== 'ascii') {
    if (WINDOWS_1252_LABELS.has(charset)) return decodeWindows1252(bytes);
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // fall through to the guess below
    }
  }
  return isValidUtf8(bytes) ? bytes.toString('utf8') : decodeWindows1252(bytes);
}

/**
 * Removes C0 control characters other than tab and line breaks (and DEL): a NUL decoded from a stray
 * '=00' in quoted-printable is rejected by PostgreSQL text columns, and the others only corrupt display.
 */
export function stripControlCharacters(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed here
  return value.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '');
}
