import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  eventually,
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
 * The queue as agents use it to find tickets again (issue 16.5, 16.23), in Debian's Chromium
 * against the real api: a resolved ticket found by a piece of its number, its requester or its
 * ente; every column sorts both ways; back from a ticket, the same row and the same scroll.
 */
describe('web UI queue: finding, sorting, coming back (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let browser: Browser | undefined;
  let base: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ({ t, base } = await startWebApp());
    f = await createBasicFixtures(t.dataSource);
    await giveTestPassword(t.dataSource, [f.agent]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  let phone = 1000;
  async function phoneTicket(subject: string, requester: string, extra: Record<string, unknown> = {}) {
    phone += 1;
    const res = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        subject,
        enteId: f.ente.id,
        requester: { name: requester, phone: `055 22${phone}` },
        ...extra,
      })
      .expect(201);
    return res.body as { id: string; number: string; version: number };
  }

  it('finds a resolved ticket by part of its number, requester or ente; sorts by any column; keeps the place', async () => {
    if (!browser) return;
    const done = await phoneTicket('Rinnovo certificato di firma', 'Teresa Zanella', {
      enteId: f.otherEnte.id,
    });
    await request(t.http)
      .post(`/api/tickets/${done.id}/resolve`)
      .set(authHeaders(f.agent))
      .send({ resolution: 'Certificato rinnovato' })
      .expect(200);
    // Enough open tickets for the queue to scroll in a short window.
    const names = ['Bruno Rota', 'Carla Neri', 'Aldo Moretti', 'Elsa Fabbri', 'Dino Conti'];
    const open = [];
    for (let i = 0; i < 30; i++)
      open.push(await phoneTicket(`Richiesta numero ${i}`, names[i % names.length]));

    const context = await browser.newContext({ viewport: { width: 1280, height: 500 }, locale: 'it-IT' });
    const page = await context.newPage();
    const watch = watchPage(page);
    await signInThroughPage(page, base, f.agent.email);
    const doneRow = page.locator(`tr[data-ticket="${done.number}"]`);
    const search = page.getByRole('searchbox');
    await page.locator('tr[data-ticket]').first().waitFor();
    expect(await doneRow.count()).toBe(0);

    // The sequence alone, without its zeros: from the default view the search looks everywhere.
    const sequence = String(Number(done.number.split('-')[1]));
    await search.fill(sequence);
    await search.press('Enter');
    await doneRow.waitFor();
    expect(await page.getByRole('button', { name: 'Tutti i ticket' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await expectText(doneRow, 'Risolto');
    for (const q of [done.number.split('-')[1], 'zanella', 'Fiesole']) {
      await search.fill(q);
      await search.press('Enter');
      await eventually(
        async () => ((await page.locator('tr[data-ticket]').count()) === 1 ? true : undefined),
        `one row found by "${q}"`,
      );
      await expectText(page.locator('.queue-table tbody'), done.number);
    }
    // The status filter of the 'all tickets' view.
    const status = page.getByRole('combobox', { name: 'Stato' });
    await status.selectOption({ label: 'Nuovo' });
    await expectText(page.locator('.queue'), 'Nessun ticket in questa vista');
    await status.selectOption({ label: 'Risolto' });
    await doneRow.waitFor();
    await expectNoPlaceholders(page);
    await saveScreenshot(page, 'queue-search-resolved');

    // In a narrower view a search that finds nothing offers to look in every ticket.
    await page.getByRole('button', { name: 'Miei' }).click();
    await search.fill('zanella');
    await search.press('Enter');
    await page.getByRole('button', { name: 'Cerca in tutti i ticket' }).click();
    await doneRow.waitFor();

    // Sorting by the requester's name, both ways, said by aria-sort.
    await page.getByRole('button', { name: 'Tutti aperti' }).click();
    await search.fill('');
    await search.press('Enter');
    const header = page.getByRole('columnheader', { name: 'Richiedente' });
    // Each click is waited for by the header's aria-sort, then the rows it orders.
    await header.getByRole('button').click();
    await page.locator('th[aria-sort="ascending"]', { hasText: 'Richiedente' }).waitFor();
    await expectText(page.locator('.queue-table tbody tr').first(), 'Aldo Moretti');
    await header.getByRole('button').click();
    await page.locator('th[aria-sort="descending"]', { hasText: 'Richiedente' }).waitFor();
    await expectText(page.locator('.queue-table tbody tr').first(), 'Elsa Fabbri');
    expect(page.url()).toContain('sort=-requester');
    await expectNoPlaceholders(page);

    // Down the list with the keyboard, into a ticket, and back: the same row, the same scroll.
    await page.locator('.queue-table tbody a.ticket-link').first().focus();
    for (let i = 0; i < 20; i++) await page.keyboard.press('j');
    const chosen = (await page
      .locator('.queue-table tbody tr[aria-current="true"]')
      .getAttribute('data-ticket'))!;
    const scrolled = await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY);
    expect(scrolled).toBeGreaterThan(0);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: /Torna alla coda/ }).click();
    await page.locator('.queue-table tbody tr[aria-current="true"]').waitFor();
    expect(await page.locator('.queue-table tbody tr[aria-current="true"]').getAttribute('data-ticket')).toBe(
      chosen,
    );
    expect(page.url()).toContain('sort=-requester');
    expect(
      Math.abs(
        (await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)) - scrolled,
      ),
    ).toBeLessThanOrEqual(2);
    // And with Esc from the ticket page too.
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: /Torna alla coda/ }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.queue-table tbody tr[aria-current="true"]').waitFor();
    expect(await page.locator('.queue-table tbody tr[aria-current="true"]').getAttribute('data-ticket')).toBe(
      chosen,
    );

    expect(watch.dialogs).toEqual([]);
    expect(watch.errors.filter((e) => !/401 \(Unauthorized\)/.test(e))).toEqual([]);
    await context.close();
  }, 180_000);

  it('a view chosen and a search sent straight after both hold, however slow the page renders', async () => {
    if (!browser) return;
    await phoneTicket('Richiesta di prova', 'Gino Rossi');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'it-IT' });
    const page = await context.newPage();
    await signInThroughPage(page, base, f.agent.email);
    await page.locator('tr[data-ticket]').first().waitFor();
    // A slow office PC: the router renders each new address in a transition, which a busy CPU
    // leaves for later, so the search below is sent before the view's render.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 12 });
    const search = page.getByRole('searchbox');
    for (const [view, param] of [
      ['Nuovi', 'new'],
      ['Miei', 'mine'],
    ] as const) {
      await page.getByRole('button', { name: view, exact: true }).click();
      await search.fill('Richiesta');
      await search.press('Enter');
      await eventually(
        async () => (new URL(page.url()).searchParams.get('q') === 'Richiesta' ? true : undefined),
        `the search of view ${view} in the address`,
      );
      expect(new URL(page.url()).searchParams.get('view')).toBe(param);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      await search.fill('');
      await search.press('Enter');
      await eventually(
        async () => (new URL(page.url()).searchParams.get('q') ? undefined : true),
        'search cleared',
      );
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 12 });
    }
    await context.close();
  }, 180_000);
});
