import { createHash } from 'node:crypto';

import type { ParsedMail } from '../parsing';

/** PostgreSQL text and jsonb refuse NUL characters; mails do contain them. */
export const clean = (text: string) => text.replaceAll('\u0000', '');
const MAX_BODY_CHARS = 200_000;

/**
 * What makes two deliveries the same mail: its Message-ID and its body. Servers add their own
 * trace headers (Received, Delivered-To) to each copy, so the header block is left out, and line
 * ends are normalised because stores differ on CRLF.
 */
export function dedupKey(raw: Buffer, messageId: string): string {
  // CR-only line ends (old Mac mail) too: otherwise such a mail has no body here, and different
  // ones with one Message-ID would all be taken for the first.
  const text = raw.toString('latin1').replace(/\r\n?/g, '\n');
  const split = text.indexOf('\n\n');
  const body = split >= 0 ? text.slice(split + 2) : '';
  const normalised = body.replace(/\s+$/, '');
  return createHash('sha256').update(messageId).update('\n').update(normalised, 'latin1').digest('hex');
}

/** The timeline payload of an inbound mail message (what the ticket page shows of it). */
export function inboundMessagePayload(parsed: ParsedMail, inboundId: string): Record<string, unknown> {
  return {
    inboundId,
    messageId: parsed.messageId,
    from: parsed.from ? { name: clean(parsed.from.name), email: parsed.from.address } : null,
    to: parsed.to.map((a) => a.address),
    cc: parsed.cc.map((a) => a.address),
    subject: clean(parsed.subject),
    kind: parsed.kind,
    html: parsed.html ? clean(parsed.html).slice(0, MAX_BODY_CHARS) : null,
    attachments: parsed.attachments.map((a) => ({ filename: a.filename, size: a.size, inline: a.inline })),
    pec: parsed.pec ? { kind: parsed.pec.kind } : null,
  };
}

export function inboundMessageBody(parsed: ParsedMail): string {
  return clean(parsed.text).slice(0, MAX_BODY_CHARS);
}

/** The row of the raw mail kept in inbound_mail. */
export function inboundRecord(raw: Buffer, parsed: ParsedMail, mailboxId: string | null) {
  return {
    messageId: parsed.messageId,
    dedupKey: dedupKey(raw, parsed.messageId),
    mailboxId,
    raw,
    rawSha256: createHash('sha256').update(raw).digest('hex'),
    fromAddress: parsed.from?.address ?? null,
    subject: clean(parsed.subject),
    kind: parsed.kind,
    parseProblems: parsed.parseProblems.map(clean),
  };
}
