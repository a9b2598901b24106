// A real OpenID provider (the oidc-provider package) for the browser test of OpenID Connect
// sign-in. A script of its own because oidc-provider is an ES module and the specs run as CommonJS.
// Reads its setup as JSON from the OIDC_TEST_SETUP environment variable:
//   { port, clients: [{ client_id, client_secret, redirect_uris }], accounts: { login: claims } }
// and prints "READY <issuer>" once it listens. Its development sign-in pages accept any password
// for a known login (the test is about the help desk's side of the flow).
import process from 'node:process';

import Provider from 'oidc-provider';

const setup = JSON.parse(process.env.OIDC_TEST_SETUP ?? '{}');
const issuer = `http://127.0.0.1:${setup.port}`;
const accounts = setup.accounts ?? {};

const provider = new Provider(issuer, {
  clients: setup.clients,
  // Known logins only: an unknown one gets no account.
  async findAccount(_ctx, id) {
    if (!accounts[id]) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...accounts[id] }) };
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
    groups: ['groups'],
  },
  // The claims of the granted scopes go into the ID token (as Keycloak's mappers put groups there).
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['oidc-test-cookie-key'] },
  // Consent is implied for the help desk's client (a first-party app).
  loadExistingGrant: async (ctx) => {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
});
provider.listen(setup.port, '127.0.0.1', () => {
  process.stdout.write(`READY ${issuer}\n`);
});
