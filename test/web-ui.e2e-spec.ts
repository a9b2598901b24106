import { MailIngestService } from '@app/mail';
import { OutageNoticeWatch } from '@app/outages';
import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createUser,
  expectNoPlaceholders,
  launchBrowser,
  saveScreenshot,
  TestApp,
  watchPage,
} from '@app/testing';
import { createTestWorker } from '@app/testing/test-worker';
import { giveTestPassword, signInThroughPage, startWebApp } from '@app/testing/web-app';
import { SlaSweeperService, UserEntity } from '@app/tickets';
import { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';

/** Hostile HTML in a citizen's mail: every payload would call alert() or set window.__xss. */
const XSS_HTML = [
  '<p>Buongiorno, <b>allego</b> la ricevuta del pagamento.</p>',
  '<script>window.__xss = 1; alert(1)</script>',
  '<img src=x onerror="window.__xss = 2; alert(2)">',
  '<a href="javascript:window.__xss=3;alert(3)" id="js-link">clicca qui</a>',
  '<svg onload="window.__xss = 4; alert(4)"><script>alert(5)</script></svg>',
  '<iframe srcdoc="<script>parent.__xss = 6; alert(6)</script>"></iframe>',
  '<details open ontoggle="window.__xss = 7; alert(7)"><summary>x</summary></details>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss = 9; alert(9)">',
].join('\n');

/**
 * The agents' web UI in a real browser (Debian's Chromium through playwright-core) against the
 * real api on PostgreSQL: what an agent does all day, and what a hostile mail must not do.
 */
describe('web UI in a browser (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let browser: Browser | undefined;
  let base: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ({ t, base } = await startWebApp());
    f = await createBasicFixtures(t.dataSource);
    await giveTestPassword(t.dataSource, [f.agent, f.otherAgent]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(context: BrowserContext, email: string): Promise<Page> {
    const page = await context.newPage();
    await signInThroughPage(page, base, email);
    return page;
  }

  /** Console errors other than the 401 every page gets from /api/auth/me before signing in. */
  const realErrors = (errors: string[]) => errors.filter((e) => !/401 \(Unauthorized\)/.test(e));

  it('an agent registers a phone call, takes charge, answers, resolves, and sees the queue update live', async () => {
    if (!browser) return;
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'it-IT' });
    const page = await signIn(context, f.agent.email);
    const watch = watchPage(page);

    // Phone intake with one key, from the queue.
    await page.keyboard.press('c');
    const intake = page.getByRole('dialog', { name: 'Nuova telefonata' });
    await intake.getByLabel('Nome e cognome').fill('Giovanni Verdi');
    await intake.getByLabel('Telefono del chiamante').fill('+39 055 123456');
    await intake.getByLabel('Ente').selectOption({ label: 'Comune di Pontassieve' });
    await intake.getByLabel('Oggetto').fill('Stampante dell’ufficio anagrafe non stampa');
    await intake.getByLabel('Prendo in carico io').uncheck();
    await intake.getByRole('button', { name: 'Registra' }).click();

    // The new ticket opens: new, then taken in charge.
    await page.getByRole('heading', { name: /Stampante dell’ufficio anagrafe/ }).waitFor();
    const status = page.getByTestId('ticket-status');
    await expectText(status, 'Nuovo');
    await page.getByRole('button', { name: /Prendi in carico/ }).click();
    await expectText(status, 'Aperto');

    // Answer on the phone (the caller left no e-mail).
    await page.getByRole('button', { name: /^Rispondi/ }).click();
    const composer = page.getByRole('form', { name: 'Rispondi' });
    // A ready answer comes filled with the caller's name and the ticket's number.
    await composer.getByLabel('Modello').selectOption({ label: 'Presa in carico' });
    const number = (await page.locator('.ticket-head .number').textContent())!.trim();
    expect(await composer.getByLabel('Testo').inputValue()).toContain(`Gentile Giovanni Verdi,`);
    expect(await composer.getByLabel('Testo').inputValue()).toContain(number);
    await composer.getByLabel('Testo').fill('Riavviato lo spooler di stampa insieme all’utente.');
    await composer.getByRole('button', { name: 'Invia' }).click();
    await page.getByText('Riavviato lo spooler di stampa').waitFor();
    await saveScreenshot(page, 'ticket-page');

    // Resolve.
    await page.getByRole('button', { name: /^Risolvi/ }).click();
    const resolve = page.getByRole('form', { name: 'Risolvi' });
    await resolve.getByLabel('Soluzione').fill('Spooler riavviato, stampa ripristinata.');
    await resolve.getByRole('button', { name: 'Risolvi' }).click();
    await expectText(status, 'Risolto');

    // The api agrees with what the page shows.
    const [row] = await t.dataSource.query(
      `SELECT status, assignee_id, first_answered_at FROM ticket WHERE subject LIKE 'Stampante dell%'`,
    );
    expect(row).toMatchObject({ status: 'resolved', assignee_id: f.agent.id });
    expect(row.first_answered_at).not.toBeNull();

    // Back on the queue, another agent's phone call appears without a reload.
    await page.keyboard.press('u');
    await page.getByRole('heading', { name: 'Coda ticket' }).waitFor();
    const created = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.otherAgent))
      .send({
        channel: 'phone',
        subject: 'Portale SUAP irraggiungibile',
        requester: { name: 'Lucia Neri', phone: '055 987654' },
        enteId: f.otherEnte.id,
      })
      .expect(201);
    const newRow = page.locator(`tr[data-ticket="${created.body.number}"]`);
    await newRow.waitFor({ timeout: 15_000 });
    await expectText(newRow, 'Portale SUAP irraggiungibile');
    await saveScreenshot(page, 'queue');

    expect(watch.dialogs).toEqual([]);
    expect(realErrors(watch.errors)).toEqual([]);
    await expectNoPlaceholders(page);
    await context.close();
  }, 120_000);

  it('counts arrivals in the tab title while the agent is on a ticket', async () => {
    if (!browser) return;
    const context = await browser.newContext({ locale: 'it-IT' });
    const page = await signIn(context, f.otherAgent.email);
    await page.locator('a.ticket-link').first().click();
    await page.getByRole('heading', { name: 'Cronologia' }).waitFor();
    await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        subject: 'Rete lenta in biblioteca',
        requester: { name: 'Ada Bo', phone: '055 111' },
      })
      .expect(201);
    await eventuallyTrue(async () => (await page.title()).startsWith('(1) '));
    // Looking at the queue clears it.
    await page.keyboard.press('u');
    await eventuallyTrue(async () => !(await page.title()).startsWith('('));
    await expectNoPlaceholders(page);
    await context.close();
  }, 60_000);

  it('moves through the queue with j/k and opens with Enter; the UI switches to English', async () => {
    if (!browser) return;
    for (const subject of ['Casella PEC piena', 'Badge presenze non letto', 'Wi-Fi sala consiliare']) {
      await request(t.http)
        .post('/api/tickets')
        .set(authHeaders(f.agent))
        .send({ channel: 'phone', subject, requester: { name: 'Ugo Bassi', phone: '055 222' } })
        .expect(201);
    }
    const context = await browser.newContext({ locale: 'it-IT' });
    const page = await signIn(context, f.agent.email);
    const rows = page.locator('table.queue-table tbody tr');
    await rows.nth(2).waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const second = await rows.nth(1).getAttribute('data-ticket');
    expect(await rows.nth(1).getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: new RegExp(second!) }).waitFor();
    await page.getByRole('button', { name: 'Passa all’inglese' }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await expectNoPlaceholders(page);
    await context.close();
  }, 60_000);

  it('warns an agent when a colleague has the same ticket open and is writing to the citizen', async () => {
    if (!browser) return;
    const res = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        subject: 'Scanner protocollo offline',
        requester: { name: 'Elio Pace', phone: '055 444' },
      })
      .expect(201);
    const first = await signIn(await browser.newContext({ locale: 'it-IT' }), f.agent.email);
    const second = await signIn(await browser.newContext({ locale: 'it-IT' }), f.otherAgent.email);
    await first.goto(`${base}/tickets/${res.body.id}`);
    await second.goto(`${base}/tickets/${res.body.id}`);
    await first.getByRole('heading', { name: /Scanner protocollo offline/ }).waitFor();
    // Sara opens the composer; Marco's page says so at its next heartbeat.
    await second.getByRole('button', { name: /^Rispondi/ }).click();
    await second.getByRole('form', { name: 'Rispondi' }).getByLabel('Testo').click();
    await first.getByText(`${f.otherAgent.name} sta scrivendo una risposta`).waitFor({ timeout: 25_000 });
    // Sara takes charge: Marco's page shows the change without a reload.
    await second.getByRole('button', { name: 'Annulla' }).click();
    await second.getByRole('button', { name: /Prendi in carico/ }).click();
    await first.getByText('Il ticket è stato modificato da un altro utente.').waitFor({ timeout: 15_000 });
    await expectText(first.getByTestId('ticket-status'), 'Aperto');
    await expectNoPlaceholders(first);
    await expectNoPlaceholders(second);
    await first.context().close();
    await second.context().close();
  }, 90_000);

  it('rings the bell for a breached clock; the notification opens its ticket and can be marked read', async () => {
    if (!browser) return;
    const res = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        subject: 'Server anagrafe irraggiungibile',
        requester: { name: 'Rita Neri', phone: '055 555' },
        receivedAt: '2025-11-14T09:00:00+01:00',
      })
      .expect(201);
    await request(t.http)
      .post(`/api/tickets/${res.body.id}/assign`)
      .set(authHeaders(f.agent))
      .send({ assigneeId: f.agent.id })
      .expect(200);
    // The worker's sweeper, wired as in production, on the same database.
    const worker = await createTestWorker(t.config);
    try {
      expect((await worker.get(SlaSweeperService).sweep()).breached).toBeGreaterThan(0);
    } finally {
      await worker.close();
    }

    const page = await signIn(await browser.newContext({ locale: 'it-IT' }), f.agent.email);
    const bell = page.getByRole('button', { name: /^Notifiche:/ });
    await eventuallyTrue(async () => !/: 0 da leggere/.test((await bell.getAttribute('aria-label')) ?? ''));
    await bell.click();
    const panel = page.getByRole('region', { name: 'Notifiche' });
    await panel.getByRole('button', { name: /SLA\.6 violato.*Server anagrafe irraggiungibile/ }).click();
    await page.getByRole('heading', { name: /Server anagrafe irraggiungibile/ }).waitFor();
    await saveScreenshot(page, 'notifications-ticket');

    await bell.click();
    await panel.getByRole('button', { name: 'Segna tutte come lette' }).click();
    await eventuallyTrue(async () => /: 0 da leggere/.test((await bell.getAttribute('aria-label')) ?? ''));
    const mine = await request(t.http).get('/api/notifications').set(authHeaders(f.agent)).expect(200);
    const forTicket = mine.body.filter((n: { ticketId: string }) => n.ticketId === res.body.id);
    expect(forTicket.length).toBeGreaterThan(0);
    expect(forTicket.every((n: { readAt: string | null }) => n.readAt !== null)).toBe(true);
    await expectNoPlaceholders(page);
    await page.context().close();
  }, 90_000);

  it('an agent opens an outage, starts the intervention, notifies the entes in time; the status page shows it', async () => {
    if (!browser) return;
    // Last night's planned maintenance, ended: the list's "recent" part.
    const yesterday = (hour: number) => new Date(Date.now() - 86_400_000 + hour * 3_600_000).toISOString();
    await request(t.http)
      .post('/api/outages')
      .set(authHeaders(f.otherAgent))
      .send({
        title: 'Aggiornamento del protocollo informatico',
        services: ['Protocollo informatico'],
        enteIds: [f.otherEnte.id],
        startedAt: yesterday(0),
        interventionStartedAt: yesterday(0),
        endedAt: yesterday(2),
        planned: true,
        publicMessage: 'Manutenzione programmata.',
      })
      .expect(201);

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'it-IT' });
    const page = await signIn(context, f.agent.email);
    const watch = watchPage(page);
    await page.getByRole('link', { name: 'Disservizi', exact: true }).click();
    await page.getByRole('heading', { name: 'Disservizi', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Nuovo disservizio' }).click();
    const form = page.getByRole('form', { name: 'Nuovo disservizio' });
    await form.getByLabel('Titolo').fill('Portale dei servizi non raggiungibile');
    await form.getByLabel(/^Servizi coinvolti/).fill('Portale dei servizi\nPagamenti online, SUAP');
    await form.getByLabel('Comune di Pontassieve').check();
    await form.getByLabel(/^Messaggio pubblico/).fill('Il portale non risponde: stiamo intervenendo.');
    await saveScreenshot(page, 'outage-new');
    await form.getByRole('button', { name: 'Apri disservizio' }).click();

    // The new outage's page: SLA.9 waits for the intervention to start.
    await page.getByRole('heading', { name: 'Portale dei servizi non raggiungibile' }).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const sla9 = page.locator('.outage-side [data-clock="SLA.9"]');
    await expectText(sla9, 'in attesa dell’inizio intervento');
    await page.getByRole('button', { name: 'Inizio intervento ora' }).click();
    await expectText(sla9, 'in corso');

    // Running, due 30 minutes after the intervention's start, shown in Rome time.
    const res = await request(t.http).get(`/api/outages/${id}`).set(authHeaders(f.agent)).expect(200);
    expect(res.body).toMatchObject({
      services: ['Portale dei servizi', 'Pagamenti online', 'SUAP'],
      entes: [{ id: f.ente.id }],
      planned: false,
      publicMessage: 'Il portale non risponde: stiamo intervenendo.',
    });
    const due = new Date(Date.parse(res.body.interventionStartedAt) + 30 * 60_000);
    expect(res.body.clocks[0]).toMatchObject({ code: 'SLA.9', state: 'running', dueAt: due.toISOString() });
    const dueText = new Intl.DateTimeFormat('it-IT', {
      timeZone: 'Europe/Rome',
      dateStyle: 'short',
      timeStyle: 'short',
    }).format(due);
    await expectText(sla9, `scadenza ${dueText}`);
    expect(await sla9.getByRole('timer').textContent()).toMatch(/^tra (29|30)m \d\ds$/);
    await saveScreenshot(page, 'outage-running');

    // A notice to the entes that reaches nobody (no address on file) is published but not
    // delivered: SLA.9 keeps running and says so (issue 16.10).
    await page.getByRole('button', { name: 'Invia avviso agli enti (SLA.9)' }).click();
    const notice = page.getByRole('form', { name: 'Avviso agli enti (SLA.9)' });
    await notice.getByLabel(/^Testo da aggiungere/).fill('Stiamo intervenendo.');
    await notice.getByRole('button', { name: 'Invia' }).click();
    await expectText(sla9, 'avviso non recapitato');
    await expectText(sla9, 'in corso');
    // With the ente's notice address on file, the next notice reaches it and stops SLA.9 in time.
    const admin = await createUser(t.dataSource, 'admin', 'Ada Amministratrice');
    await request(t.http)
      .put(`/api/outages/recipients/${f.ente.id}`)
      .set(authHeaders(admin))
      .send({ emails: ['protocollo@pontassieve.example.it'] })
      .expect(200);
    await page.getByRole('button', { name: 'Invia avviso agli enti (SLA.9)' }).click();
    await notice.getByLabel(/^Testo da aggiungere/).fill('Ripristino previsto in mattinata.');
    await notice.getByRole('button', { name: 'Invia' }).click();
    await expectText(sla9, 'rispettato');
    const notices = page.locator('ul.notices');
    await expectText(notices, 'Avviso agli enti (SLA.9)');
    await expectText(notices, 'Ripristino previsto in mattinata.');
    await expectText(notices, 'pubblicato');
    await expectText(notices, `da ${f.agent.name}`);
    await saveScreenshot(page, 'outage-page');

    // The list: this one open with SLA.9 met, last night's below it.
    await page.getByRole('link', { name: /Torna ai disservizi/ }).click();
    const row = page.locator(`tr[data-outage="${id}"]`);
    await expectText(row.locator('[data-clock="SLA.9"]'), 'rispettato');
    await expectText(page.locator('table[aria-labelledby="outages-recent"]'), 'Aggiornamento del protocollo');
    await saveScreenshot(page, 'outages');

    // Anyone, signed in or not, reads it on the public status page.
    const visitor = await browser.newContext({ locale: 'it-IT' });
    const status = await visitor.newPage();
    await status.goto(`${base}/status`);
    await expectText(status.locator('body'), 'Portale dei servizi non raggiungibile');
    await expectText(status.locator('body'), 'Ripristino previsto in mattinata.');
    await expectNoPlaceholders(status);
    await visitor.close();

    // Editing the outage: the cause, kept internal.
    await page.getByRole('link', { name: 'Portale dei servizi non raggiungibile' }).click();
    await page.getByRole('button', { name: 'Modifica dati' }).click();
    const edit = page.getByRole('form', { name: 'Modifica dati' });
    await edit.getByLabel(/^Causa/).fill('Disco pieno sul server del portale');
    await edit.getByRole('button', { name: 'Salva' }).click();
    await edit.waitFor({ state: 'detached' });
    await expectText(page.locator('dl.facts'), 'Disco pieno sul server del portale');

    // A colleague changes it meanwhile: ending it from the stale page is a 409, the page reloads.
    const current = await request(t.http).get(`/api/outages/${id}`).set(authHeaders(f.agent)).expect(200);
    await request(t.http)
      .patch(`/api/outages/${id}`)
      .set(authHeaders(f.otherAgent))
      .send({ version: current.body.version, publicMessage: 'Il portale è di nuovo raggiungibile.' })
      .expect(200);
    await page.getByRole('button', { name: 'Termina disservizio' }).click();
    await page.getByText('Un altro utente ha modificato il disservizio: ricaricato, riprova.').waitFor();
    await expectText(page.locator('dl.facts'), 'Il portale è di nuovo raggiungibile.');
    await page.getByRole('button', { name: 'Termina disservizio' }).click();
    await expectText(page.getByTestId('outage-status'), 'Terminato');
    const ended = await request(t.http).get(`/api/outages/${id}`).set(authHeaders(f.agent)).expect(200);
    expect(ended.body).toMatchObject({ status: 'ended', cause: 'Disco pieno sul server del portale' });

    expect(watch.dialogs).toEqual([]);
    // The browser logs the 409 this test provoked, and nothing else.
    expect(realErrors(watch.errors)).toEqual([expect.stringMatching(/409 \(Conflict\).*\/api\/outages\//)]);
    await expectNoPlaceholders(page);
    await context.close();
  }, 90_000);

  it('rings the bell when an outage notice is due soon; the notification opens the outage', async () => {
    if (!browser) return;
    const now = Date.now();
    const opened = await request(t.http)
      .post('/api/outages')
      .set(authHeaders(f.otherAgent))
      .send({
        title: 'Posta elettronica dei comuni ferma',
        services: ['Posta elettronica'],
        enteIds: [f.ente.id],
        startedAt: new Date(now - 30 * 60_000).toISOString(),
        interventionStartedAt: new Date(now - 25 * 60_000).toISOString(),
      })
      .expect(201);
    // The worker's watch, as it runs every 30 s: SLA.9 is due in 5 minutes.
    const worker = await createTestWorker(t.config);
    try {
      expect(await worker.get(OutageNoticeWatch).run()).toBeGreaterThan(0);
    } finally {
      await worker.close();
    }
    const page = await signIn(await browser.newContext({ locale: 'it-IT' }), f.otherAgent.email);
    await page.getByRole('button', { name: /^Notifiche:/ }).click();
    await page
      .getByRole('region', { name: 'Notifiche' })
      .getByRole('button', {
        name: /SLA\.9: avviso del disservizio «Posta elettronica dei comuni ferma» da inviare entro le/,
      })
      .click();
    await page.getByRole('heading', { name: 'Posta elettronica dei comuni ferma' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/outages/${opened.body.id}`);
    await expectNoPlaceholders(page);
    await page.context().close();
  }, 90_000);

  it('shows a hostile HTML mail without running any of its scripts', async () => {
    if (!browser) return;
    const result = await t.app
      .get(MailIngestService)
      .ingest(
        Buffer.from(
          [
            'From: Eva Rossi <eva.rossi@example.org>',
            'To: assistenza@cst.example',
            'Subject: Ricevuta pagamento TARI',
            'Message-ID: <xss-browser-1@example.org>',
            'MIME-Version: 1.0',
            'Content-Type: text/html; charset=utf-8',
            '',
            XSS_HTML,
          ].join('\r\n'),
        ),
      );
    expect(result.outcome).toBe('ticket_created');
    const context = await browser.newContext({ locale: 'it-IT' });
    const page = await signIn(context, f.agent.email);
    const watch = watchPage(page);
    await page.goto(`${base}/tickets/${result.ticketId}`);
    await page.getByText('la ricevuta del pagamento').waitFor();
    // Give every handler its chance: images fail to load, details toggle, links are clicked.
    await page.waitForTimeout(1_000);
    const link = page.locator('#js-link, .mail-html a:has-text("clicca qui")').first();
    if (await link.count()) await link.click({ noWaitAfter: true }).catch(() => undefined);
    await page.waitForTimeout(500);
    await saveScreenshot(page, 'ticket-hostile-mail');

    expect(watch.dialogs).toEqual([]);
    expect(await page.evaluate('window.__xss ?? null')).toBeNull();
    expect(await page.locator('.mail-html script, .mail-html iframe, .mail-html [onerror]').count()).toBe(0);
    expect(realErrors(watch.errors)).toEqual([]);
    await expectNoPlaceholders(page);
    await context.close();
  }, 60_000);
});

describe('web UI for supervisors and admins (e2e)', () => {
  // In the same file as the agents' tests would share state; these get their own app.
  let t: TestApp;
  let f: BasicFixtures;
  let browser: Browser | undefined;
  let base: string;
  let admin: UserEntity;

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ({ t, base } = await startWebApp());
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Anna Amministratrice');
    await giveTestPassword(t.dataSource, [f.agent, f.supervisor, admin]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(email: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser!.newContext({ viewport: { width: 1300, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    await signInThroughPage(page, base, email);
    return { context, page };
  }

  it('the supervisor dashboard shows the month like the report, and a number opens its tickets', async () => {
    if (!browser) return;
    const numbers: string[] = [];
    for (const [i, subject] of ['Anagrafe lenta', 'PEC non consegnata', 'Timbratore guasto'].entries()) {
      const res = await request(t.http)
        .post('/api/tickets')
        .set(authHeaders(f.agent))
        .send({
          channel: 'phone',
          subject,
          requester: { name: 'Rita Levi', phone: '055 333' },
          takeCharge: true,
        })
        .expect(201);
      numbers.push(res.body.number);
      if (i < 2) {
        await request(t.http)
          .post(`/api/tickets/${res.body.id}/resolve`)
          .set(authHeaders(f.agent))
          .send({ resolution: 'Risolto al telefono' })
          .expect((r) => expect(r.status).toBeLessThan(300));
      }
    }
    const { context, page } = await signIn(f.supervisor.email);
    const watch = watchPage(page);
    await page.getByRole('link', { name: 'Report' }).click();
    await page.getByLabel('Periodo').selectOption('month');
    const month = new Date().toLocaleString('it-IT', { timeZone: 'Europe/Rome', month: 'long' });
    await page.getByLabel('Mese', { exact: true }).selectOption({ label: month });
    const phone = page.getByRole('table', { name: 'Telefono' });
    const total = phone.locator('tr.total');
    await expectText(total, '3');
    // Handled 3, resolved 2, 66.7% as the reports round it.
    expect((await total.locator('td').allTextContents()).map((s) => s.trim())).toEqual([
      '0',
      '1',
      '0',
      '2',
      '3',
      '66,7%',
    ]);
    await expectText(page.locator('.sla-table'), 'SLA.6');
    await saveScreenshot(page, 'reports-dashboard');
    // The "resolved" number of this month lists the two resolved tickets.
    await phone.locator('tbody tr').first().getByRole('button', { name: '2' }).click();
    const drill = page.locator('section.drill');
    await expectText(drill, numbers[0]);
    await expectText(drill, numbers[1]);
    expect(await drill.textContent()).not.toContain(numbers[2]);
    expect(watch.dialogs).toEqual([]);
    expect(watch.errors.filter((e) => !/401/.test(e))).toEqual([]);
    await expectNoPlaceholders(page);
    await context.close();
  }, 90_000);

  it('an admin changes an answer template, a user role and the outage recipients from the admin pages', async () => {
    if (!browser) return;
    const { context, page } = await signIn(admin.email);
    await page.getByRole('link', { name: 'Amministrazione' }).click();
    await page.getByRole('link', { name: 'Modelli di risposta' }).click();
    const row = page
      .locator('tr')
      .filter({ has: page.locator('td', { hasText: /^acknowledgement$/ }) })
      .filter({ has: page.locator('td', { hasText: /^it$/ }) });
    await row.getByRole('button', { name: 'Modifica dati' }).click();
    const form = page.getByRole('form', { name: 'acknowledgement it' });
    await form.getByLabel('Oggetto', { exact: true }).fill('Abbiamo ricevuto la sua segnalazione {{number}}');
    await form.getByRole('button', { name: 'Salva' }).click();
    await page.getByText('Abbiamo ricevuto la sua segnalazione {{number}}').waitFor();
    const templates = await request(t.http).get('/api/mail/templates').set(authHeaders(admin)).expect(200);
    expect(
      templates.body.find(
        (x: { code: string; language: string }) => x.code === 'acknowledgement' && x.language === 'it',
      ),
    ).toMatchObject({ custom: true, subject: 'Abbiamo ricevuto la sua segnalazione {{number}}' });

    await page.getByRole('link', { name: 'Utenti e ruoli' }).click();
    await page.getByLabel(`Ruolo: ${f.agent.name}`).selectOption('supervisor');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Conferma' }).click();
    await eventuallyTrue(async () => {
      const [u] = await t.dataSource.query(`SELECT role FROM app_user WHERE id = $1`, [f.agent.id]);
      return u.role === 'supervisor';
    });

    // Where outage news goes: the quarterly report's extra recipients and an ente's notice address.
    await page.getByRole('link', { name: 'Destinatari disservizi' }).click();
    const reportForm = page.getByRole('form', { name: 'Report interruzioni (SLA.11)' });
    await reportForm
      .getByLabel('Indirizzi aggiunti (uno per riga)')
      .fill('segreteria@consorzio.example.it\n');
    await reportForm.getByRole('button', { name: 'Salva' }).click();
    await eventuallyTrue(async () => {
      const res = await request(t.http).get('/api/outages/report-recipients').set(authHeaders(admin));
      return JSON.stringify(res.body.added) === JSON.stringify(['segreteria@consorzio.example.it']);
    });
    const [ente] = (await request(t.http).get('/api/outages/recipients').set(authHeaders(admin)).expect(200))
      .body as { enteId: string; name: string }[];
    await page.getByRole('button', { name: `Modifica dati ${ente.name}` }).click();
    const enteForm = page.getByRole('form', { name: ente.name });
    await enteForm.getByLabel('Indirizzi e-mail').fill('protocollo@comune.example.it, urp@comune.example.it');
    await enteForm.getByRole('button', { name: 'Salva' }).click();
    await page.getByRole('cell', { name: 'protocollo@comune.example.it, urp@comune.example.it' }).waitFor();
    await expectNoPlaceholders(page);
    await context.close();
  }, 90_000);

  it("an admin sees a user's sign-in refused from an address and unlocks it, audited", async () => {
    if (!browser) return;
    const refused = await createUser(t.dataSource, 'agent', 'Bruno Bersagliato');
    // A stranger's eleven guesses from one address (LOGIN_LOCK_AFTER is 10).
    await t.dataSource.query(
      `INSERT INTO login_throttle (email, ip, window_start, attempts) VALUES (lower($1), '203.0.113.9', now(), 11)`,
      [refused.email],
    );
    const { context, page } = await signIn(admin.email);
    await page.getByRole('link', { name: 'Amministrazione' }).click();
    await page.getByRole('link', { name: 'Utenti e ruoli' }).click();
    const row = page.locator('tr').filter({ hasText: 'Bruno Bersagliato' });
    await row.getByText(/respinti fino a/).waitFor();
    await row.getByRole('button', { name: 'Sblocca: Bruno Bersagliato' }).click();
    await eventuallyTrue(async () => {
      const [left] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM login_throttle WHERE email = lower($1)`,
        [refused.email],
      );
      return left.n === 0;
    });
    await row.getByRole('button', { name: 'Sblocca: Bruno Bersagliato' }).waitFor({ state: 'detached' });
    const [audit] = await t.dataSource.query(
      `SELECT actor_id AS "actorId" FROM audit_log WHERE action = 'user_unlocked' AND target_id = $1`,
      [refused.id],
    );
    expect(audit).toEqual({ actorId: admin.id });
    await context.close();
  }, 60_000);

  it("an admin raises one module's log level from the admin pages and sets it back, audited", async () => {
    if (!browser) return;
    const { context, page } = await signIn(admin.email);
    await page.getByRole('link', { name: 'Amministrazione' }).click();
    await page.getByRole('link', { name: 'Livelli di log' }).click();
    const form = page.getByRole('form', { name: 'Cambia il livello di un modulo' });
    await form.getByLabel('Modulo').fill('MailIngest');
    await form.getByLabel('Livello').selectOption('verbose');
    await form.getByRole('button', { name: 'Applica' }).click();
    const row = page.locator('tr').filter({ has: page.locator('td', { hasText: /^MailIngest$/ }) });
    await row.getByText('verbose').waitFor();
    const levels = await request(t.http).get('/api/admin/log-levels').set(authHeaders(admin)).expect(200);
    expect(levels.body.modules).toMatchObject({ MailIngest: 'verbose' });
    await expectNoPlaceholders(page);
    await row.getByRole('button', { name: 'Riporta MailIngest al livello predefinito' }).click();
    await row.waitFor({ state: 'detached' });
    const after = await request(t.http).get('/api/admin/log-levels').set(authHeaders(admin)).expect(200);
    expect(after.body.modules.MailIngest).toBeUndefined();
    const audit = await t.dataSource.query(
      `SELECT details->>'context' AS context FROM audit_log WHERE action = 'log_level_changed' AND actor_id = $1`,
      [admin.id],
    );
    expect(audit).toEqual([{ context: 'MailIngest' }, { context: 'MailIngest' }]);
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

async function expectText(locator: import('playwright-core').Locator, text: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let seen = '';
  while (Date.now() < deadline) {
    seen = (await locator.textContent()) ?? '';
    if (seen.includes(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected "${text}", saw "${seen}"`);
}
