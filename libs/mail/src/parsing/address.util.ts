import addrs from 'email-addresses';
import type { AddressObject, EmailAddress } from 'mailparser';

import { stripControlCharacters } from './charset.util';
import type { MailAddress } from './parsed-mail.types';

const LOOKS_LIKE_ADDRESS = /[^\s@<>]+@[^\s@<>]+/;

/**
 * Flattens mailparser's address objects (including groups) to mailboxes with a non-empty address.
 * A display name that is itself a different address ('alice@example.com <bob@example.com>') is dropped:
 * showing it would let a sender impersonate someone else in the agent's UI.
 */
export function toMailAddresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  if (!value) return [];
  const out: MailAddress[] = [];
  const visit = (entry: EmailAddress) => {
    if (entry.group) entry.group.forEach(visit);
    const address = (entry.address ?? '').trim().toLowerCase();
    if (!address || !address.includes('@')) return;
    let name = stripControlCharacters(entry.name ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    if (LOOKS_LIKE_ADDRESS.test(name) && name.toLowerCase() !== address) name = '';
    if (!out.some((a) => a.address === address)) out.push({ name, address });
  };
  for (const object of Array.isArray(value) ? value : [value]) object.value.forEach(visit);
  return out;
}

/**
 * RFC 5322 address lists with comments, the obsolete syntax of RFC 822 (`Pete(A wonderful \\) chap)
 * <pete(his account)@silly.test(his host)>`), which mailparser's splitter reads as a broken address
 * (and an acknowledgement would then go to it). Read with a full RFC 5322 parser (email-addresses);
 * null when the field is not valid RFC 5322, so the caller keeps mailparser's lenient reading.
 */
export function parseCommentedAddressList(rawValue: string | null): MailAddress[] | null {
  // Long fields are left to mailparser: a backtracking grammar parser must not meet hostile input.
  if (!rawValue || !rawValue.includes('(') || rawValue.length > 1000) return null;
  const input = Buffer.from(rawValue, 'latin1').toString('utf8');
  let parsed: ReturnType<typeof addrs.parseAddressList>;
  try {
    parsed = addrs.parseAddressList({
      input,
      rfc6532: true,
      atInDisplayName: true,
      commaInDisplayName: true,
    });
  } catch {
    return null;
  }
  if (!parsed) return null;
  const out: MailAddress[] = [];
  for (const entry of parsed) {
    for (const box of entry.type === 'group' ? entry.addresses : [entry]) {
      const address = box.address.trim().toLowerCase();
      // An encoded word in the name is left to mailparser's reading of the same address.
      const name = /=\?/.test(box.name ?? '') ? '' : (box.name ?? '').replace(/\s+/g, ' ').trim();
      if (address.includes('@') && !out.some((a) => a.address === address)) out.push({ name, address });
    }
  }
  return out.length > 0 ? out : null;
}

/** The strict reading of a field with comments when there is one, names taken from mailparser's where it agrees. */
export function withCommentedAddresses(rawValue: string | null, lenient: MailAddress[]): MailAddress[] {
  const strict = parseCommentedAddressList(rawValue);
  if (!strict) return lenient;
  return strict.map((a) => {
    const same = lenient.find((l) => l.address === a.address);
    return same?.name ? { ...a, name: same.name } : a;
  });
}

export function firstMailAddress(value: AddressObject | AddressObject[] | undefined): MailAddress | null {
  return toMailAddresses(value)[0] ?? null;
}

/**
 * Whether an acknowledgement could reach a person at this address: a domain with a dot (not 'localhost'
 * or a bare host name) and a local part that is not a robot's.
 */
export function isUsableSender(address: MailAddress | null): boolean {
  if (!address) return false;
  const match = /^([^@\s]+)@([^@\s]+\.[^@\s.]+)$/.exec(address.address);
  return !!match && !isRobotLocalPart(match[1]);
}

/**
 * Local parts of mailboxes no person reads: mail delivery agents, no-reply senders in all their
 * spellings ('noreply', 'no-reply', 'do_not_reply', 'shop-noreply', 'info.noreply', ...), bounce and
 * VERP return addresses, mailing-list managers and their admin addresses, service notifiers.
 */
const ROBOT_LOCAL_PARTS = new RegExp(
  [
    '^(?:mailer[-_.]?daemon|mail[-_.]?daemon|postmaster|nobody|daemon|root|fetchmail-daemon)$',
    'no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|no[-_.]?respon[ds]',
    '^bounces?(?:$|[-_.+=])|[-_.+]bounces?(?:$|[-_.+=])',
    '^(?:majordomo|listserv|mailman|fml|ezmlm|sympa|lyris|listproc|smartlist)(?:$|[-_.+])',
    // List managers' admin addresses ('-admin' alone is left out: people's team mailboxes use it).
    '^owner-|-(?:owner|request)$',
    '^(?:notifications?|notify|alerts?|auto-?reply|autorespond(?:er)?|auto-?confirm|automailer|mailer)$',
    // Mail-security gateways' notifiers (quarantine digests, rejection notices)
    '^(?:quarantine|spam-?quarantine|antispam|anti-spam|mailscanner|spam-?filter|virus-?alert|antivirus)$',
  ].join('|'),
  'i',
);

export function isRobotLocalPart(local: string): boolean {
  return ROBOT_LOCAL_PARTS.test(local);
}

/** Whether an address belongs to a machine (see isRobotLocalPart): it never gets an acknowledgement. */
export function isRobotAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  return isRobotLocalPart(at >= 0 ? address.slice(0, at) : address);
}

export function localPart(address: MailAddress | null): string {
  return address ? address.address.slice(0, address.address.lastIndexOf('@')) : '';
}
