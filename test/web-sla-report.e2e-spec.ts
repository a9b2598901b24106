import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  expectNoPlaceholders,
  expectText,
  launchBrowser,
  TestApp,
  watchPage,
} from '@app/testing';
import { giveTestPassword, signInThroughPage, startWebApp } from '@app/testing/web-app';
import { Browser } from 'playwright-core';
import request from 'supertest';

/**
 * The SLA table in the browser (issue 16.9, 16.14): with no Nagios events at all, SLA.1-SLA.5
 * say 'nessun dato' / 'no data', never a perfect 100%; in English the rows' names, targets,
 * measured figures and deviations are English.
 */
describe('web UI SLA table: no monitoring data, English words (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let browser: Browser | undefined;
  let base: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ({ t, base } = await startWebApp());
    f = await createBasicFixtures(t.dataSource);
    await giveTestPassword(t.dataSource, [f.supervisor]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('says no data for SLA.1-5 without monitoring, in Italian and in English', async () => {
    if (!browser) return;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    const watch = watchPage(page);
    await signInThroughPage(page, base, f.supervisor.email);
    await page.getByRole('link', { name: 'Report' }).click();
    const row = (code: string) =>
      page.locator('.reports tr', { has: page.getByRole('rowheader', { name: code, exact: true }) });
    await expectText(row('SLA.1'), 'nessun dato');
    for (const code of ['SLA.1', 'SLA.2', 'SLA.4', 'SLA.5']) {
      const text = (await row(code).textContent()) ?? '';
      expect(text).toContain('nessun dato');
      expect(text).not.toContain('100%');
    }
    await expectNoPlaceholders(page);

    await page.getByRole('button', { name: /English/ }).click();
    await expectText(row('SLA.1'), 'no data');
    const table =
      (await page
        .locator('.reports table', { has: page.getByRole('rowheader', { name: 'SLA.1', exact: true }) })
        .textContent()) ?? '';
    expect(table).not.toMatch(/nessun dato|Entro|rispettat|entes/i);
    expect(table).not.toContain('100%');
    await expectNoPlaceholders(page);
    expect(watch.errors.filter((e) => !/401 \(Unauthorized\)/.test(e))).toEqual([]);
    await context.close();
  }, 180_000);

  it("opens SLA.11's late reports as a list, owing none before the first ticket", async () => {
    if (!browser) return;
    // Last year, so that every quarter after the first ticket is past due whatever today's date.
    const year = new Date().getFullYear() - 1;
    await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        subject: 'Primo ticket del centro servizi',
        requester: { name: 'Ugo Bassi', phone: '055 2223344' },
        receivedAt: `${year}-05-10T09:00:00+02:00`,
      })
      .expect(201);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    await signInThroughPage(page, base, f.supervisor.email);
    await page.getByRole('link', { name: 'Report' }).click();
    await page.getByRole('combobox', { name: 'Anno' }).selectOption(String(year));
    await expectText(page.locator('.reports'), `${year}-01-01 → ${year}-12-31`);
    const sla11 = page.locator('.reports tr', {
      has: page.getByRole('rowheader', { name: 'SLA.11', exact: true }),
    });
    await expectText(sla11, /report fuori tempo su/);
    expect(await sla11.textContent()).not.toContain(`${year}-Q1`);
    await sla11.getByRole('button').click();
    await expectText(page.locator('.reports'), `${year}-Q2`);
    expect(await page.locator('.reports').textContent()).not.toContain(`${year}-Q1`);
    await expectNoPlaceholders(page);
    await context.close();
  }, 180_000);
});
