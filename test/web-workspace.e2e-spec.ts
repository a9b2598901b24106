import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createUser,
  expectNoPlaceholders,
  expectText,
  launchBrowser,
  saveScreenshot,
  TestApp,
  watchPage,
} from '@app/testing';
import { giveTestPassword, signInThroughPage, startWebApp, TEST_PASSWORD } from '@app/testing/web-app';
import { UserEntity } from '@app/tickets';
import { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';

/** The little of a DOM element the layout checks read (the server tsconfig has no DOM types). */
interface Measured {
  scrollWidth: number;
  clientWidth: number;
  textContent: string | null;
  getBoundingClientRect(): { left: number; right: number; top: number };
  querySelector(selector: string): Measured | null;
}

/**
 * The agents' workspace (issue 16) in Debian's Chromium against the real api on PostgreSQL: every
 * clock readable at the widths agents use, nothing they type lost, no raw placeholder on screen.
 */
describe('web UI workspace (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let browser: Browser | undefined;
  let base: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ({ t, base } = await startWebApp());
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Anna Amministratrice');
    await giveTestPassword(t.dataSource, [f.agent, f.otherAgent, f.supervisor, admin]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(
    email: string,
    viewport = { width: 1280, height: 900 },
  ): Promise<{ context: BrowserContext; page: Page; watch: ReturnType<typeof watchPage> }> {
    const context = await browser!.newContext({ viewport, locale: 'it-IT' });
    const page = await context.newPage();
    const watch = watchPage(page);
    await signInThroughPage(page, base, email);
    return { context, page, watch };
  }

  /** Console errors other than the 401 every page gets from /api/auth/me before signing in. */
  const realErrors = (errors: string[]) => errors.filter((e) => !/401 \(Unauthorized\)/.test(e));

  async function phoneTicket(subject: string, extra: Record<string, unknown> = {}) {
    const res = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({ channel: 'phone', subject, requester: { name: 'Ugo Bassi', phone: '055 222' }, ...extra })
      .expect(201);
    return res.body as { id: string; number: string; version: number };
  }

  it('every clock is readable: the queue at 1024-1920 px, the ticket page, breached clocks say by how much', async () => {
    if (!browser) return;
    // A clock breached a year ago (the widest countdown), one fresh, one in its last hour at risk.
    const old = await phoneTicket('Server anagrafe fermo da un anno', {
      receivedAt: '2025-11-14T09:00:00+01:00',
    });
    const fresh = await phoneTicket('Stampante del protocollo');
    const risky = await phoneTicket('Firma digitale scaduta');
    await t.dataSource.query(
      `UPDATE sla_clock SET due_at = now() + interval '59 minutes', warn_at = now() - interval '10 minutes'
        WHERE ticket_id = $1 AND state = 'running'`,
      [risky.id],
    );
    // A clock stopped after its deadline: answered and resolved two days late.
    const late = await phoneTicket('Casella PEC piena', {
      receivedAt: new Date(Date.now() - 5 * 86_400_000),
    });
    await request(t.http)
      .post(`/api/tickets/${late.id}/resolve`)
      .set(authHeaders(f.agent))
      .send({ resolution: 'Svuotata la casella' })
      .expect((r) => expect(r.status).toBeLessThan(300));
    const lateClocks = (await request(t.http).get(`/api/tickets/${late.id}/sla`).set(authHeaders(f.agent)))
      .body as { state: string; stoppedAt: string | null }[];
    expect(lateClocks.some((c) => c.state === 'breached' && c.stoppedAt)).toBe(true);

    const { context, page, watch } = await signIn(f.agent.email, { width: 1920, height: 900 });
    for (const width of [1920, 1440, 1280, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      for (const ticket of [old, fresh, risky]) {
        const cell = page.locator(`tr[data-ticket="${ticket.number}"] td.clock-cell`);
        await expectText(cell, /SLA\.\d+ (tra|violato da) \d/);
        // Nothing clipped: the countdown fits its box, the box fits the cell, the cell its column.
        const fit = await cell.evaluate((node) => {
          const td = node as unknown as Measured;
          const clock = td.querySelector('.clock')!;
          const code = td.querySelector('.clock-code')!;
          const cellBox = td.getBoundingClientRect();
          const inside = (el: Measured) => {
            const box = el.getBoundingClientRect();
            return box.left >= cellBox.left - 0.5 && box.right <= cellBox.right + 0.5;
          };
          return {
            text: td.textContent,
            clockFits: clock.scrollWidth <= clock.clientWidth,
            clockInside: inside(clock),
            codeInside: inside(code),
            cellFits: td.scrollWidth <= td.clientWidth,
          };
        });
        expect({ width, ...fit }).toEqual({
          width,
          text: fit.text,
          clockFits: true,
          clockInside: true,
          codeInside: true,
          cellFits: true,
        });
      }
      // The state reads without colour.
      await expectText(page.locator(`tr[data-ticket="${risky.number}"] td.clock-cell`), 'a rischio');
      await expectText(page.locator(`tr[data-ticket="${old.number}"] td.clock-cell`), 'violato da 3');
      await expectNoPlaceholders(page);
      await saveScreenshot(page, `workspace-queue-${width}`);
    }

    // The ticket page: the amber countdown whole, the late clock says by how much.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/tickets/${risky.id}`);
    const riskClock = page.locator('.clocks .clock[data-tone="risk"]').first();
    await expectText(riskClock, '(a rischio)');
    expect(
      await riskClock.evaluate(
        (el) => (el as unknown as Measured).scrollWidth <= (el as unknown as Measured).clientWidth,
      ),
    ).toBe(true);
    await expectNoPlaceholders(page);
    await saveScreenshot(page, 'workspace-ticket-at-risk');
    await page.goto(`${base}/tickets/${late.id}`);
    const clocks = page.locator('ul.clocks');
    await expectText(clocks, /violato: in ritardo di \d+g \d+h/);
    await expectNoPlaceholders(page);
    await page.getByRole('button', { name: 'Passa all’inglese' }).click();
    await expectText(clocks, /breached: \d+d \d+h late/);
    await expectNoPlaceholders(page);

    expect(watch.dialogs).toEqual([]);
    expect(realErrors(watch.errors)).toEqual([]);
    await context.close();
  }, 180_000);

  it('an admin publishes an SLA policy version from the UI; role changes and deactivations are confirmed, the last admin kept', async () => {
    if (!browser) return;
    const dario = await createUser(t.dataSource, 'agent', 'Dario Temporaneo');
    const { context, page, watch } = await signIn(admin.email);
    await page.getByRole('link', { name: 'Amministrazione' }).click();

    // A new version of the active policy, published from its JSON.
    await page.getByRole('link', { name: 'Politiche SLA' }).click();
    const active = page.locator('ul.docs li').filter({ hasText: 'attiva' }).first();
    const before = (await active.textContent())!;
    const version = Number(/ v(\d+) /.exec(before)![1]);
    await active.getByRole('button', { name: 'Pubblica nuova versione' }).click();
    const editor = page.getByRole('form', { name: 'Definizione (JSON)' });
    const json = editor.getByRole('textbox');
    const definition = JSON.parse(await json.inputValue());
    await json.fill('{ "code": ');
    await editor.getByRole('button', { name: 'Pubblica nuova versione' }).click();
    await expectText(editor.getByRole('alert'), 'JSON non valido');
    await json.fill(JSON.stringify({ ...definition, name: `${definition.name} (rivista)` }, null, 2));
    await editor.getByRole('button', { name: 'Pubblica nuova versione' }).click();
    await editor.waitFor({ state: 'detached' });
    await expectText(page.locator('ul.docs'), `v${version + 1} ${definition.name} (rivista)`);
    const policies = await request(t.http).get('/api/sla/policies').set(authHeaders(admin)).expect(200);
    expect(
      policies.body.find((p: { code: string; active: boolean }) => p.code === definition.code && p.active),
    ).toMatchObject({ version: version + 1 });

    // Users: every role change and deactivation asks first; cancelling sends nothing.
    await page.getByRole('link', { name: 'Utenti e ruoli' }).click();
    await page.getByLabel(`Ruolo: ${admin.name}`).selectOption('supervisor');
    const confirm = page.getByRole('alertdialog', { name: 'Conferma la modifica' });
    await expectText(confirm, `Cambiare il ruolo di ${admin.name} da Amministratore a Supervisore?`);
    await confirm.getByRole('button', { name: 'Annulla' }).click();
    await confirm.waitFor({ state: 'detached' });
    const role = async (id: string) =>
      (await t.dataSource.query(`SELECT role, active FROM app_user WHERE id = $1`, [id]))[0];
    expect(await role(admin.id)).toEqual({ role: 'admin', active: true });

    // The only admin cannot step down: the server refuses, the page says why.
    await page.getByLabel(`Attivo: ${admin.name}`).click(); // asks first: stays checked meanwhile
    await expectText(confirm, `Disattivare ${admin.name}?`);
    await confirm.getByRole('button', { name: 'Conferma' }).click();
    await expectText(page.getByRole('alert'), 'È l’ultimo amministratore attivo');
    expect(await role(admin.id)).toEqual({ role: 'admin', active: true });
    await expect(page.getByLabel(`Attivo: ${admin.name}`).isChecked()).resolves.toBe(true);

    // Deactivating an agent, confirmed, goes through.
    await page.getByLabel(`Attivo: ${dario.name}`).click(); // asks first: stays checked meanwhile
    await confirm.getByRole('button', { name: 'Conferma' }).click();
    await eventuallyTrue(async () => (await role(dario.id)).active === false);
    await page.getByLabel(`Attivo: ${dario.name}`).click();
    await eventuallyTrue(async () => (await role(dario.id)).active === true);
    await expectNoPlaceholders(page);

    expect(watch.dialogs).toEqual([]);
    expect(realErrors(watch.errors)).toEqual([
      expect.stringMatching(/409 \(Conflict\).*\/api\/admin\/users\//),
    ]);
    await context.close();
  }, 120_000);
  it('a call registered here opens without a false "changed by another user"; blank texts are refused; a 409 keeps the form and throws nothing', async () => {
    if (!browser) return;
    const { context, page, watch } = await signIn(f.agent.email);
    await page.keyboard.press('c');
    const intake = page.getByRole('dialog', { name: 'Nuova telefonata' });
    await intake.getByLabel('Nome e cognome').fill('Elena Sarti');
    await intake.getByLabel('Telefono del chiamante').fill('055 765432');
    await intake.getByLabel('Oggetto').fill('Scanner della biblioteca non acquisisce');
    await intake.getByRole('button', { name: 'Registra' }).click();
    await page.getByRole('heading', { name: /Scanner della biblioteca/ }).waitFor();
    await expectText(page.getByTestId('ticket-status'), 'Aperto');
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const ticket = (await request(t.http).get(`/api/tickets/${id}`).set(authHeaders(f.agent))).body;

    // A later change elsewhere reaches this page through the live stream: by then the stream has
    // also reported the registration and the taking charge, which this page made itself.
    await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.otherAgent))
      .send({
        channel: 'phone',
        subject: 'Secondo problema della biblioteca',
        requesterId: ticket.requester.id,
      })
      .expect(201);
    await expectText(page.locator('ul.others'), 'Secondo problema della biblioteca');
    expect(await page.getByText('Il ticket è stato modificato da un altro utente.').count()).toBe(0);

    // Only spaces: refused before sending, the form stays open.
    await page.getByRole('button', { name: /^Rispondi/ }).click();
    const composer = page.getByRole('form', { name: 'Rispondi' });
    await composer.getByLabel('Testo').fill('   \n  ');
    await composer.getByRole('button', { name: 'Invia' }).click();
    await expectText(page.getByRole('alert'), 'Il testo è vuoto');
    await composer.getByRole('button', { name: 'Annulla' }).click();
    await page.getByRole('button', { name: /^Risolvi/ }).click();
    const resolve = page.getByRole('form', { name: 'Risolvi' });
    await resolve.getByLabel('Soluzione').fill('    ');
    await resolve.getByRole('button', { name: 'Risolvi' }).click();
    await expectText(page.getByRole('alert'), 'Il testo è vuoto');
    await resolve.getByRole('button', { name: 'Annulla' }).click();
    await page.getByRole('button', { name: /^Nota interna/ }).click();
    const note = page.getByRole('form', { name: 'Nota interna' });
    await note.getByLabel('Nota interna').fill(' \t ');
    await note.getByRole('button', { name: 'Salva' }).click();
    await expectText(page.getByRole('alert'), 'Il testo è vuoto');
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM ticket_event WHERE ticket_id = $1 AND type IN ('message', 'note', 'status_changed') AND actor_id = $2 AND body IS NOT NULL AND btrim(body) = ''`,
      [id, f.agent.id],
    );
    expect(count).toBe(0);
    expect(await page.getByTestId('ticket-status').textContent()).toBe('Aperto');

    // A colleague changes the ticket meanwhile: the 409 is said, the note kept, nothing thrown.
    // The colleague's note goes in while this one is on its way, after the page sent its version:
    // done before the click, the live stream may refresh the page first and nothing would conflict.
    await note.getByLabel('Nota interna').fill('Controllato il cavo di rete.');
    await page.route(`**/api/tickets/${id}/notes`, async (route) => {
      await request(t.http)
        .post(`/api/tickets/${id}/notes`)
        .set(authHeaders(f.otherAgent))
        .send({ body: 'Passo io in biblioteca alle 15.' })
        .expect((r) => expect(r.status).toBeLessThan(300));
      await route.continue();
    });
    await note.getByRole('button', { name: 'Salva' }).click();
    await page.getByText('Un altro utente ha modificato il ticket: ricaricato, riprova.').waitFor();
    await page.unroute(`**/api/tickets/${id}/notes`);
    expect(await note.getByLabel('Nota interna').inputValue()).toBe('Controllato il cavo di rete.');
    await page.getByText('Passo io in biblioteca alle 15.').waitFor();
    await note.getByRole('button', { name: 'Salva' }).click();
    await note.waitFor({ state: 'detached' });
    await page.getByText('Controllato il cavo di rete.').waitFor();
    await expectNoPlaceholders(page);

    expect(watch.dialogs).toEqual([]);
    // The browser logs the 409 this test provoked, and nothing else: no uncaught page error.
    expect(realErrors(watch.errors)).toEqual([expect.stringMatching(/409 \(Conflict\).*\/api\/tickets\//)]);
    await context.close();
  }, 120_000);
  it('keeps drafts per ticket and user across forms, Esc, the queue and a reload, and asks before discarding one', async () => {
    if (!browser) return;
    const ticket = await phoneTicket('Posta certificata non arriva', { takeCharge: true });
    const { context, page, watch } = await signIn(f.agent.email);
    await page.goto(`${base}/tickets/${ticket.id}`);
    await page.getByRole('heading', { name: /Posta certificata non arriva/ }).waitFor();
    const composer = page.getByRole('form', { name: 'Rispondi' });
    const note = page.getByRole('form', { name: 'Nota interna' });

    // An answer typed, then "Nota interna": the answer is kept.
    await page.getByRole('button', { name: /^Rispondi/ }).click();
    await composer.getByLabel('Testo').fill('Gentile utente, la casella è stata ripristinata.');
    await page.getByRole('button', { name: /^Nota interna/ }).click();
    await note.getByLabel('Nota interna').fill('Verificare il contratto PEC');
    // Esc closes the form, keeping the note.
    await page.keyboard.press('Escape');
    await note.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /^Rispondi/ }).click();
    expect(await composer.getByLabel('Testo').inputValue()).toBe(
      'Gentile utente, la casella è stata ripristinata.',
    );

    // Back to the queue and again on the ticket, then a reload: both drafts are there.
    await page.getByRole('link', { name: /Torna alla coda/ }).click();
    await page.getByRole('heading', { name: 'Coda ticket' }).waitFor();
    await page.goBack();
    await page.getByRole('button', { name: /^Rispondi/ }).click();
    expect(await composer.getByLabel('Testo').inputValue()).toBe(
      'Gentile utente, la casella è stata ripristinata.',
    );
    await page.reload();
    await page.getByRole('button', { name: /^Nota interna/ }).click();
    expect(await note.getByLabel('Nota interna').inputValue()).toBe('Verificare il contratto PEC');

    // "Annulla" asks first: keep writing, or discard for good.
    await note.getByRole('button', { name: 'Annulla' }).click();
    const ask = page.getByRole('alertdialog', { name: 'Scartare la bozza?' });
    await ask.getByRole('button', { name: 'Continua a scrivere' }).click();
    expect(await note.getByLabel('Nota interna').inputValue()).toBe('Verificare il contratto PEC');
    await note.getByRole('button', { name: 'Annulla' }).click();
    await ask.getByRole('button', { name: 'Scarta' }).click();
    await note.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /^Nota interna/ }).click();
    expect(await note.getByLabel('Nota interna').inputValue()).toBe('');
    // An empty form closes without a question.
    await note.getByRole('button', { name: 'Annulla' }).click();
    await note.waitFor({ state: 'detached' });

    // Sent: the draft is gone.
    await page.getByRole('button', { name: /^Rispondi/ }).click();
    await composer.getByRole('button', { name: 'Invia' }).click();
    await composer.waitFor({ state: 'detached' });
    await page.getByText('Gentile utente, la casella è stata ripristinata.').waitFor();
    await page.getByRole('button', { name: /^Rispondi/ }).click();
    expect(await composer.getByLabel('Testo').inputValue()).toBe('');
    await composer.getByLabel('Testo').fill('Bozza di Marco');
    await expectNoPlaceholders(page);
    expect(watch.dialogs).toEqual([]);
    expect(realErrors(watch.errors)).toEqual([]);

    // Another agent on the same browser does not get Marco's draft.
    await page.getByRole('button', { name: 'Esci' }).click();
    await page.getByRole('button', { name: 'Entra' }).waitFor();
    await page.getByLabel('E-mail', { exact: true }).fill(f.otherAgent.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Entra' }).click();
    // Back where Marco left: the same ticket, now as Sara.
    await page.getByText(f.otherAgent.name, { exact: true }).waitFor();
    await page.getByRole('button', { name: /^Rispondi/ }).click();
    expect(await composer.getByLabel('Testo').inputValue()).toBe('');
    await context.close();
  }, 120_000);
  it('shows why a ticket waits in its timeline', async () => {
    if (!browser) return;
    const ticket = await phoneTicket('Accesso al gestionale tributi', { takeCharge: true });
    const { context, page, watch } = await signIn(f.agent.email);
    await page.goto(`${base}/tickets/${ticket.id}`);
    await page.getByRole('button', { name: 'Metti in attesa' }).click();
    const wait = page.getByRole('form', { name: 'Metti in attesa' });
    await wait.getByLabel('Motivo dell’attesa').fill('In attesa delle credenziali dal Comune');
    await wait.getByRole('button', { name: 'Metti in attesa' }).click();
    await expectText(page.getByTestId('ticket-status'), 'In attesa');
    const timeline = page.locator('section.timeline');
    await expectText(timeline, 'Motivo: In attesa delle credenziali dal Comune');
    await page.reload();
    await expectText(timeline, 'Stato: Aperto → In attesa');
    await expectText(timeline, 'Motivo: In attesa delle credenziali dal Comune');
    await expectNoPlaceholders(page);
    expect(watch.dialogs).toEqual([]);
    expect(realErrors(watch.errors)).toEqual([]);
    await context.close();
  }, 60_000);
  it('a report drill-down opens in view, its title focused', async () => {
    if (!browser) return;
    for (const subject of ['Protocollo lento', 'Firma remota scaduta']) {
      await phoneTicket(subject, { takeCharge: true });
    }
    const { context, page, watch } = await signIn(f.supervisor.email, { width: 1280, height: 800 });
    await page.getByRole('link', { name: 'Report' }).click();
    await page.getByLabel('Periodo').selectOption('month');
    const month = new Date().toLocaleString('it-IT', { timeZone: 'Europe/Rome', month: 'long' });
    await page.getByLabel('Mese', { exact: true }).selectOption({ label: month });
    const thisMonth = page.getByRole('table', { name: 'Telefono' }).locator('tbody tr').first();
    await thisMonth.getByRole('button').first().click();
    const drill = page.locator('section.drill');
    // Whichever count came first (earlier tests leave tickets too): its list opens.
    await drill.getByRole('link').first().waitFor();
    // In the viewport, not ~1,750 px below it; the keyboard is there too.
    const height = page.viewportSize()!.height;
    const seen = async () => {
      const top = await drill.evaluate((el) => (el as unknown as Measured).getBoundingClientRect().top);
      return top > -1 && top < height; // (sub-pixel scrolling)
    };
    await eventuallyTrue(seen);
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('drill-title');
    await expectNoPlaceholders(page);
    expect(watch.dialogs).toEqual([]);
    expect(realErrors(watch.errors)).toEqual([]);
    await context.close();
  }, 60_000);
});

async function eventuallyTrue(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met within 15 s');
}
