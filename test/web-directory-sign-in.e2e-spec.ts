import {
  buildWebUi,
  createTestApp,
  expectText,
  launchBrowser,
  LdapServer,
  requireSlapd,
  saveScreenshot,
  startLdapServer,
  TestApp,
  watchPage,
} from '@app/testing';
import { Browser } from 'playwright-core';

/**
 * Directory sign-in (issue 21) in a real browser (Debian's Chromium through playwright-core)
 * against the real api and a real OpenLDAP: the sign-in page takes a directory login, and a
 * refusal shows its reason.
 */
const describeLdap = requireSlapd() ? describe : describe.skip;

describeLdap('directory sign-in in the web UI (e2e)', () => {
  let ldap: LdapServer;
  let t: TestApp;
  let browser: Browser | undefined;
  let base: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ldap = await startLdapServer();
    await ldap.addUser({
      uid: 'mrossi',
      name: 'Mario Rossi',
      mail: 'mario.rossi@ente.example',
      password: 'password-di-mario',
    });
    await ldap.addUser({
      uid: 'lbianchi',
      name: 'Lucia Bianchi',
      mail: 'lucia@ente.example',
      password: 'password-di-lucia',
    });
    await ldap.addGroup('hd-agents', [ldap.userDn('mrossi')]);
    process.env.WEB_DIR = buildWebUi();
    t = await createTestApp({
      LDAP_URL: ldap.url,
      LDAP_BIND_DN: ldap.serviceDn,
      LDAP_BIND_PASSWORD: ldap.servicePassword,
      LDAP_USER_BASE: `ou=people,${ldap.suffix}`,
      LDAP_GROUP_BASE: `ou=groups,${ldap.suffix}`,
      LDAP_GROUP_ROLES: `${ldap.groupDn('hd-agents')} => agent`,
    });
    delete process.env.WEB_DIR;
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await ldap?.stop();
  });

  it('signs in with a directory login, and shows why a user in no mapped group is refused', async () => {
    if (!browser) return;
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(base);

    const name = page.getByLabel('E-mail o nome utente di dominio');
    await name.fill('lbianchi');
    await page.getByLabel('Password').fill('password-di-lucia');
    await page.getByRole('button', { name: 'Entra' }).click();
    await expectText(page.getByRole('alert'), /nessun gruppo abilitato/);
    await saveScreenshot(page, 'directory-sign-in-refused');

    await name.fill('mrossi');
    await page.getByLabel('Password').fill('password-di-mario');
    await page.getByRole('button', { name: 'Entra' }).click();
    await page.getByRole('heading', { name: 'Coda ticket' }).waitFor();
    expect(watch.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    await context.close();
  });
});
