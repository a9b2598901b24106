import type { TicketChannel, TicketDifficulty } from '../entities';

/**
 * A routing rule's conditions: every one given must hold; a list holds when any of its values
 * does. `catchAll` marks the rule that matches every ticket on purpose (no condition at all).
 */
export interface RoutingConditions {
  catchAll?: boolean;
  channel?: TicketChannel[];
  mailboxId?: string[];
  enteId?: string[];
  categoryId?: string[];
  /** The sender's domain or a parent of it (comune.x.it matches uffici.comune.x.it). */
  senderDomain?: string[];
  /** Whole words or phrases, case and accents aside. */
  keywords?: string[];
  /** Where keywords are looked for: the subject alone, or subject and text (default). */
  keywordsIn?: 'subject' | 'subject_body';
  /** Monitoring host and service names, case aside; `*` stands for any characters. */
  monitoringHost?: string[];
  monitoringService?: string[];
  malfunction?: boolean;
}

export interface RoutingActions {
  teamId?: string;
  categoryId?: string;
  difficulty?: TicketDifficulty;
  /** A fixed assignee, or `roundRobin` among the team's available members. */
  assigneeId?: string;
  roundRobin?: boolean;
}

/** What a ticket says of itself when the rules look at it. */
export interface RoutingFacts {
  channel: TicketChannel;
  mailboxId: string | null;
  enteId: string | null;
  categoryId: string | null;
  senderAddress: string | null;
  subject: string;
  body: string;
  host: string | null;
  service: string | null;
  malfunction: boolean;
}

export interface RoutingRuleLike {
  id: string;
  enabled: boolean;
  conditions: RoutingConditions;
}

/** Lower case, accents gone, every run of non-letters and non-digits one space. */
export function normaliseWords(text: string): string {
  return ` ${text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

function globMatches(pattern: string, value: string): boolean {
  const escaped = pattern
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`).test(value.toLowerCase());
}

function domainOf(address: string | null): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  return at >= 0 ? address.slice(at + 1).toLowerCase() : null;
}

function domainMatches(wanted: string, domain: string): boolean {
  const w = wanted.toLowerCase().replace(/^@/, '').replace(/^\./, '');
  return domain === w || domain.endsWith(`.${w}`);
}

const given = <T>(list: T[] | undefined): list is T[] => Array.isArray(list) && list.length > 0;

/** The conditions of a rule say something (else only a catch-all rule may stand). */
export function hasConditions(c: RoutingConditions): boolean {
  return (
    given(c.channel) ||
    given(c.mailboxId) ||
    given(c.enteId) ||
    given(c.categoryId) ||
    given(c.senderDomain) ||
    given(c.keywords) ||
    given(c.monitoringHost) ||
    given(c.monitoringService) ||
    typeof c.malfunction === 'boolean'
  );
}

/** Whether a ticket with these facts meets every condition given. */
export function matchesConditions(c: RoutingConditions, facts: RoutingFacts): boolean {
  if (!hasConditions(c)) return c.catchAll === true;
  if (given(c.channel) && !c.channel.includes(facts.channel)) return false;
  if (given(c.mailboxId) && !(facts.mailboxId && c.mailboxId.includes(facts.mailboxId))) return false;
  if (given(c.enteId) && !(facts.enteId && c.enteId.includes(facts.enteId))) return false;
  if (given(c.categoryId) && !(facts.categoryId && c.categoryId.includes(facts.categoryId))) return false;
  if (typeof c.malfunction === 'boolean' && c.malfunction !== facts.malfunction) return false;
  if (given(c.senderDomain)) {
    const domain = domainOf(facts.senderAddress);
    if (!domain || !c.senderDomain.some((d) => domainMatches(d, domain))) return false;
  }
  if (given(c.monitoringHost) && !(facts.host && c.monitoringHost.some((p) => globMatches(p, facts.host!))))
    return false;
  if (
    given(c.monitoringService) &&
    !(facts.service && c.monitoringService.some((p) => globMatches(p, facts.service!)))
  )
    return false;
  if (given(c.keywords)) {
    const text = normaliseWords(
      c.keywordsIn === 'subject' ? facts.subject : `${facts.subject}\n${facts.body}`,
    );
    const words = c.keywords.map(normaliseWords).filter((k) => k.trim() !== '');
    if (!words.some((k) => text.includes(k))) return false;
  }
  return true;
}

/** The first enabled rule, in the given order, whose conditions the ticket meets. */
export function firstMatchingRule<R extends RoutingRuleLike>(
  rules: readonly R[],
  facts: RoutingFacts,
): R | null {
  return rules.find((r) => r.enabled && matchesConditions(r.conditions, facts)) ?? null;
}
