/** Headers that carry credentials: never written to a log line. */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
];

const EMAIL = /([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/**
 * E-mail addresses in a log message keep their first two characters and their domain
 * (`ma***@comune.fiesole.fi.it`): enough to tell two senders apart while following an incident,
 * not enough to identify a citizen. A safety net under the rule that messages name ids, not people.
 */
export function maskEmails(text: string): string {
  return text.replace(EMAIL, (_all, local: string, domain: string) => `${local.slice(0, 2)}***@${domain}`);
}

/**
 * The logged URL keeps its path only: query strings carry search text (names, phone numbers) and
 * the path already says which route ran.
 */
export function pathOnly(url: string | undefined): string {
  return (url ?? '').split('?')[0];
}

/** A request id from a load balancer is kept when it looks like one, otherwise a new one is made. */
export function acceptedRequestId(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[A-Za-z0-9._:-]{8,128}$/.test(value) ? value : null;
}
