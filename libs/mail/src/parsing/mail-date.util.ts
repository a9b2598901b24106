import { DateTime } from 'luxon';

/** Dates outside this window are typos or forgeries; the caller then uses the time of receipt. */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST_AHEAD_MS = 366 * 24 * 3600 * 1000;
/** A real Date field is about 40 characters; anything far longer is not one. */
const MAX_DATE_LENGTH = 200;

/**
 * Parses an RFC 5322 Date field leniently (comments such as '(CEST)' or a zone comment before the
 * offset, a missing weekday, two-digit years), returning null for anything that is not a real instant
 * instead of inventing one.
 */
export function parseMailDate(raw: string | null | undefined, now: Date = new Date()): Date | null {
  if (!raw || raw.length > MAX_DATE_LENGTH) return null;
  const cleaned = raw
    .replace(/\([^()]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!cleaned) return null;
  const candidates = [cleaned, cleaned.replace(/^[A-Za-z]{3},?\s*/, '')];
  for (const candidate of candidates) {
    const rfc = DateTime.fromRFC2822(candidate, { setZone: true });
    if (rfc.isValid) return plausible(rfc.toJSDate(), now);
  }
  // Formats RFC 2822 parsing rejects but that are unambiguous: missing seconds, 'GMT+0200', ISO 8601.
  const iso = DateTime.fromISO(cleaned, { setZone: true });
  if (iso.isValid) return plausible(iso.toJSDate(), now);
  for (const format of [
    'd MMM yyyy HH:mm:ss ZZZ',
    'd MMM yyyy HH:mm ZZZ',
    'd MMM yyyy HH:mm:ss',
    'EEE, d MMM yyyy HH:mm:ss',
  ]) {
    const parsed = DateTime.fromFormat(candidates[1].replace(/\bGMT(?=[+-])/, ''), format, {
      zone: 'utc',
      setZone: true,
      locale: 'en-US',
    });
    if (parsed.isValid) return plausible(parsed.toJSDate(), now);
  }
  return null;
}

function plausible(date: Date, now: Date): Date | null {
  const time = date.getTime();
  return Number.isFinite(time) && time >= EARLIEST && time <= now.getTime() + LATEST_AHEAD_MS ? date : null;
}
