import { parseGroupRoles } from '@app/config';
import { Filter } from 'ldapts';

import { groupFilter, roleFromGroups, userFilter } from './group-roles';

const mapping = parseGroupRoles(
  [
    'cn=hd-admins,ou=groups,dc=ente,dc=it => admin',
    'cn=hd-agents,ou=groups,dc=ente,dc=it => agent',
    'cn=ref-fiesole,ou=groups,dc=ente,dc=it => ente_referent:FIESOLE',
    'cn=ref-pontassieve,ou=groups,dc=ente,dc=it => ente_referent:PONTASSIEVE,FIESOLE',
  ].join(';'),
);

describe('roles from directory groups', () => {
  it('is null for a user in no mapped group', () => {
    expect(roleFromGroups(mapping, ['cn=staff,ou=groups,dc=ente,dc=it'])).toBeNull();
    expect(roleFromGroups(mapping, [])).toBeNull();
  });

  it('gives the broadest role among the mapped groups, whatever the DN spelling', () => {
    expect(
      roleFromGroups(mapping, [
        'CN=HD-Agents, OU=Groups, DC=Ente, DC=It',
        'cn=hd-admins,ou=groups,dc=ente,dc=it',
      ]),
    ).toMatchObject({ role: 'admin', enteCodes: [] });
  });

  it("unites a referent's entes over their groups", () => {
    expect(
      roleFromGroups(mapping, [
        'cn=ref-fiesole,ou=groups,dc=ente,dc=it',
        'cn=ref-pontassieve,ou=groups,dc=ente,dc=it',
      ]),
    ).toMatchObject({ role: 'ente_referent', enteCodes: ['FIESOLE', 'PONTASSIEVE'] });
  });
});

describe('LDAP filters', () => {
  it('escapes the sign-in name (RFC 4515): an injection stays a literal value', () => {
    expect(userFilter('(&(objectClass=user)(sAMAccountName={login}))', '*)(uid=*', Filter.escape)).toBe(
      '(&(objectClass=user)(sAMAccountName=\\2a\\29\\28uid=\\2a))',
    );
  });

  it('follows nested groups with LDAP_MATCHING_RULE_IN_CHAIN for Active Directory only', () => {
    const dn = 'CN=Rossi\\, Mario,OU=Staff,DC=ente,DC=it';
    expect(groupFilter(dn, true, Filter.escape)).toBe(
      '(member:1.2.840.113556.1.4.1941:=CN=Rossi\\5c, Mario,OU=Staff,DC=ente,DC=it)',
    );
    expect(groupFilter(dn, false, Filter.escape)).toBe('(member=CN=Rossi\\5c, Mario,OU=Staff,DC=ente,DC=it)');
  });
});
