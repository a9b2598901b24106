import { DirectoryRole, GroupRole, normalizeDn } from '@app/config';

/** What a directory user is allowed to be, from their groups. */
export interface MappedRole {
  role: DirectoryRole;
  enteCodes: string[];
  /** The mapped groups that gave it, for the audit log. */
  groups: string[];
}

/** Several mapped groups: the broadest role wins (an admin who also refers for an ente is an admin). */
const RANK: Record<DirectoryRole, number> = { admin: 4, supervisor: 3, agent: 2, ente_referent: 1 };

/** The role a user's groups give, or null when none of them is mapped. */
export function roleFromGroups(mapping: GroupRole[], groupDns: string[]): MappedRole | null {
  const mine = new Set(groupDns.map(normalizeDn));
  const hits = mapping.filter((m) => mine.has(m.group));
  if (hits.length === 0) return null;
  const role = hits.reduce<DirectoryRole>(
    (best, m) => (RANK[m.role] > RANK[best] ? m.role : best),
    hits[0].role,
  );
  const enteCodes = role === 'ente_referent' ? [...new Set(hits.flatMap((m) => m.enteCodes))].sort() : [];
  return { role, enteCodes, groups: hits.map((m) => m.group) };
}

/**
 * The filter that finds a user's groups. With nestedGroups (Active Directory) the
 * LDAP_MATCHING_RULE_IN_CHAIN rule makes the server follow groups inside groups; without it,
 * direct membership (OpenLDAP's groupOfNames). The DN is a filter value here, so it is escaped.
 */
export function groupFilter(userDn: string, nestedGroups: boolean, escape: (v: string) => string): string {
  const member = nestedGroups ? 'member:1.2.840.113556.1.4.1941:' : 'member';
  return `(${member}=${escape(userDn)})`;
}

/** LDAP_USER_FILTER with every "{login}" replaced by the escaped sign-in name (RFC 4515). */
export function userFilter(template: string, login: string, escape: (v: string) => string): string {
  return template.split('{login}').join(escape(login));
}
