import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createUser,
  expectAccessible,
  expectNoPlaceholders,
  expectText,
  launchBrowser,
  TestApp,
  watchPage,
} from '@app/testing';
import { giveTestPassword, signInThroughPage, startWebApp } from '@app/testing/web-app';
import { UserEntity } from '@app/tickets';
import { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';

/**
 * Issue 19.4-19.6 in Debian's Chromium against the real api: bulk actions on a queue selection with
 * a conflict said and why, a macro applied after its preview, tags on the ticket page, the reports'
 * tickets per tag with its drill-down and downloads (supervisors; referents never see it); axe-core on
 * each screen, keyboard use (Space ticks a row, x ticks the selected row, Enter runs the bar).
 */
describe('web UI: tags, macros and bulk actions (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let referent: UserEntity;
  let browser: Browser | undefined;
  let base: string;
  const tickets: Record<string, { id: string; number: string }> = {};

  const api = (user: UserEntity) => ({
    post: (path: string, body: object) => request(t.http).post(path).set(authHeaders(user)).send(body),
    get: (path: string) => request(t.http).get(path).set(authHeaders(user)),
  });

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ({ t, base } = await startWebApp());
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Anna Amministratrice');
    referent = await createUser(t.dataSource, 'ente_referent', 'Rita Referente');
    await t.dataSource.query(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [
      referent.id,
      f.ente.id,
    ]);
    await giveTestPassword(t.dataSource, [f.agent, admin, f.supervisor, referent]);
    await api(admin).post('/api/tags', { name: 'pec', label: 'PEC' }).expect(201);
    await api(admin).post('/api/tags', { name: 'stampanti', label: 'Stampanti' }).expect(201);
    await api(admin)
      .post('/api/macros', {
        name: 'Attesa riscontro',
        actions: {
          answer: { via: 'note', body: 'Chiesto a {{requester.name}} per il ticket {{ticket.number}}.' },
          status: 'waiting',
          addTags: ['pec'],
        },
      })
      .expect(201);
    for (const subject of ['Bulk uno', 'Bulk due', 'Bulk tre', 'Macro e etichette']) {
      const res = await api(f.agent)
        .post('/api/tickets', {
          channel: 'phone',
          subject,
          requester: { name: 'Lucia Serra', phone: '055 2223334' },
          enteId: f.ente.id,
        })
        .expect(201);
      tickets[subject] = { id: res.body.id, number: res.body.number };
    }
    // Someone else takes "Bulk due" first: the bulk take-charge must say so for that one.
    await api(f.otherAgent).post(`/api/tickets/${tickets['Bulk due'].id}/take-charge`, {}).expect(200);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(email: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser!.newContext({ viewport: { width: 1440, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    watchPage(page);
    await signInThroughPage(page, base, email);
    return { context, page };
  }

  it('takes charge of a selection from the bulk bar: the conflict is listed with why', async () => {
    if (!browser) return;
    const { context, page } = await signIn(f.agent.email);
    const box = (subject: string) =>
      page.getByRole('checkbox', { name: `Seleziona il ticket ${tickets[subject].number}` });
    // Space on a focused checkbox, and x on the selected row, tick rows with the keyboard.
    await box('Bulk uno').focus();
    await page.keyboard.press('Space');
    await page.getByRole('link', { name: tickets['Bulk due'].number }).focus();
    await page.keyboard.press('x');
    await box('Bulk tre').check();
    expect(await box('Bulk due').isChecked()).toBe(true);
    await expectText(page.getByRole('status').filter({ hasText: 'selezionat' }), '3 ticket selezionati');
    await expectAccessible(page, 'queue with a selection and the bulk bar');

    await page.getByLabel('Azione').selectOption({ label: 'Prendi in carico' });
    await page.getByRole('button', { name: 'Esegui su 3 ticket' }).focus();
    await page.keyboard.press('Enter');
    const summary = page.getByTestId('bulk-summary');
    await expectText(summary, 'Esito: 2 riusciti, 1 in conflitto, 0 non trovati, 0 non validi.');
    const conflicts = page.getByTestId('bulk-conflicts');
    await expectText(conflicts, tickets['Bulk due'].number);
    await expectText(conflicts, 'già stato preso in carico');
    // The selection is cleared and the queue shows the new assignee.
    expect(await box('Bulk uno').isChecked()).toBe(false);
    await expectText(page.locator(`tr[data-ticket="${tickets['Bulk uno'].number}"]`), 'Marco Rossi');
    await expectNoPlaceholders(page);
    await expectAccessible(page, 'queue with the bulk result');
    await context.close();
  });

  it('tags a ticket from its page; an unknown tag is refused; the queue filters by tag', async () => {
    if (!browser) return;
    const { context, page } = await signIn(f.agent.email);
    const target = tickets['Macro e etichette'];
    await page.goto(`${base}/tickets/${target.id}`);
    const tags = page.getByRole('region', { name: 'Etichette' }).or(page.locator('section.tags-editor'));
    await expectText(tags, 'Nessuna etichetta');
    const input = page.getByLabel('Nuova etichetta');
    await input.fill('stampanti');
    await input.press('Enter');
    await expectText(tags.locator('.tag-list'), 'Stampanti');
    await expectText(page.locator('.timeline, ol').first(), 'Etichette: +stampanti');
    await input.fill('inventata');
    await input.press('Enter');
    await expectText(page.getByRole('alert').first(), 'non in elenco');
    await expectAccessible(page, 'ticket page with tags');

    await page.goto(`${base}/?tag=stampanti`);
    await expectText(page.locator('.queue-table tbody'), target.number);
    expect(await page.locator('.queue-table tbody tr').count()).toBe(1);
    await page.goto(`${base}/tickets/${target.id}`);
    await page.getByRole('button', { name: 'Togli l’etichetta Stampanti' }).click();
    await expectText(tags, 'Nessuna etichetta');
    await context.close();
  });

  it('applies a macro after its preview: the answer rendered, status and tags changed', async () => {
    if (!browser) return;
    const { context, page } = await signIn(f.agent.email);
    const target = tickets['Macro e etichette'];
    await page.goto(`${base}/tickets/${target.id}`);
    await page.getByRole('button', { name: 'Applica macro' }).click();
    await page.getByLabel('Macro da applicare').selectOption({ label: 'Attesa riscontro' });
    const preview = page.getByRole('region', { name: 'Anteprima di “Attesa riscontro”' });
    await expectText(preview, `Chiesto a Lucia Serra per il ticket ${target.number}.`);
    await expectText(preview, 'In attesa');
    await expectNoPlaceholders(page);
    await expectAccessible(page, 'macro preview');
    // Nothing changed yet.
    await expectText(page.getByTestId('ticket-status'), 'Nuovo');
    await page.getByRole('button', { name: 'Applica al ticket' }).click();
    await expectText(page.getByTestId('ticket-status'), 'In attesa');
    await expectText(page.locator('section.tags-editor'), 'PEC');
    await expectText(
      page.getByRole('status').filter({ hasText: 'applicata' }),
      'Macro “Attesa riscontro” applicata.',
    );
    await context.close();
  });

  it('admins manage tags and macros; an unknown placeholder is named', async () => {
    if (!browser) return;
    const { context, page } = await signIn(admin.email);
    await page.goto(`${base}/admin/tags`);
    await page.getByLabel('Nome', { exact: true }).fill('Rete Comunale');
    await page.getByRole('button', { name: 'Aggiungi etichetta' }).click();
    await expectText(page.getByRole('table', { name: 'Elenco delle etichette' }), 'rete-comunale');
    await expectAccessible(page, 'admin tags');

    await page.goto(`${base}/macros`);
    await page.getByRole('button', { name: 'Nuova macro' }).click();
    await page.getByLabel('Nome', { exact: true }).fill('Saluto');
    await page.getByRole('combobox', { name: 'Tipo di testo' }).selectOption({ label: 'Nota interna' });
    await page.getByLabel('Testo della risposta o della nota').fill('Ciao {{cliente.nome}}');
    await page.getByRole('button', { name: 'Salva la macro' }).click();
    await expectText(page.getByRole('alert'), '{{cliente.nome}}');
    await expectAccessible(page, 'macro form with an unknown placeholder');
    await page.getByLabel('Testo della risposta o della nota').fill('Ciao {{requester.name}}');
    await page.getByRole('button', { name: 'Salva la macro' }).click();
    await expectText(page.getByRole('status'), 'Macro salvata.');
    await expectText(page.getByRole('table', { name: 'Macro' }), 'Saluto');
    await expectNoPlaceholders(page);
    await context.close();
  });
  it('shows a supervisor the tickets per tag, the handled figure opening the tagged tickets; not to referents', async () => {
    if (!browser) return;
    // Two tags of its own: one ticket carries both (taken in charge), another only the first.
    await api(admin).post('/api/tags', { name: 'protocollo', label: 'Protocollo informatico' }).expect(201);
    await api(admin).post('/api/tags', { name: 'firma', label: 'Firma digitale' }).expect(201);
    const tagged: { id: string; number: string }[] = [];
    for (const [subject, tags] of [
      ['Protocollo e firma', ['protocollo', 'firma']],
      ['Protocollo lento', ['protocollo']],
    ] as const) {
      const created = await api(f.agent)
        .post('/api/tickets', {
          channel: 'phone',
          subject,
          requester: { name: 'Lucia Serra', phone: '055 2223334' },
          enteId: f.ente.id,
        })
        .expect(201);
      const { version } = (await api(f.agent).get(`/api/tickets/${created.body.id}`).expect(200)).body;
      await api(f.agent).post(`/api/tickets/${created.body.id}/tags`, { add: tags, version }).expect(200);
      tagged.push({ id: created.body.id, number: created.body.number });
    }
    await api(f.agent).post(`/api/tickets/${tagged[0].id}/take-charge`, {}).expect(200);
    const year = new Date().getFullYear();
    const expected = (
      await api(f.supervisor)
        .get(`/api/reports/tickets/by-tag?from=${year}-01-01&to=${year}-12-31`)
        .expect(200)
    ).body.rows as { id: string | null; counts: { handled: number } }[];

    const { context, page } = await signIn(f.supervisor.email);
    await page.goto(`${base}/reports`);
    const table = page.getByRole('table', { name: 'Ticket per etichetta' });
    await table.waitFor();
    const row = (name: string) =>
      table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name }) });
    // Columns: Nuovo, Aperto, Risolto - non di competenza, Risolto, Gestiti, % Risolti.
    const cells = async (name: string) =>
      (await row(name).locator('td').allTextContents()).map((c) => c.trim());
    await expectText(row('Protocollo informatico'), 'Protocollo informatico');
    expect(await cells('Protocollo informatico')).toEqual(['1', '1', '0', '0', '2', '0,0%']);
    expect(await cells('Firma digitale')).toEqual(['0', '1', '0', '0', '1', '0,0%']);
    // The tickets without tags: their row named in Italian, with the api's figure.
    expect((await cells('Senza etichetta'))[4]).toBe(
      String(expected.find((r) => r.id === null)!.counts.handled),
    );
    expect(await table.locator('tbody tr').count()).toBe(expected.length);
    await expectText(page.locator('main'), 'Un ticket con più etichette conta sotto ciascuna');

    // The handled figure opens the tickets of that tag, and only those.
    await row('Protocollo informatico').getByRole('button', { name: '2' }).click();
    const drill = page.getByRole('region', { name: 'Protocollo informatico: Gestiti' });
    await expectText(drill, tagged[0].number);
    await expectText(drill, tagged[1].number);
    expect(await drill.getByRole('link').count()).toBe(2);
    await expectNoPlaceholders(page);
    await expectAccessible(page, 'reports with the tickets per tag and its drill-down');

    // The downloads under the table: Italian Excel CSV of the same rows.
    const links = page.locator('p').filter({ has: page.locator('a[href*="/api/reports/tickets/by-tag"]') });
    const csv = await links.getByRole('link', { name: 'CSV' }).getAttribute('href');
    expect(csv).toContain('format=csv');
    expect(csv).toContain('lang=it');
    const download = await page.request.get(new URL(csv!, base).toString());
    expect(download.status()).toBe(200);
    expect(await download.text()).toContain('Protocollo informatico;1;1;0;0;2;0,0');
    expect(await links.getByRole('link', { name: 'XLSX' }).getAttribute('href')).toContain('format=xlsx');
    await context.close();

    // A referent reaching the reports page gets per ente and category, never per tag.
    const other = await signIn(referent.email);
    await other.page.goto(`${base}/reports`);
    await other.page.getByRole('heading', { name: 'Ticket per ente' }).waitFor();
    await other.page.waitForLoadState('networkidle');
    expect(await other.page.getByRole('heading', { name: 'Ticket per etichetta' }).count()).toBe(0);
    expect(await other.page.locator('a[href*="by-tag"]').count()).toBe(0);
    await other.context.close();
  });
});
