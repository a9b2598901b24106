import {
  accessibilityProblems,
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createUser,
  expectNoPlaceholders,
  expectText,
  launchBrowser,
  TestApp,
  watchPage,
} from '@app/testing';
import { giveTestPassword, signInThroughPage, startWebApp, TEST_PASSWORD } from '@app/testing/web-app';
import { UserEntity } from '@app/tickets';
import { Browser, Page } from 'playwright-core';
import request from 'supertest';

/**
 * Every page of the UI (issue 16.24) passes axe-core (WCAG 2.1 A and AA) with no serious or
 * critical violation, in Italian and in English, and an agent goes from sign-in to a resolved
 * ticket with the keyboard alone. The admin pages are found from the admin menu itself, so a page
 * added later is checked without touching this spec.
 */
describe('web UI accessibility: axe-core on every page, a keyboard-only walk (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let browser: Browser | undefined;
  let base: string;
  let ticketId: string;
  let contactId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ({ t, base } = await startWebApp());
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Anna Amministratrice');
    await giveTestPassword(t.dataSource, [f.agent, admin]);
    const ticket = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        subject: 'Protocollo informatico non raggiungibile',
        description: 'Da stamattina il protocollo non si apre.',
        enteId: f.ente.id,
        requester: { name: 'Ugo Bassi', phone: '055 2223344' },
      })
      .expect(201);
    ticketId = ticket.body.id;
    contactId = ticket.body.requester.id;
    await request(t.http)
      .post(`/api/tickets/${ticketId}/notes`)
      .set(authHeaders(f.agent))
      .send({ body: 'Verificato: il server risponde.' })
      .expect(200);
    // A team with a lead and an absent member: the teams page shows all it can (issue 19.1).
    const team = await request(t.http)
      .post('/api/teams')
      .set(authHeaders(admin))
      .send({ code: 'primo-livello', name: 'Help desk (primo livello)', calendarCode: 'cst' })
      .expect(201);
    await request(t.http)
      .put(`/api/teams/${team.body.id}/members`)
      .set(authHeaders(admin))
      .send({ members: [{ userId: f.agent.id, lead: true }, { userId: f.otherAgent.id }] })
      .expect(200);
    await request(t.http)
      .put(`/api/users/${f.otherAgent.id}/availability`)
      .set(authHeaders(admin))
      .send({ available: false })
      .expect(200);
    // A routing rule, so the routing page shows its list and not only the empty state (issue 19.2).
    await request(t.http)
      .post('/api/routing-rules')
      .set(authHeaders(admin))
      .send({
        name: 'Stampanti al primo livello',
        conditions: { keywords: ['stampante'] },
        actions: { teamId: team.body.id, roundRobin: true },
      })
      .expect(201);
    await request(t.http)
      .post('/api/outages')
      .set(authHeaders(f.agent))
      .send({
        title: 'Portale dei servizi non raggiungibile',
        services: ['Portale dei servizi'],
        enteIds: [f.ente.id],
        startedAt: new Date(Date.now() - 3_600_000).toISOString(),
      })
      .expect(201);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Every page checked, with what axe found: the spec fails listing all of them at once. */
  const found: string[] = [];
  async function check(page: Page, name: string) {
    await page.waitForLoadState('networkidle');
    await expectNoPlaceholders(page);
    for (const p of await accessibilityProblems(page)) {
      found.push(`${name}: ${p.impact} ${p.rule} (${p.help}) @ ${p.targets.join(', ')}`);
    }
  }

  it('finds no serious or critical axe-core violation on any page, in both languages', async () => {
    if (!browser) return;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    const watch = watchPage(page);

    await page.goto(`${base}/status`);
    await check(page, 'status page');
    // The status page in English, reached from the Italian one's link (issue 16.14).
    await page.getByRole('link', { name: 'English' }).click();
    await expectText(page.locator('h2').first(), 'Current and scheduled');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await check(page, 'status page [en]');
    await page.goto(base);
    await page.getByLabel('E-mail').waitFor();
    await check(page, 'sign-in');
    await signInThroughPage(page, base, admin.email);

    for (const language of ['it', 'en'] as const) {
      if (language === 'en') await page.getByRole('button', { name: 'Passa all’inglese' }).click();
      const at = (name: string) => `${name} [${language}]`;
      await page.goto(base);
      await page.locator('tr[data-ticket]').first().waitFor();
      await check(page, at('queue'));
      await page.keyboard.press('?');
      await page.getByRole('dialog').first().waitFor();
      await check(page, at('shortcuts'));
      await page.keyboard.press('Escape');

      await page.goto(`${base}/tickets/${ticketId}`);
      await page.getByRole('heading', { name: /Protocollo informatico/ }).waitFor();
      await check(page, at('ticket'));
      await page.keyboard.press('r');
      await page.locator('form.panel').first().waitFor();
      await check(page, at('ticket: answer form'));
      await page.keyboard.press('Escape');

      await page.goto(base);
      await page.locator('tr[data-ticket]').first().waitFor();
      await page.keyboard.press('c');
      await page.getByRole('dialog', { name: /Nuova telefonata|New phone call/ }).waitFor();
      await check(page, at('phone intake'));
      await page.keyboard.press('Escape');

      for (const path of ['/outages', '/calls', '/reports', '/macros']) {
        await page.goto(`${base}${path}`);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        // The phone line beside the ticket tables (issue 24.6).
        if (path === '/reports') {
          await page
            .getByRole('heading', { name: language === 'it' ? 'Telefonate' : 'Phone calls' })
            .waitFor();
          // No monitoring data: the uptime rows say so in the UI's language (issue 16.9, 16.14).
          const sla1 = page.locator('.sla-table tr').filter({ hasText: 'SLA.1' }).first();
          await expectText(sla1, language === 'it' ? 'nessun dato' : 'no data');
          if (language === 'en') {
            const text = (await page.locator('.sla-table').textContent()) ?? '';
            expect(text).not.toMatch(/\b(entro|lavorativ|nei tempi|Nessuno scostamento|nessun dato)\b/);
          }
        }
        await check(page, at(path));
      }
      await page.goto(`${base}/outages`);
      await page.getByRole('link', { name: 'Portale dei servizi non raggiungibile' }).click();
      await page
        .getByRole('heading', { name: /Portale dei servizi/ })
        .first()
        .waitFor();
      await check(page, at('outage'));

      // The admin pages, as the admin menu lists them.
      await page.goto(`${base}/admin`);
      const menu = page.locator('main nav a, .admin nav a');
      await menu.first().waitFor();
      const links = await menu.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(links.length).toBeGreaterThanOrEqual(8);
      for (const href of links) {
        await page.goto(`${base}${href}`);
        await page.getByRole('heading').first().waitFor();
        await check(page, at(href));
      }

      // The privacy area and a person's page (issue 18): supervisors' and admins'.
      for (const path of [
        '/data-protection/contacts',
        '/data-protection/policy',
        '/data-protection/retention',
        '/data-protection/versions',
        `/contacts/${contactId}`,
      ]) {
        await page.goto(`${base}${path}`);
        await page.getByRole('heading', { level: 2 }).first().waitFor();
        await check(page, at(path));
      }

      // Teams and levels (issue 19.1): supervisors' and admins', outside the admin menu.
      await page.goto(`${base}/teams`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await check(page, at('/teams'));

      // Workload (issue 19.9): every agent's open tickets and clocks.
      await page.goto(`${base}/workload`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await check(page, at('/workload'));

      // Routing rules (issue 19.2): the admins' editor, outside the admin menu.
      await page.goto(`${base}/routing`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.getByText('Stampanti al primo livello').first().waitFor();
      await check(page, at('/routing'));
    }
    if (found.length) throw new Error(`axe-core found:\n  - ${found.join('\n  - ')}`);
    expect(watch.dialogs).toEqual([]);
    expect(watch.errors.filter((e) => !/401 \(Unauthorized\)/.test(e))).toEqual([]);
    await context.close();
  }, 300_000);

  /** The focused element's name as a person reads it: its aria-label, its label or its text. */
  const FOCUSED_NAME = `(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '';
    return (el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent) || el.textContent || '').trim();
  })()`;

  /** Presses Tab until the focused element is the one named (at most `max` presses). */
  async function tabTo(page: Page, name: RegExp, max = 25) {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(FOCUSED_NAME);
      if (name.test(String(focused).trim())) return;
    }
    throw new Error(`Tab never reached ${name}`);
  }

  it('walks from sign-in to a resolved ticket with the keyboard alone', async () => {
    if (!browser) return;
    const walked = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        subject: 'Stampante dell’anagrafe inceppata',
        requester: { name: 'Lia Conti', phone: '055 7778899' },
      })
      .expect(201);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(base);
    await page.getByLabel('E-mail').waitFor();

    // Sign in: Tab to the e-mail field, type, Tab to the password, Enter.
    await tabTo(page, /^E-mail/);
    await page.keyboard.type(f.agent.email);
    await tabTo(page, /^Password/);
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('tr[data-ticket]').first().waitFor();

    // The queue: the first Tab reaches the skip link, which moves the focus to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(FOCUSED_NAME)).toBe('Vai al contenuto');
    await page.keyboard.press('Enter');
    // Down to the ticket with k (the first row) and j, in with Enter.
    expect(new URL(page.url()).pathname).toBe('/');
    await page.locator(`tr[data-ticket="${walked.body.number}"]`).waitFor();
    const rows = await page
      .locator('tr[data-ticket]')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-ticket')));
    const index = rows.indexOf(walked.body.number);
    expect(index).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('k');
    for (let i = 0; i < index; i++) await page.keyboard.press('j');
    expect(await page.evaluate(FOCUSED_NAME)).toBe(walked.body.number);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Stampante dell’anagrafe/ }).waitFor();

    // Take charge (t), answer by phone (r), resolve (x): each form by typing, Tab and Enter.
    await page.keyboard.press('t');
    await expectText(page.locator('main'), 'Aperto');
    await page.keyboard.press('r');
    const reply = page.locator('form.panel').first();
    await reply.waitFor();
    await page.keyboard.type('Richiamata la signora: stampante sbloccata.');
    await tabTo(page, /^(Invia|Registra risposta telefonica|Salva)$/);
    await page.keyboard.press('Enter');
    await reply.waitFor({ state: 'detached' });
    await page.keyboard.press('x');
    const resolve = page.locator('form.panel').first();
    await resolve.waitFor();
    await page.keyboard.type('Rimosso il foglio inceppato.');
    await tabTo(page, /^Risolvi$/);
    await page.keyboard.press('Enter');
    await expectText(page.locator('main'), 'Risolto');
    const [row] = await t.dataSource.query(`SELECT status::text AS status FROM ticket WHERE id = $1`, [
      walked.body.id,
    ]);
    expect(row.status).toBe('resolved');
    await expectNoPlaceholders(page);
    expect(watch.dialogs).toEqual([]);
    expect(watch.errors.filter((e) => !/401 \(Unauthorized\)/.test(e))).toEqual([]);
    await context.close();
  }, 180_000);
});
