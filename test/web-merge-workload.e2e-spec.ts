import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  expectAccessible,
  expectNoPlaceholders,
  expectText,
  launchBrowser,
  saveScreenshot,
  TestApp,
  watchPage,
} from '@app/testing';
import { giveTestPassword, signInThroughPage, startWebApp } from '@app/testing/web-app';
import { TicketService } from '@app/tickets';
import { Browser, Page } from 'playwright-core';
import request from 'supertest';

/**
 * Issue 19.7 and 19.9 in the browser: an agent merges a duplicate into the requester's other open
 * ticket from the keyboard (the dialog lists only those), the links panel shows the merge both
 * ways; the supervisor's workload page lists each agent's open tickets and who is absent; axe-core.
 */
describe('web UI merge dialog and workload page (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let browser: Browser | undefined;
  let base: string;
  let target: { id: string; number: string };
  let duplicate: { id: string; number: string };

  const ticket = async (subject: string, phone = '055 2223344', name = 'Ugo Bassi') =>
    (
      await request(t.http)
        .post('/api/tickets')
        .set(authHeaders(f.agent))
        .send({ channel: 'phone', subject, enteId: f.ente.id, requester: { name, phone } })
        .expect(201)
    ).body as { id: string; number: string };

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ({ t, base } = await startWebApp());
    f = await createBasicFixtures(t.dataSource);
    await giveTestPassword(t.dataSource, [f.agent, f.supervisor]);
    target = await ticket('Il portale non mi fa entrare');
    duplicate = await ticket('Accesso al portale, sollecito');
    await ticket('Un altro richiedente', '055 9990000', 'Rita Neri');
    await request(t.http)
      .post(`/api/tickets/${target.id}/take-charge`)
      .set(authHeaders(f.agent))
      .send({})
      .expect(200);
    await t.dataSource.query(`UPDATE app_user SET available = false WHERE id = $1`, [f.otherAgent.id]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('merges a duplicate from the keyboard and shows the merge on both tickets', async () => {
    if (!browser) return;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    const watch = watchPage(page);
    await signInThroughPage(page, base, f.agent.email);
    await page.goto(`${base}/tickets/${duplicate.id}`);
    await expectText(page.locator('h1'), duplicate.number);
    await expectText(page.getByRole('region', { name: 'Collegamenti' }), 'Nessun collegamento.');

    const open = page.getByRole('button', { name: 'Unisci a un altro ticket…' });
    await open.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Unisci il duplicato ${duplicate.number}` });
    await expectText(dialog, target.number);
    // Only the requester's other open tickets are offered (not this one, not another requester's).
    expect(await dialog.getByRole('radio').count()).toBe(1);
    await expectAccessible(page, 'merge dialog');
    // Esc closes without merging; reopen and merge with the keyboard alone.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await open.focus();
    await page.keyboard.press('Enter');
    const radio = dialog.getByRole('radio', { name: new RegExp(target.number) });
    await radio.focus();
    await page.keyboard.press('Space');
    expect(await radio.isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await dialog.getByRole('button', { name: 'Unisci' }).focus();
    await page.keyboard.press('Enter');

    // The target opens: the merge on its timeline, the copied message, the link panel.
    await page.waitForURL(`${base}/tickets/${target.id}`);
    await expectText(page.locator('.timeline'), `Unito qui il ticket ${duplicate.number}`);
    await expectText(page.locator('.timeline'), `Copiato dal ticket ${duplicate.number}`);
    const links = page.getByRole('region', { name: 'Collegamenti' });
    await expectText(links, duplicate.number);
    await expectText(links, 'Unito qui');
    await expectAccessible(page, 'ticket page after a merge');
    await expectNoPlaceholders(page);
    await saveScreenshot(page, 'ticket-merged-into');

    // The duplicate says where it went and offers no further merge.
    await links.getByRole('link', { name: duplicate.number }).click();
    await page.waitForURL(`${base}/tickets/${duplicate.id}`);
    await expectText(page.getByRole('region', { name: 'Collegamenti' }), 'è stato unito al ticket');
    expect(await page.getByRole('button', { name: 'Unisci a un altro ticket…' }).count()).toBe(0);
    expect(watch.dialogs).toEqual([]);
    expect(watch.errors.filter((e) => !/401 \(Unauthorized\)/.test(e))).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows each agent’s open tickets, clocks and availability on the workload page', async () => {
    if (!browser) return;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    const watch = watchPage(page);
    await signInThroughPage(page, base, f.supervisor.email);
    await page.getByRole('link', { name: 'Carico di lavoro' }).click();
    await expectText(page.locator('h1'), 'Carico di lavoro');
    const table = page.getByRole('table', { name: 'Carico di lavoro' });
    const mine = table.getByRole('row', { name: new RegExp(f.agent.name) });
    await expectText(mine, target.number);
    await expectText(mine, 'Presente');
    await expectText(table.getByRole('row', { name: new RegExp(f.otherAgent.name) }), 'Assente');
    // The unassigned row: the other requester's new ticket (the merged duplicate is not open).
    const unassigned = table.getByRole('row', { name: /Non assegnati/ });
    await expectText(unassigned, 'Un altro richiedente');
    expect(await unassigned.textContent()).not.toContain(duplicate.number);
    await expectAccessible(page, 'workload page');
    await expectNoPlaceholders(page);
    await saveScreenshot(page, 'workload');

    // Keyboard: the ticket links are reachable and open the ticket.
    const link = mine.getByRole('link', { name: target.number });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/tickets/${target.id}`);
    expect(watch.errors.filter((e) => !/401 \(Unauthorized\)/.test(e))).toEqual([]);
    await context.close();
  }, 120_000);

  it('the reports page has the team and agent tables with a team filter', async () => {
    if (!browser) return;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    await signInThroughPage(page, base, f.supervisor.email);
    await page.getByRole('link', { name: 'Report' }).click();
    const section = page.getByRole('region', { name: 'Team e operatori' });
    await expectText(section.getByRole('table', { name: 'Per operatore' }), f.agent.name);
    await expectText(section, 'Nota: I ticket uniti a un altro ticket (1 nel periodo)');
    expect(await section.getByRole('combobox', { name: 'Team' }).count()).toBe(1);
    await expectAccessible(page, 'reports page with team sections');
    await context.close();
  }, 120_000);

  /** The focused element's accessible name as the page gives it (aria-label, else its text). */
  const focusedName = (page: Page) =>
    page.evaluate(() => {
      // Runs in the page: the DOM's types are not this project's (no "dom" lib), so named by shape.
      type Focused = { getAttribute(name: string): string | null; textContent: string | null };
      const el = (globalThis as unknown as { document: { activeElement: Focused | null } }).document
        .activeElement;
      return (el?.getAttribute('aria-label') || el?.textContent || '').trim();
    });

  it('splits a received message into a new ticket from the message itself, with the keyboard', async () => {
    if (!browser) return;
    const source = await ticket('Stampante e scanner', '055 2223355', 'Gina Lenti');
    const tickets = t.app.get(TicketService);
    for (const [name, address, body] of [
      ['Gina Lenti', 'gina.lenti@example.it', 'La stampante del secondo piano non stampa.'],
      ['Ufficio tributi', 'tributi@example.it', 'Inoltre lo scanner dell’ufficio tributi è spento.\nGrazie'],
    ])
      await t.dataSource.transaction((em) =>
        tickets.addInboundMessage(
          em,
          source.id,
          { occurredAt: new Date(), via: 'email', payload: { from: { name, address } }, body },
          { reopen: false, resume: false },
          new Date(),
        ),
      );
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    const watch = watchPage(page);
    await signInThroughPage(page, base, f.agent.email);
    await page.goto(`${base}/tickets/${source.id}`);
    await expectText(page.locator('h1'), source.number);

    // Every received message offers it, named by its sender and time; Tab goes from one to the next.
    const first = page.getByRole('button', {
      name: /^Dividi in un nuovo ticket: messaggio di Gina Lenti del .*, «La stampante del secondo piano non stampa\.»$/,
    });
    expect(await first.count()).toBe(1);
    const wanted =
      /^Dividi in un nuovo ticket: messaggio di Ufficio tributi del \d.*, «Inoltre lo scanner dell’ufficio tributi è spento\. Grazie»$/;
    await first.focus();
    for (let i = 0; i < 10 && !wanted.test(await focusedName(page)); i++) await page.keyboard.press('Tab');
    expect(await focusedName(page)).toMatch(wanted);
    await expectText(page.getByRole('button', { name: wanted }), 'Dividi in un nuovo ticket');

    // Enter: the split of that message, its first line offered as the subject, the focus on it.
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Nuovo ticket da questo messaggio' });
    await form.waitFor();
    const subject = form.getByLabel('Oggetto del nuovo ticket');
    expect(await subject.inputValue()).toBe('Inoltre lo scanner dell’ufficio tributi è spento.');
    expect(
      await subject.evaluate(
        (el) =>
          el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
      ),
    ).toBe(true);
    await expectAccessible(page, 'split from a message');
    // Esc closes the form only, and the focus is back on the message's button.
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    expect(page.url()).toBe(`${base}/tickets/${source.id}`);
    expect(await focusedName(page)).toMatch(wanted);

    await page.keyboard.press('Enter');
    await subject.waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Scanner dell’ufficio tributi spento');
    await page.keyboard.press('Enter');
    const done = page.getByRole('status').filter({ hasText: 'da questo messaggio' });
    await expectText(done, 'Creato il ticket');
    const created = (
      await request(t.http).get('/api/tickets').query({ q: 'Scanner' }).set(authHeaders(f.agent))
    ).body.items.find((row: { subject: string }) => row.subject === 'Scanner dell’ufficio tributi spento');
    expect(created).toBeDefined();
    await expectText(
      done,
      `Creato il ticket ${created.number} da questo messaggio: apri il ticket ${created.number}`,
    );
    // The link to it has the focus; the source's timeline says the split.
    expect(await focusedName(page)).toBe(`apri il ticket ${created.number}`);
    await expectText(page.locator('.timeline'), `Un messaggio è diventato il ticket ${created.number}`);
    await expectAccessible(page, 'split done');
    await expectNoPlaceholders(page);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/tickets/${created.id}`);
    await expectText(page.locator('h1'), 'Scanner dell’ufficio tributi spento');
    await expectText(page.locator('.timeline'), 'Inoltre lo scanner dell’ufficio tributi è spento.');
    await expectText(page.locator('.timeline'), `Copiato dal ticket ${source.number}`);

    // In English, and a 409 (someone else's note meanwhile) said in English, not the api's words.
    await page.getByRole('button', { name: 'Passa all’inglese' }).click();
    const english = page.getByRole('button', {
      name: /^Split into a new ticket: message from Ufficio tributi of /,
    });
    await expectText(english, 'Split into a new ticket');
    await request(t.http)
      .post(`/api/tickets/${created.id}/notes`)
      .set(authHeaders(f.supervisor))
      .send({ body: 'Segnalato al fornitore.' })
      .expect(200);
    await english.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('form', { name: 'New ticket from this message' }).waitFor();
    await page.keyboard.press('Enter');
    await expectText(
      page.getByRole('alert').filter({ hasText: 'meanwhile' }),
      'Someone else changed the ticket meanwhile: reloaded, try again.',
    );
    await expectNoPlaceholders(page);
    expect(watch.dialogs).toEqual([]);
    await context.close();
  }, 120_000);
});
