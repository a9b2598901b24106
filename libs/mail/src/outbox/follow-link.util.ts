import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A citizen's personal link to follow a ticket (issue 20.2): the ticket's id and when the link was
 * issued, signed with the installation's key. Nothing to store per link, never guessable (a
 * 128-bit MAC), expiring (its issue date) and revocable (links issued before a ticket's revocation
 * instant are refused by the page). 37 bytes, 50 characters of base64url.
 */
const VERSION = 1;
const MAC_BYTES = 16;

export function mintFollowToken(key: Buffer, ticketId: string, issuedAt: Date): string {
  const body = Buffer.alloc(21);
  body.writeUInt8(VERSION, 0);
  Buffer.from(ticketId.replace(/-/g, ''), 'hex').copy(body, 1);
  body.writeUInt32BE(Math.floor(issuedAt.getTime() / 1000), 17);
  return Buffer.concat([body, mac(key, body)]).toString('base64url');
}

/** The ticket and issue instant of a genuine token; null for anything else. */
export function readFollowToken(key: Buffer, token: string): { ticketId: string; issuedAt: Date } | null {
  if (!/^[A-Za-z0-9_-]{50}$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  // Only the canonical spelling: the last character's unused bits may not vary.
  if (
    bytes.length !== 21 + MAC_BYTES ||
    bytes.toString('base64url') !== token ||
    bytes.readUInt8(0) !== VERSION
  )
    return null;
  const body = bytes.subarray(0, 21);
  if (!timingSafeEqual(mac(key, body), bytes.subarray(21))) return null;
  const hex = body.subarray(1, 17).toString('hex');
  const ticketId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { ticketId, issuedAt: new Date(body.readUInt32BE(17) * 1000) };
}

function mac(key: Buffer, body: Buffer): Buffer {
  return createHmac('sha256', key).update('follow-link:').update(body).digest().subarray(0, MAC_BYTES);
}
