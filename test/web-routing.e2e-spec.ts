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
 * Issue 19.2 in Debian's Chromium against the real api: the routing page (admins edit, supervisors
 * read), the editor used with the keyboard alone, the field problems in Italian, the preview with
 * its count and the warning of a rule that matches nothing, moving a rule up; axe-core on each state.
 */
describe('web UI routing rules (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let browser: Browser | undefined;
  let base: string;
  let ced: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ({ t, base } = await startWebApp());
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Anna Amministratrice');
    await giveTestPassword(t.dataSource, [f.supervisor, admin]);
    ced = (
      await request(t.http)
        .post('/api/teams')
        .set(authHeaders(admin))
        .send({ code: 'ced', name: 'Supporto CED' })
        .expect(201)
    ).body.id;
    for (const subject of ['Stampante inceppata', 'La stampante non stampa', 'Password scaduta'])
      await request(t.http)
        .post('/api/tickets')
        .set(authHeaders(f.agent))
        .send({ channel: 'phone', subject, requester: { name: 'Lucia Serra', phone: '055 2223334' } })
        .expect(201);
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

  /** Focus by the keyboard's own means is what a keyboard user does; no mouse click anywhere below. */
  async function press(page: Page, locator: ReturnType<Page['getByRole']>, key = 'Enter') {
    await locator.focus();
    await page.keyboard.press(key);
  }

  it('an admin writes a rule with the keyboard alone, sees the problems, previews it and saves it', async () => {
    if (!browser) return;
    const { context, page } = await signIn(admin.email);
    await press(page, page.getByRole('link', { name: 'Instradamento' }));
    await page.getByRole('heading', { name: 'Instradamento dei ticket' }).waitFor();
    await expectText(page.getByText('Nessuna regola'), 'Nessuna regola: i ticket si aprono senza team.');
    await expectAccessible(page, 'routing (empty)');

    await press(page, page.getByRole('button', { name: 'Nuova regola' }));
    const editor = page.getByRole('form', { name: 'Nuova regola' });
    await editor.waitFor();
    // The editor's heading takes the focus; Tab goes on to the name.
    await page.keyboard.press('Tab');
    await page.keyboard.type('Stampanti al CED');
    await page.keyboard.press('Enter');
    const alert = editor.getByRole('alert');
    await expectText(alert, 'Condizioni: almeno una condizione, oppure «Tutti i ticket»');
    await expectText(alert, 'Azioni: almeno un’azione');
    await expectAccessible(page, 'routing editor with problems');

    // A word no ticket has: the preview warns, and the rule could still be saved.
    await editor.getByLabel('Parole chiave').focus();
    await page.keyboard.type('ornitorinco');
    await press(page, editor.getByRole('button', { name: 'Anteprima' }));
    await expectText(editor.getByRole('status'), 'non avrebbe preso nessuno degli ultimi 3 ticket');

    await editor.getByLabel('Parole chiave').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('stampante');
    await editor.getByLabel('Team', { exact: true }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await editor.getByLabel('Team', { exact: true }).inputValue()).toBe(ced);
    await editor.getByRole('radio', { name: 'a turno tra i membri disponibili del team' }).focus();
    await page.keyboard.press('Space');
    await press(page, editor.getByRole('button', { name: 'Anteprima' }));
    const status = editor.getByRole('status');
    await expectText(status, 'Sugli ultimi 3 ticket la regola ne avrebbe presi 2.');
    await expectText(status, 'Stampante inceppata');
    await expectAccessible(page, 'routing editor with preview');
    await expectNoPlaceholders(page);

    await press(page, editor.getByRole('button', { name: 'Salva la regola' }));
    await expectText(page.getByRole('status').first(), 'Regola «Stampanti al CED» salvata');
    const list = page.getByRole('list').filter({ hasText: 'Stampanti al CED' });
    await expectText(list, 'parole «stampante»');
    await expectText(list, 'team Supporto CED; a turno nel team');
    const [rule] = (await request(t.http).get('/api/routing-rules').set(authHeaders(admin)).expect(200)).body;
    expect(rule).toMatchObject({
      name: 'Stampanti al CED',
      conditions: { keywords: ['stampante'] },
      actions: { teamId: ced, roundRobin: true },
    });

    // A second rule, then moved first with the keyboard.
    await request(t.http)
      .post('/api/routing-rules')
      .set(authHeaders(admin))
      .send({ name: 'Tutto il resto', conditions: { catchAll: true }, actions: { teamId: ced } })
      .expect(201);
    await page.reload();
    await press(page, page.getByRole('button', { name: 'Sposta «Tutto il resto» su' }));
    await expectText(page.getByRole('status').first(), 'Ordine salvato');
    const names = (
      await request(t.http).get('/api/routing-rules').set(authHeaders(admin)).expect(200)
    ).body.map((r: { name: string }) => r.name);
    expect(names).toEqual(['Tutto il resto', 'Stampanti al CED']);
    await expectAccessible(page, 'routing list');
    await context.close();
  });

  it('a supervisor reads the rules without editing them', async () => {
    if (!browser) return;
    const { context, page } = await signIn(f.supervisor.email);
    await page.goto(`${base}/routing`);
    await page.getByRole('heading', { name: 'Instradamento dei ticket' }).waitFor();
    await expectText(page.getByText('Le regole le modifica'), 'Le regole le modifica un amministratore.');
    await expectText(page.getByRole('list').filter({ hasText: 'Tutto il resto' }), 'tutti i ticket');
    expect(await page.getByRole('button', { name: 'Nuova regola' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Modifica' }).count()).toBe(0);
    await expectAccessible(page, 'routing (supervisor)');

    // A new ticket goes by the first rule; its timeline says so in words.
    const opened = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        subject: 'Scanner',
        requester: { name: 'Lucia Serra', phone: '055 2223334' },
      })
      .expect(201);
    await page.goto(`${base}/tickets/${opened.body.id}`);
    await expectText(
      page.locator('.event-routed'),
      'Instradato dalla regola «Tutto il resto»: team Supporto CED',
    );
    await expectNoPlaceholders(page);
    await context.close();
  });

  it('an agent routes a ticket again from its page and reads the outcome, refusals included', async () => {
    if (!browser) return;
    await giveTestPassword(t.dataSource, [f.agent]);
    const opened = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        subject: 'Monitor sfarfallante',
        requester: { name: 'Lucia Serra', phone: '055 2223334' },
      })
      .expect(201);
    const id = opened.body.id as string;
    expect(opened.body.team?.id).toBe(ced);
    // The first rule gains a difficulty after the ticket opened: routing again sets it.
    const rules = (await request(t.http).get('/api/routing-rules').set(authHeaders(admin)).expect(200))
      .body as { id: string; name: string; version: number }[];
    const first = rules.find((r) => r.name === 'Tutto il resto')!;
    await request(t.http)
      .patch(`/api/routing-rules/${first.id}`)
      .set(authHeaders(admin))
      .send({ version: first.version, actions: { teamId: ced, difficulty: 'medium_high' } })
      .expect(200);

    const { context, page } = await signIn(f.agent.email);
    await page.goto(`${base}/tickets/${id}`);
    await page.getByRole('heading', { name: /Monitor sfarfallante/ }).waitFor();
    const again = page.getByRole('button', { name: 'Instrada di nuovo' });
    const outcome = page.getByTestId('route-again-outcome');
    await press(page, again);
    await expectText(outcome, 'Regola «Tutto il resto» applicata: difficoltà Medio-alta.');
    expect(await outcome.getAttribute('role')).toBe('status');
    // The page shows the ticket as it is now, and the timeline says it.
    await expectText(page.locator('.ticket-side'), 'Medio-alta');
    await expectText(
      page.locator('.event-routed').last(),
      'Instradato di nuovo dalla regola «Tutto il resto»: team Supporto CED, difficoltà Medio-alta',
    );
    // The focus stayed on the button: Enter again, and nothing changes.
    await page.keyboard.press('Enter');
    await expectText(
      outcome,
      'La regola «Tutto il resto» corrisponde, ma il ticket era già così: non è cambiato niente.',
    );
    await expectAccessible(page, 'ticket routed again');

    // Someone else changed the ticket meanwhile: 409 said in Italian, the ticket reloaded. The note
    // goes in while the request is on its way, so the live stream cannot refresh the page first.
    await page.route(`**/api/tickets/${id}/route`, async (route) => {
      await request(t.http)
        .post(`/api/tickets/${id}/notes`)
        .set(authHeaders(f.supervisor))
        .send({ body: 'Controllato il cavo.' })
        .expect(200);
      await route.continue();
    });
    await press(page, again);
    await expectText(
      page.getByRole('alert').filter({ hasText: 'modificato' }),
      'Un altro utente ha modificato il ticket nel frattempo: l’ho ricaricato, riprova.',
    );
    await expectText(page.locator('.timeline'), 'Controllato il cavo.');
    await page.unroute(`**/api/tickets/${id}/route`);
    await press(page, again);
    await expectText(outcome, 'non è cambiato niente');

    // A 400 from the api (a version that is not a number) in Italian, not the api's words.
    await page.route(`**/api/tickets/${id}/route`, (route) =>
      route.continue({ postData: JSON.stringify({ version: 'x' }) }),
    );
    await press(page, again);
    await expectText(
      page.getByRole('alert').filter({ hasText: 'Richiesta rifiutata' }),
      'Richiesta rifiutata (campo non valido: versione): ricarica la pagina e riprova.',
    );
    await page.unroute(`**/api/tickets/${id}/route`);
    await expectNoPlaceholders(page);

    // No rule matches any more: said so, in English too.
    for (const rule of (await request(t.http).get('/api/routing-rules').set(authHeaders(admin)).expect(200))
      .body as { id: string; version: number }[])
      await request(t.http)
        .patch(`/api/routing-rules/${rule.id}`)
        .set(authHeaders(admin))
        .send({ version: rule.version, enabled: false })
        .expect(200);
    await press(page, page.getByRole('button', { name: 'Passa all’inglese' }));
    await press(page, page.getByRole('button', { name: 'Route again' }));
    await expectText(outcome, 'No rule matches this ticket: nothing changed.');
    await expectAccessible(page, 'ticket routed again [en]');
    await expectNoPlaceholders(page);

    // A resolved ticket offers no routing (the api refuses it).
    await request(t.http)
      .post(`/api/tickets/${id}/resolve`)
      .set(authHeaders(f.agent))
      .send({ resolution: 'Sostituito il monitor.' })
      .expect(200);
    await page.reload();
    await page.getByRole('heading', { name: /Monitor sfarfallante/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Route again' }).count()).toBe(0);
    await context.close();
  });
});
