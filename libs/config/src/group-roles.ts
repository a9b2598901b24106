/** The roles a directory group can give (the same four as local accounts). */
export const DIRECTORY_ROLES = ['admin', 'supervisor', 'agent', 'ente_referent'] as const;
export type DirectoryRole = (typeof DIRECTORY_ROLES)[number];

/** One entry of LDAP_GROUP_ROLES: members of this directory group get this role (and these entes). */
export interface GroupRole {
  /** The group's DN, normalised by normalizeDn. */
  group: string;
  role: DirectoryRole;
  /** Ente codes, for an ente_referent only. */
  enteCodes: string[];
}

/**
 * DNs compare case-insensitively and without the blanks around separators that directories and
 * people add ("CN=HD Admins, OU=Groups" and "cn=hd admins,ou=groups" are one group).
 */
export function normalizeDn(dn: string): string {
  return dn
    .trim()
    .replace(/\s*([,=+])\s*/g, '$1')
    .toLowerCase();
}

/**
 * Parses LDAP_GROUP_ROLES: entries separated by ";", each "<group DN> => <role>", and for an
 * ente_referent "<group DN> => ente_referent:<ente code>,<ente code>". Throws naming the bad entry.
 * ("=>" and ";" because a DN itself holds "=" and ",".)
 */
export function parseGroupRoles(value: string): GroupRole[] {
  return value
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const arrow = entry.lastIndexOf('=>');
      if (arrow <= 0) throw new Error(`"${entry}": expected "<group DN> => <role>"`);
      const group = normalizeDn(entry.slice(0, arrow));
      const [roleWord, entes = ''] = entry
        .slice(arrow + 2)
        .trim()
        .split(':');
      const role = roleWord.trim() as DirectoryRole;
      if (!DIRECTORY_ROLES.includes(role)) {
        throw new Error(`"${entry}": the role must be one of ${DIRECTORY_ROLES.join(', ')}`);
      }
      const enteCodes = entes
        .split(',')
        .map((code) => code.trim())
        .filter((code) => code !== '');
      if (role === 'ente_referent' && enteCodes.length === 0) {
        throw new Error(`"${entry}": an ente_referent needs its entes ("ente_referent:<ente code>,...")`);
      }
      if (role !== 'ente_referent' && enteCodes.length > 0) {
        throw new Error(`"${entry}": only an ente_referent has entes`);
      }
      return { group, role, enteCodes };
    });
}

/** The validation message for LDAP_GROUP_ROLES (or OIDC_GROUP_ROLES, same format), or null when it parses and maps at least one group. */
export function groupRolesProblem(value: unknown, name = 'LDAP_GROUP_ROLES'): string | null {
  if (typeof value !== 'string') return `${name} must be text`;
  try {
    if (parseGroupRoles(value).length === 0) return `${name} maps no group`;
    return null;
  } catch (error) {
    return `${name}: ${(error as Error).message}`;
  }
}
