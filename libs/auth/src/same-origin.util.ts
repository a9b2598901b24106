import type { IncomingHttpHeaders } from 'node:http';

/** What a browser says of a request it sends from our own pages, or from its own address bar. */
const OWN_SITE = new Set(['same-origin', 'none']);

/**
 * Whether a browser sent this request from another site (login CSRF: a hostile page posting a
 * form to sign its visitor in as the attacker). Browsers that send Sec-Fetch-Site are believed;
 * older ones are judged by Origin against the Host they addressed or PUBLIC_URL. A request with
 * neither header is not from a browser's cross-site form (curl, the CLI, tests): allowed.
 */
export function isCrossSite(headers: IncomingHttpHeaders, publicUrl: string | undefined): boolean {
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string') return !OWN_SITE.has(site.toLowerCase());
  const origin = headers.origin;
  if (typeof origin !== 'string') return false;
  let host: string;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    // "null" (sandboxed frames, file:) or garbage: not one of ours.
    return true;
  }
  const ours = [headers.host?.toLowerCase(), publicUrl ? new URL(publicUrl).host.toLowerCase() : undefined];
  return !ours.includes(host);
}
