import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token a served form carries back: when it was served, signed. It gives the minimum fill time
 * (a bot posts at once) and an age limit without storing anything for visitors who never send.
 */
export function issueFormToken(secret: Buffer, now: Date): string {
  const issued = String(Math.floor(now.getTime() / 1000));
  return `${issued}.${sign(secret, issued)}`;
}

/** The key forms are signed with, derived from SECRETS_KEY (so every replica agrees). */
export function formTokenSecret(secretsKey: string): Buffer {
  return createHmac('sha256', secretsKey).update('public-request-form').digest();
}

/** When the form was served, or null for a token that is malformed, forged or from the future. */
export function formTokenIssuedAt(secret: Buffer, token: string, now: Date): Date | null {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const expected = Buffer.from(sign(secret, match[1]!));
  const given = Buffer.from(match[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const issued = new Date(Number(match[1]) * 1000);
  return issued.getTime() > now.getTime() + 60_000 ? null : issued;
}

function sign(secret: Buffer, issued: string): string {
  return createHmac('sha256', secret).update(`public-request-form:${issued}`).digest('base64url');
}
