import { adBindRefusal } from './ldap-directory';

describe("Active Directory's reasons for a refused bind", () => {
  const ad = (data: string) =>
    `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${data}, v4563`;

  it.each([
    ['775', 'account_locked'],
    ['533', 'account_disabled'],
    ['701', 'account_disabled'],
    ['532', 'password_expired'],
    ['773', 'password_expired'],
  ])('reads sub-code %s as %s', (code, reason) => {
    expect(adBindRefusal(ad(code))).toBe(reason);
  });

  it('leaves a wrong password (52e), an unknown code and a server without codes to the caller', () => {
    expect(adBindRefusal(ad('52e'))).toBeNull();
    expect(adBindRefusal(ad('999'))).toBeNull();
    expect(adBindRefusal('Invalid Credentials')).toBeNull();
  });
});
