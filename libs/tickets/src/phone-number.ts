import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** A number as the PBX sent it, and what it is once normalised. */
export interface NormalisedNumber {
  /** E.164 (+390552345678), or null for an internal extension, a withheld caller or garbage. */
  e164: string | null;
  /** The extension dialled after the number ("055 2345678 int. 12"), if any. */
  extension: string | null;
}

/** The help desk is in Italy: a number without a country prefix is Italian. */
const DEFAULT_COUNTRY = 'IT';

/**
 * Normalises a caller or called number: Italian landlines keep their leading 0 (+39 055 ...),
 * mobiles (+39 3xx ...), `+39` and `0039` prefixes, foreign numbers with their own prefix, and an
 * extension after the number. A short internal extension ("201") or "anonymous" has no E.164 form.
 */
export function normalisePhoneNumber(raw: string | null | undefined): NormalisedNumber {
  const text = (raw ?? '').trim();
  if (!/\d{6,}/.test(text.replace(/[\s./()-]/g, ''))) return { e164: null, extension: null };
  const parsed = parsePhoneNumberFromString(text, DEFAULT_COUNTRY);
  if (!parsed || !parsed.isPossible()) return { e164: null, extension: null };
  return { e164: parsed.number, extension: parsed.ext ?? null };
}

/**
 * The last digits of the national number, for a coarse SQL filter on contacts whose phone was typed
 * by hand in any format; the exact comparison is on the normalised numbers.
 */
export function matchSuffix(e164: string): string {
  return e164.replace(/\D/g, '').slice(-7);
}
