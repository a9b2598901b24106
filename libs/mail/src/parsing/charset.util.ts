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
  if (charset && charset !== 'us-ascii') {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // fall through to the guess below
    }
  }
  return isValidUtf8(bytes) ? bytes.toString('utf8') : new TextDecoder(FALLBACK_CHARSET).decode(bytes);
}

/**
 * Removes C0 control characters other than tab and line breaks (and DEL): a NUL decoded from a stray
 * '=00' in quoted-printable is rejected by PostgreSQL text columns, and the others only corrupt display.
 */
export function stripControlCharacters(value: string): string {
  return value.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '');
}
