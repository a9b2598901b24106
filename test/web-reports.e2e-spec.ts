import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  expectNoPlaceholders,
  expectText,
  launchBrowser,
  saveScreenshot,
  TestApp,
  watchPage,
} from '@app/testing';
import { giveTestPassword, signInThroughPage, startWebApp } from '@app/testing/web-app';
import { Browser } from 'playwright-core';
import request from 'supertest';

/**
 * The reports page a supervisor opens (issue 16.15, 16.21): the current year by default, only the
 * years the help desk holds data of, the tickets per ente and per category with their drill-down,
 * the SLA.11 outage report to download, the SLA chart tall enough for all its bars.
 */
describe('web UI reports: the year, per ente and category, the outage report (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let browser: Browser | undefined;
  let base: string;
  const year = new Date().getFullYear();

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ({ t, base } = await startWebApp());
    f = await createBasicFixtures(t.dataSource);
    await giveTestPassword(t.dataSource, [f.supervisor]);
    // Data from last year on: two tickets of one ente this year, one of the other last year.
    const ticket = (subject: string, enteId: string, receivedAt: string) =>
      request(t.http)
        .post('/api/tickets')
        .set(authHeaders(f.agent))
        .send({
          channel: 'phone',
          subject,
          enteId,
          receivedAt,
          requester: { name: 'Ugo Bassi', phone: '055 2223344' },
        })
        .expect(201);
    await ticket('Anagrafe ferma', f.ente.id, new Date(Date.now() - 86_400_000).toISOString());
    await ticket('Protocollo lento', f.ente.id, new Date(Date.now() - 2 * 86_400_000).toISOString());
    await ticket('Tributi: accesso', f.otherEnte.id, `${year - 1}-06-10T09:00:00+02:00`);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('refuses years outside the data, naming the years it has', async () => {
    if (!browser) return;
    const years = await request(t.http).get('/api/reports/years').set(authHeaders(f.supervisor)).expect(200);
    expect(years.body).toEqual({ first: year - 1, last: year });
    const before = await request(t.http)
      .get('/api/reports/tickets')
      .query({ from: `${year - 5}-01-01`, to: `${year - 5}-12-31` })
      .set(authHeaders(f.supervisor));
    expect(before.status).toBe(400);
    expect(before.body.fields).toEqual([
      expect.objectContaining({
        field: 'from',
        code: 'outsideData',
        params: { first: year - 1, last: year },
      }),
    ]);
  });

  it('opens on the current year, lists per ente and category, offers the outage report', async () => {
    if (!browser) return;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    const watch = watchPage(page);
    await signInThroughPage(page, base, f.supervisor.email);
    await page.getByRole('link', { name: 'Report' }).click();

    const yearSelect = page.getByRole('combobox', { name: 'Anno' });
    expect(await yearSelect.inputValue()).toBe(String(year));
    await expectText(page.locator('.reports'), `${year}-01-01 → ${year}-12-31`);
    await expectText(yearSelect, String(year - 1));
    expect(await yearSelect.locator('option').allTextContents()).toEqual([String(year), String(year - 1)]);

    const byEnte = page.getByRole('table', { name: 'Ticket per ente' });
    const row = byEnte.locator('tr').filter({ hasText: f.ente.name });
    await expectText(row, f.ente.name);
    expect((await row.locator('td').allTextContents()).map((s) => s.trim())).toEqual([
      '2',
      '0',
      '0',
      '0',
      '2',
      '0,0%',
    ]);
    expect(await byEnte.locator('tr').filter({ hasText: f.otherEnte.name }).count()).toBe(0);
    await row.getByRole('button', { name: '2' }).click();
    const drill = page.locator('section.drill');
    await expectText(drill, 'Anagrafe ferma');
    await expectText(drill, 'Protocollo lento');
    await expectText(page.getByRole('table', { name: 'Ticket per categoria' }), 'non indicato');

    const pdf = page.getByRole('link', { name: /Report interruzioni \(SLA\.11\) PDF/ });
    expect(await pdf.getAttribute('href')).toBe(
      `/api/reports/outages?from=${year}-01-01&to=${year}-12-31&format=pdf`,
    );
    const download = await request(t.http)
      .get('/api/reports/outages')
      .query({ from: `${year}-01-01`, to: `${year}-12-31`, format: 'pdf' })
      .set(authHeaders(f.supervisor));
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toContain('application/pdf');

    // The SLA chart is as tall as its rows need: every bar has room.
    const slaRows = await page.locator('.sla-table tbody tr').count();
    const chartHeight = await page
      .locator('.sla-table ~ .chart')
      .first()
      .evaluate((el) => (el as unknown as { clientHeight: number }).clientHeight);
    expect(chartHeight).toBeGreaterThanOrEqual(slaRows * 30);

    // Last year: the other ente's ticket.
    await yearSelect.selectOption(String(year - 1));
    await expectText(page.getByRole('table', { name: 'Ticket per ente' }), f.otherEnte.name);
    await expectNoPlaceholders(page);
    await saveScreenshot(page, 'reports-year-per-ente');
    expect(watch.dialogs).toEqual([]);
    expect(watch.errors.filter((e) => !/401 \(Unauthorized\)/.test(e))).toEqual([]);
    await context.close();
  }, 120_000);
});
