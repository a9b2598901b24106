import { loadConfig } from './app-config';
import { normalizeDn, parseGroupRoles } from './group-roles';

describe('LDAP_GROUP_ROLES', () => {
  it('parses DNs (with their own "=" and ","), roles and a referent\'s entes', () => {
    expect(
      parseGroupRoles(
        'CN=HD Admins, OU=Groups, DC=ente, DC=it => admin ; cn=ref-fiesole,ou=groups,dc=ente,dc=it=>ente_referent: FIESOLE, PONTASSIEVE;',
      ),
    ).toEqual([
      { group: 'cn=hd admins,ou=groups,dc=ente,dc=it', role: 'admin', enteCodes: [] },
      {
        group: 'cn=ref-fiesole,ou=groups,dc=ente,dc=it',
        role: 'ente_referent',
        enteCodes: ['FIESOLE', 'PONTASSIEVE'],
      },
    ]);
  });

  it.each([
    ['cn=x,dc=it', 'expected "<group DN> => <role>"'],
    ['cn=x,dc=it => root', 'the role must be one of'],
    ['cn=x,dc=it => ente_referent', 'needs its entes'],
    ['cn=x,dc=it => agent:FIESOLE', 'only an ente_referent has entes'],
  ])('refuses %s', (value, message) => {
    expect(() => parseGroupRoles(value)).toThrow(message);
  });

  it('compares DNs without case or blanks around separators', () => {
    expect(normalizeDn(' CN=Help Desk ,OU = Groups,DC=Ente ')).toBe('cn=help desk,ou=groups,dc=ente');
  });
});

describe('LDAP configuration', () => {
  const base = { NODE_ENV: 'test' };
  it('is off by default and needs nothing', () => {
    expect(loadConfig(base).LDAP_URL).toBeUndefined();
  });

  it('with LDAP_URL requires the user base and a group mapping, naming them', () => {
    expect(() => loadConfig({ ...base, LDAP_URL: 'ldaps://dc1.ente.it' })).toThrow(
      /LDAP_USER_BASE is required with LDAP_URL[\s\S]*LDAP_GROUP_ROLES/,
    );
  });

  it('names a bad mapping entry, URL or filter', () => {
    const ok = {
      ...base,
      LDAP_URL: 'ldap://127.0.0.1:389',
      LDAP_USER_BASE: 'ou=people,dc=ente,dc=it',
      LDAP_GROUP_ROLES: 'cn=hd,dc=ente,dc=it => agent',
    };
    expect(loadConfig(ok)).toMatchObject({ LDAP_TIMEOUT_MS: 5000, LDAP_NESTED_GROUPS: false });
    expect(() => loadConfig({ ...ok, LDAP_GROUP_ROLES: 'cn=hd,dc=ente,dc=it => root' })).toThrow(
      /LDAP_GROUP_ROLES: "cn=hd,dc=ente,dc=it => root": the role must be one of/,
    );
    expect(() => loadConfig({ ...ok, LDAP_URL: 'http://dc1' })).toThrow(/LDAP_URL must be/);
    expect(() => loadConfig({ ...ok, LDAP_USER_FILTER: '(uid=*)' })).toThrow(/must contain \{login\}/);
  });
});
