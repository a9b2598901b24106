import {
  BasicFixtures,
  createBasicFixtures,
  expectNoPlaceholders,
  launchBrowser,
  TestApp,
} from '@app/testing';
import { giveTestPassword, signInThroughPage, startWebApp } from '@app/testing/web-app';
import { Browser } from 'playwright-core';

/**
 * Issue 14, point 15, in a real browser: the answer to a phone intake is lost on the way back
 * (the api wrote the ticket, the connection dropped). The web UI retries with the same
 * Idempotency-Key, gets the first answer and opens the one ticket: never a second one.
 */
describe('web UI: a lost answer is retried with the same Idempotency-Key (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let browser: Browser | undefined;
  let base: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ({ t, base } = await startWebApp());
    f = await createBasicFixtures(t.dataSource);
    await giveTestPassword(t.dataSource, [{ id: f.agent.id }]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('registers one ticket when the first answer is lost', async () => {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ locale: 'it-IT' });
    const page = await context.newPage();
    await signInThroughPage(page, base, f.agent.email);

    const keys: string[] = [];
    await page.route('**/api/tickets', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push((await route.request().headerValue('idempotency-key')) ?? '');
      if (keys.length > 1) return route.continue();
      // The first: reaches the api (which stores the ticket), its answer never comes back.
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.keyboard.press('c');
    const intake = page.getByRole('dialog', { name: 'Nuova telefonata' });
    await intake.getByLabel('Nome e cognome').fill('Giovanni Verdi');
    await intake.getByLabel('Telefono del chiamante').fill('+39 055 123456');
    await intake.getByLabel('Ente').selectOption({ label: 'Comune di Pontassieve' });
    await intake.getByLabel('Oggetto').fill('Risposta persa per strada');
    await intake.getByRole('button', { name: 'Registra' }).click();
    await page.getByRole('heading', { name: /Risposta persa per strada/ }).waitFor();

    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    const rows = await t.dataSource.query(
      `SELECT id FROM ticket WHERE subject = 'Risposta persa per strada'`,
    );
    expect(rows).toHaveLength(1);
    expect(page.url()).toContain(`/tickets/${rows[0].id}`);
    await expectNoPlaceholders(page);
    await context.close();
  });
});
