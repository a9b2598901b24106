import { raw, type RequestHandler } from 'express';

import { decodeNagiosLog } from './nagios-import.util';

/**
 * A form-encoded body (`curl --data-urlencode`) decoded byte-exactly: each value as UTF-8 when it
 * is valid UTF-8, otherwise as Windows-1252 (a Latin-1 plugin output keeps its accents instead of
 * becoming U+FFFD). Repeated fields: the last one wins, so every field stays a string.
 */
export function parseNagiosForm(body: Buffer): Record<string, string> {
  // No prototype: a field named __proto__ or constructor is just an unknown field (then refused).
  const fields: Record<string, string> = Object.create(null);
  for (const pair of body.toString('latin1').split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = decodeFormValue(eq < 0 ? pair : pair.slice(0, eq));
    fields[name] = decodeFormValue(eq < 0 ? '' : pair.slice(eq + 1));
  }
  return { ...fields };
}

function decodeFormValue(value: string): string {
  const latin1 = value
    .replace(/\+/g, ' ')
    .replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return decodeNagiosLog(Buffer.from(latin1, 'latin1')).text;
}

/** The webhook's form parser, mounted before the application-wide ones (which decode only UTF-8). */
export function nagiosFormBody(): RequestHandler[] {
  return [
    raw({ type: 'application/x-www-form-urlencoded', limit: '2mb' }),
    (req, _res, next) => {
      if (Buffer.isBuffer(req.body)) req.body = parseNagiosForm(req.body);
      next();
    },
  ];
}
