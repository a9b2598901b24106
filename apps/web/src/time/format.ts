/** Dates and times as Italians in the consortium read them: Europe/Rome, whatever the PC says. */
const TIME_ZONE = 'Europe/Rome';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'it-IT', { timeZone: TIME_ZONE, ...options });
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
