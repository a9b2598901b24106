import { localTimeZone } from './zone';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const timeZone = localTimeZone();
  const key = `${timeZone}|${language}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'it-IT', { timeZone, ...options });
    formatters.set(key, f);
  }
  return f;
}

export function formatDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) return '—';
  return formatter(language, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined, language: string): string {
  if (!iso) return '—';
  return formatter(language, { dateStyle: 'medium' }).format(new Date(iso));
}

/** The wall clock of the local zone, built again only when the zone changes. */
let wallClock: Intl.DateTimeFormat | null = null;
function localWallClock(): Intl.DateTimeFormat {
  const timeZone = localTimeZone();
  if (wallClock?.resolvedOptions().timeZone !== timeZone)
    wallClock = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
  return wallClock;
}

/** The local wall clock at an instant, read as if it were UTC (so differences give the offset). */
function romeWall(ms: number): number {
  const part: Record<string, number> = {};
  for (const p of localWallClock().formatToParts(new Date(ms)))
    if (p.type !== 'literal') part[p.type] = +p.value;
  return Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the value of an `<input type="datetime-local">` in the local zone ("2026-11-20T09:50"). */
export function toLocalInput(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '';
  const wall = new Date(romeWall(typeof iso === 'number' ? iso : Date.parse(iso)));
  return (
    `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}` +
    `T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`
  );
}

/**
 * An `<input type="datetime-local">` value read as local-zone time, as an ISO instant; null when
 * empty or malformed. The offset is taken at the instant itself, so summer time is right.
 */
export function fromLocalInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  let instant = wall - (romeWall(wall) - wall);
  instant = wall - (romeWall(instant) - instant);
  return new Date(instant).toISOString();
}

/** The local calendar date of an instant, `days` later (negative: earlier): "YYYY-MM-DD". */
export function localDate(ms: number, days = 0): string {
  return toLocalInput(ms + days * 86_400_000).slice(0, 10);
}
