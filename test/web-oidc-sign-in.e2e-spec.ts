import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import {
  buildWebUi,
  createBasicFixtures,
  createTestApp,
  expectText,
  freePort,
  launchBrowser,
  saveScreenshot,
  TestApp,
  watchPage,
} from '@app/testing';
import { Browser, Page } from 'playwright-core';

/**
 * OpenID Connect sign-in (issue 21) through a real browser (Debian's Chromium via playwright-core)
 * and a real OpenID provider (the oidc-provider package, in a process of its own): the sign-in
 * page's button, the provider's sign-in, the code flow with PKCE back to the help desk, a session;
 * and a user in no mapped group sent back with the reason on the sign-in page.
 */
describe('OpenID Connect sign-in in the web UI (e2e)', () => {
  let t: TestApp;
  let browser: Browser | undefined;
  let idp: ChildProcess;
  let base: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    const idpPort = await freePort();
    const appPort = await freePort();
    base = `http://127.0.0.1:${appPort}`;
    idp = spawn(process.execPath, [join(__dirname, 'support/oidc-provider.mjs')], {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        OIDC_TEST_SETUP: JSON.stringify({
          port: idpPort,
          clients: [
            {
              client_id: 'helpdesk',
              client_secret: 'client-secret-for-tests',
              redirect_uris: [`${base}/api/auth/oidc/callback`],
            },
          ],
          accounts: {
            anna: {
              email: 'anna.neri@ente.example',
              email_verified: true,
              name: 'Anna Neri',
              preferred_username: 'anna',
              groups: ['/helpdesk/agents'],
            },
            ospite: {
              email: 'ospite@ente.example',
              email_verified: true,
              name: 'Ospite',
              groups: ['/altro'],
            },
          },
        }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const issuer = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`oidc-provider did not start: ${output}`)), 20_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /READY (\S+)/.exec(output);
        if (ready) {
          clearTimeout(timer);
          resolve(ready[1]);
        }
      };
      idp.stdout?.on('data', read);
      idp.stderr?.on('data', read);
      idp.once('exit', (code) => reject(new Error(`oidc-provider exited (${code}): ${output}`)));
    });
    process.env.WEB_DIR = buildWebUi();
    t = await createTestApp({
      PUBLIC_URL: base,
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: 'helpdesk',
      OIDC_CLIENT_SECRET: 'client-secret-for-tests',
      OIDC_SCOPES: 'openid profile email groups',
      OIDC_GROUP_ROLES: '/helpdesk/agents => agent',
    });
    delete process.env.WEB_DIR;
    await createBasicFixtures(t.dataSource);
    await t.app.listen(appPort, '127.0.0.1');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    idp?.kill('SIGTERM');
  });

  const signInAtProvider = async (page: Page, login: string) => {
    await page.goto(base);
    await page.getByRole('link', { name: "Accedi con l'account dell'ente" }).click();
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('any-password');
    await page.locator('button[type=submit]').click();
  };

  it('signs in through the provider and lands in the queue with a working session', async () => {
    if (!browser) return;
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(base);
    await saveScreenshot(page, 'oidc-sign-in-page');
    await signInAtProvider(page, 'anna');
    await page.getByRole('heading', { name: 'Coda ticket' }).waitFor();
    const session = (await context.cookies()).find((c) => c.name === 'hd_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const [user] = await t.dataSource.query(
      `SELECT role, oidc_subject AS subject FROM app_user WHERE email = $1`,
      ['anna.neri@ente.example'],
    );
    expect(user.role).toBe('agent');
    expect(user.subject).toMatch(/ anna$/);
    expect(watch.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    await context.close();
  });

  it('sends a user in no mapped group back to the sign-in page with the reason', async () => {
    if (!browser) return;
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    await signInAtProvider(page, 'ospite');
    await expectText(page.getByRole('alert'), /nessun gruppo abilitato/);
    expect(new URL(page.url()).search).toBe('');
    await saveScreenshot(page, 'oidc-sign-in-refused');
    await context.close();
  });
});
