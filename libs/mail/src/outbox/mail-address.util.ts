/** "Help desk CST <helpdesk@cst.example>" -> "helpdesk@cst.example" (lower-case). */
export function addressOf(mailbox: string): string {
  const match = /<([^<>]+)>\s*$/.exec(mailbox);
  return (match ? match[1] : mailbox).trim().toLowerCase();
}

/** The domain part of an address, for Message-IDs of our own. */
export function domainOf(address: string): string {
  return addressOf(address).split('@')[1] ?? 'helpdesk.invalid';
}

/** The ticket tag the threading looks for: "[CST 2026-000123]". */
export function ticketTag(tag: string, number: string): string {
  return `[${tag} ${number}]`;
}

/** The subject of a mail about a ticket: the tag once, in front. */
export function subjectWithTag(tag: string, number: string, subject: string): string {
  const t = ticketTag(tag, number);
  return subject.includes(t) ? subject : `${t} ${subject}`.trim();
}
