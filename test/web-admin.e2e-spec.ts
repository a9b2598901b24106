import { createHash } from 'node:crypto';

import {
  BasicFixtures,
  createBasicFixtures,
  createUser,
  expectAccessible,
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

/**
 * What the api had and the UI lacked (issue 16.16, 16.17, 16.19), in Debian's Chromium against
 * the real api: changing your own password, an admin's password reset, unlock and a referent's
 * entes; the mail quarantine, the sender-domain map, the audit log and API tokens; the history
 * import's columns, template and errors. Italian first, no raw placeholder, no English text.
 */
describe('web UI administration (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let browser: Browser | undefined;
  let base: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ({ t, base } = await startWebApp({ LOGIN_LOCK_AFTER: '3' }));
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
  ): Promise<{ context: BrowserContext; page: Page; watch: ReturnType<typeof watchPage> }> {
    const context = await browser!.newContext({ viewport: { width: 1440, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    const watch = watchPage(page);
    await signInThroughPage(page, base, email);
    return { context, page, watch };
  }
  const realErrors = (errors: string[]) =>
    errors.filter(
      (e) => !/401 \(Unauthorized\)|400 \(Bad Request\)|404 \(Not Found\)|413 \(Payload Too Large\)/.test(e),
    );
  const login = (email: string, password: string) =>
    request(t.http).post('/api/auth/login').send({ email, password });

  it('16: every local user changes their own password from the header, the rules said in Italian', async () => {
    if (!browser) return;
    const { context, page, watch } = await signIn(f.otherAgent.email);
    await page.getByRole('button', { name: 'Cambia password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cambia la tua password' });
    await dialog.waitFor();
    // Focus starts in the dialog, on the current password.
    expect(await page.evaluate('document.activeElement && document.activeElement.autocomplete')).toBe(
      'current-password',
    );
    const current = dialog.getByLabel('Password attuale');
    const next = dialog.getByLabel('Nuova password', { exact: true });
    const again = dialog.getByLabel('Ripeti la nuova password');

    await current.fill('non-la-mia-password');
    await next.fill('cavallo-batteria-graffetta-9');
    await again.fill('cavallo-batteria-graffetta-9');
    await dialog.getByRole('button', { name: 'Cambia password' }).click();
    await expectText(dialog.getByRole('alert'), 'la password attuale non è corretta');
    expect(await current.getAttribute('aria-invalid')).toBe('true');

    await current.fill(TEST_PASSWORD);
    await next.fill('breve');
    await again.fill('breve');
    await dialog.getByRole('button', { name: 'Cambia password' }).click();
    await expectText(dialog.getByRole('alert'), 'Nuova password: almeno 12 caratteri');

    await next.fill('password1234');
    await again.fill('password1234');
    await dialog.getByRole('button', { name: 'Cambia password' }).click();
    await expectText(dialog.getByRole('alert'), 'password troppo comune o facile da indovinare');

    await next.fill('cavallo-batteria-graffetta-9');
    await again.fill('cavallo-batteria-graffetta-8');
    await dialog.getByRole('button', { name: 'Cambia password' }).click();
    await expectText(dialog.getByRole('alert'), 'Le due password non coincidono');

    await again.fill('cavallo-batteria-graffetta-9');
    await expectNoPlaceholders(page);
    await expectAccessible(page, 'own password dialog');
    expect(await dialog.textContent()).not.toMatch(/must|wrong|at least|too common/);
    await dialog.getByRole('button', { name: 'Cambia password' }).click();
    await expectText(dialog.getByRole('status'), 'Password cambiata');
    await dialog.getByRole('button', { name: 'Chiudi' }).click();
    await saveScreenshot(page, 'admin-own-password');
    expect((await login(f.otherAgent.email, 'cavallo-batteria-graffetta-9')).status).toBe(200);
    expect((await login(f.otherAgent.email, TEST_PASSWORD)).status).toBe(401);
    expect(realErrors(watch.errors)).toEqual([]);
    await context.close();
  });

  it('16: an admin resets a password, unlocks a user and chooses a referent’s entes', async () => {
    if (!browser) return;
    const locked = await createUser(t.dataSource, 'agent', 'Bloccato Bruno');
    await giveTestPassword(t.dataSource, [locked]);
    for (let i = 0; i < 3; i++) await login(locked.email, 'tentativo-sbagliato');
    expect((await login(locked.email, TEST_PASSWORD)).status).toBe(429);

    const { context, page, watch } = await signIn(admin.email);
    await page.goto(`${base}/admin/users`);
    const unlock = page.getByRole('button', { name: 'Sblocca: Bloccato Bruno' });
    await unlock.click();
    await expectText(page.getByRole('status').filter({ hasText: 'sbloccato' }), 'Accesso sbloccato');
    expect((await login(locked.email, TEST_PASSWORD)).status).toBe(200);

    // The password reset: the rules refused in Italian, then saved.
    await page.getByRole('button', { name: 'Reimposta password: Bloccato Bruno' }).click();
    const reset = page.getByRole('form', { name: 'Nuova password per Bloccato Bruno' });
    await reset.getByLabel('Nuova password', { exact: true }).fill('aaaaaaaaaaaaaaaa');
    await reset.getByLabel('Ripeti la nuova password').fill('aaaaaaaaaaaaaaaa');
    await reset.getByRole('button', { name: 'Reimposta e chiudi le sue sessioni' }).click();
    await expectText(reset.getByRole('alert'), 'troppi caratteri o sequenze ripetuti');
    await reset.getByLabel('Nuova password', { exact: true }).fill('lampione-giraffa-tramonto-7');
    await reset.getByLabel('Ripeti la nuova password').fill('lampione-giraffa-tramonto-7');
    await reset.getByRole('button', { name: 'Reimposta e chiudi le sue sessioni' }).click();
    await expectText(reset.getByRole('status'), 'Password di Bloccato Bruno reimpostata');
    expect((await login(locked.email, 'lampione-giraffa-tramonto-7')).status).toBe(200);
    await reset.getByRole('button', { name: 'Chiudi' }).click();

    // A new referent with an ente, then a second ente chosen on the users page.
    const create = page.getByRole('form', { name: 'Crea' });
    await create.getByLabel('Nome').fill('Referente Rita');
    await create.getByLabel('E-mail').fill('rita.referente@test.example');
    await create.getByLabel('Ruolo').selectOption('ente_referent');
    await create.getByLabel('Password iniziale').fill('ombrello-cometa-basilico-4');
    await create.getByRole('group', { name: 'Enti del referente' }).getByLabel(f.ente.name).check();
    await create.getByRole('button', { name: 'Crea' }).click();
    const row = page.getByRole('row', { name: /Referente Rita/ });
    await expectText(row, f.ente.name);
    await row.getByRole('button', { name: 'Scegli gli enti di Referente Rita' }).click();
    const editor = page.getByRole('form', { name: 'Enti visibili a Referente Rita' });
    await editor.getByLabel(f.otherEnte.name).check();
    await expectText(editor, '2 enti scelti');
    await expectNoPlaceholders(page);
    await expectAccessible(page, 'users page with the entes editor');
    await saveScreenshot(page, 'admin-users-entes');
    await editor.getByRole('button', { name: 'Salva' }).click();
    await expectText(row, f.otherEnte.name);
    const [rita] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM app_user WHERE email = $1`, [
      'rita.referente@test.example',
    ]);
    const entes = await t.dataSource.query<{ ente_id: string }[]>(
      `SELECT ente_id FROM user_ente WHERE user_id = $1 ORDER BY ente_id`,
      [rita.id],
    );
    expect(entes.map((e) => e.ente_id).sort()).toEqual([f.ente.id, f.otherEnte.id].sort());
    expect(realErrors(watch.errors)).toEqual([]);
    await context.close();
  });

  it('17: the quarantine (read, reprocess, discard), the sender domains, API tokens and the audit log', async () => {
    if (!browser) return;
    const quarantined = async (subject: string, body: string) => {
      const raw = Buffer.from(
        [
          'From: Ignoto <ignoto@example.org>',
          'To: assistenza@cst.example',
          `Subject: ${subject}`,
          `Message-ID: <${subject.replace(/\W/g, '')}@example.org>`,
          'MIME-Version: 1.0',
          'Content-Type: multipart/alternative; boundary="b"',
          '',
          '--b',
          'Content-Type: text/plain; charset=utf-8',
          '',
          body,
          '--b',
          'Content-Type: text/html; charset=utf-8',
          '',
          `<p>${body}</p><script>alert("quarantena")</script><img src=x onerror="alert(2)">`,
          '--b--',
          '',
        ].join('\r\n'),
      );
      await t.dataSource.query(
        `INSERT INTO inbound_mail (message_id, dedup_key, raw, raw_sha256, size, from_address, subject, outcome, reason)
         VALUES ($1, $1, $2, $3, $4, 'ignoto@example.org', $5, 'quarantined', 'mittente non valido / invalid sender')`,
        [`<${subject}>`, raw, createHash('sha256').update(raw).digest('hex'), raw.length, subject],
      );
    };
    await quarantined('Fattura sospetta', 'Gentile cliente, apra l’allegato.');
    await quarantined('Richiesta dal comune', 'Buongiorno, non riesco ad accedere.');

    const { context, page, watch } = await signIn(admin.email);
    await page.goto(`${base}/admin`);
    await page.getByRole('link', { name: 'Quarantena posta' }).click();
    await page.getByRole('heading', { name: 'Quarantena della posta' }).waitFor();
    await expectText(page.getByRole('row', { name: /Fattura sospetta/ }), 'mittente non valido');
    expect(await page.getByRole('row', { name: /Fattura sospetta/ }).textContent()).not.toContain(
      'invalid sender',
    );
    await page.getByRole('button', { name: 'Leggi la mail «Fattura sospetta»' }).click();
    const reader = page.getByRole('region', { name: 'Fattura sospetta' });
    await expectText(reader, 'Gentile cliente, apra l’allegato.');
    expect(await reader.locator('script, img').count()).toBe(0);
    await expectNoPlaceholders(page);
    await expectAccessible(page, 'quarantine with a mail open');
    await saveScreenshot(page, 'admin-quarantine');

    await page.getByRole('button', { name: 'Scarta la mail «Fattura sospetta»' }).click();
    const confirm = page.getByRole('alertdialog');
    await expectText(confirm, 'Scartare la mail «Fattura sospetta»');
    await confirm.getByRole('button', { name: 'Scarta' }).click();
    await expectText(page.getByRole('status').first(), 'Mail «Fattura sospetta» scartata');
    await page.getByRole('row', { name: /Fattura sospetta/ }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Rielabora la mail «Richiesta dal comune»' }).click();
    await expectText(page.getByRole('status').first(), 'Mail «Richiesta dal comune» rielaborata');
    const [{ outcome }] = await t.dataSource.query<{ outcome: string }[]>(
      `SELECT outcome FROM inbound_mail WHERE subject = 'Fattura sospetta'`,
    );
    expect(outcome).toBe('discarded');

    // Sender domains: add one, remove it (asked first).
    await page.getByRole('link', { name: 'Domini mittenti' }).click();
    const add = page.getByRole('form', { name: 'Associa un dominio a un ente' });
    await add.getByLabel('Dominio').fill('comune.pontassieve.fi.it');
    await add.getByLabel('Ente').selectOption({ label: f.ente.name });
    await add.getByRole('button', { name: 'Associa' }).click();
    await expectText(page.getByRole('row', { name: /comune\.pontassieve\.fi\.it/ }), f.ente.name);
    await expectAccessible(page, 'sender domains');
    await page.getByRole('button', { name: 'Rimuovi il dominio comune.pontassieve.fi.it' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Rimuovi' }).click();
    await page.getByRole('row', { name: /comune\.pontassieve\.fi\.it/ }).waitFor({ state: 'detached' });

    // API tokens: created with a scope, the secret shown once with a copy button, revoked.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await page.getByRole('link', { name: 'Token API' }).click();
    const form = page.getByRole('form', { name: 'Nuovo token' });
    await form.getByLabel('Nome').fill('Nagios di prova');
    await form.getByRole('button', { name: 'Crea il token' }).click();
    await expectText(form, 'Scegli almeno un ambito');
    await form.getByLabel(/Monitoraggio/).check();
    await form.getByRole('button', { name: 'Crea il token' }).click();
    const created = page.getByRole('region', { name: 'Token «Nagios di prova» creato' });
    await expectText(created, 'non verrà mostrato mai più');
    const secret = await created.getByLabel('Token').inputValue();
    expect(secret).toMatch(/^hd_/);
    await created.getByRole('button', { name: 'Copia il token' }).click();
    await expectText(created.getByRole('status'), 'Token copiato');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
    await expectAccessible(page, 'tokens with a new secret');
    await saveScreenshot(page, 'admin-tokens');
    await created.getByRole('button', { name: 'Ho copiato il token, nascondilo' }).click();
    expect(await page.content()).not.toContain(secret);
    const tokenRow = page.getByRole('row', { name: /Nagios di prova/ });
    await expectText(tokenRow, 'Monitoraggio');
    await tokenRow.getByRole('button', { name: 'Revoca il token Nagios di prova' }).click();
    await expectText(page.getByRole('alertdialog'), 'non si può annullare');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revoca' }).click();
    await expectText(tokenRow, 'revocato il');

    // The audit log: by user and action, the token's life is there, in Italian.
    await page.getByRole('link', { name: 'Registro di controllo' }).click();
    const filters = page.getByRole('form', { name: 'Filtri del registro' });
    // By the start of their names: a wrapping label's text holds its options too ("Utente creato"
    // is an action), so a bare getByLabel('Utente') also finds the actions' list once it has loaded.
    const userFilter = filters.getByRole('combobox', { name: /^Utente/ });
    const actionFilter = filters.getByRole('combobox', { name: /^Azione/ });
    await userFilter.selectOption({ label: `${admin.name} (${admin.email})` });
    await actionFilter.selectOption({ label: 'Token API revocato' });
    await filters.getByRole('button', { name: 'Applica i filtri' }).click();
    const table = page.getByRole('table', { name: /Registro di controllo, pagina 1/ });
    await expectText(table, 'Token API revocato');
    expect(await table.getByRole('row').count()).toBe(2); // the header and the one revocation
    const today = new Date();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    await actionFilter.selectOption({ label: 'Tutte le azioni' });
    await filters.getByLabel('Dal giorno').fill(day);
    await filters.getByLabel('Al giorno (compreso)').fill(day);
    await filters.getByRole('button', { name: 'Applica i filtri' }).click();
    await expectText(table, 'Token API creato');
    await expectText(table, 'Accesso');
    // A referent's entes said by name, the role by its Italian name.
    const entesRow = table.getByRole('row', { name: /Enti del referente cambiati/ });
    await expectText(entesRow, `prima: ${f.ente.name}; dopo: `);
    await expectText(entesRow, f.otherEnte.name);
    expect(await table.textContent()).not.toMatch(/ente_referent|"to"/);
    await filters.getByLabel('Dal giorno').fill('2001-01-02');
    await filters.getByLabel('Al giorno (compreso)').fill('2001-01-01');
    await expectText(filters, 'Il giorno finale precede quello iniziale');
    await expectNoPlaceholders(page);
    await expectAccessible(page, 'audit log');
    await saveScreenshot(page, 'admin-audit');
    expect(await page.locator('main').textContent()).not.toMatch(/token_revoked|token_created/);

    // Paged: 60 sign-ins of one user are two pages of 50 and 10, older first on the second.
    const busy = await createUser(t.dataSource, 'agent', 'Utente Assiduo');
    await t.dataSource.query(
      `INSERT INTO audit_log (actor_id, action, at, details)
       SELECT $1, 'login', timestamptz '2026-01-01T08:00:00Z' + n * interval '1 minute', '{}'
         FROM generate_series(1, 60) AS n`,
      [busy.id],
    );
    await page.reload();
    await userFilter.selectOption({ label: `Utente Assiduo (${busy.email})` });
    await filters.getByRole('button', { name: 'Applica i filtri' }).click();
    await expectText(page.getByRole('table').locator('tbody'), 'Utente Assiduo');
    expect(await page.getByRole('table').locator('tbody tr').count()).toBe(50);
    await page.getByRole('button', { name: 'Voci più vecchie' }).click();
    await page.getByRole('table', { name: /pagina 2/ }).waitFor();
    await expectText(page.getByRole('table').locator('tbody'), '01/01/26');
    expect(await page.getByRole('table').locator('tbody tr').count()).toBe(10);
    expect(await page.getByRole('button', { name: 'Voci più vecchie' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Voci più recenti' }).click();
    await page.getByRole('table', { name: /pagina 1/ }).waitFor();
    expect(realErrors(watch.errors)).toEqual([]);
    await context.close();
  });

  it('19: the import page shows the columns and a template; a file with errors lists them and imports nothing', async () => {
    if (!browser) return;
    const { context, page, watch } = await signIn(admin.email);
    await page.goto(`${base}/admin/import`);
    const columns = page.getByRole('table', { name: 'Colonne del file' });
    await expectText(columns, 'requester_name');
    await expectText(columns, 'Numero del ticket, AAAA-NNNNNN');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Scarica il modello CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);

    const before = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ticket`);
    const csv = [
      'number,channel,received_at,ente,requester_name,subject,status,resolved_at',
      '2015-000001,email,2015-03-02T09:00:00+01:00,Comune di Pontassieve,Mario Rossi,Valida,open,',
      '2015-000002,fax,2015-03-02T09:00:00+01:00,Comune di Pontassieve,Mario Rossi,Canale errato,open,',
      '2015-000003,phone,non-una-data,Comune di Pontassieve,Anna Verdi,Data errata,resolved,',
      '',
    ].join('\n');
    await page
      .getByLabel('File CSV')
      .setInputFiles({ name: 'storico.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Importa', exact: true }).click();
    const alert = page.getByRole('alert');
    await expectText(alert, 'Non è stato importato nulla');
    await expectText(alert, 'righe coinvolte');
    const problems = page.getByRole('table', { name: /errori, per riga/ });
    const rows = problems.getByRole('row');
    await expectText(problems.getByRole('row', { name: /channel/ }), 'canale non valido');
    await expectText(problems.getByRole('row', { name: /received_at/ }), 'data non valida');
    expect(await rows.count()).toBeGreaterThanOrEqual(4);
    expect(await problems.textContent()).not.toMatch(/invalid|required with/);
    const [line] = await problems
      .getByRole('row', { name: /channel/ })
      .getByRole('cell')
      .allTextContents();
    expect(line).toBe('3');
    const after = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ticket`);
    expect(after[0].n).toBe(before[0].n);
    await expectNoPlaceholders(page);
    await expectAccessible(page, 'import with errors');
    await saveScreenshot(page, 'admin-import-errors');

    // In English, the same errors in English, and nothing of the Italian left.
    await page.getByRole('button', { name: /English/ }).click();
    await expectText(page.getByRole('alert'), 'Nothing was imported');
    const english = page.getByRole('table', { name: /errors, by line/ });
    await expectText(english.getByRole('row', { name: /channel/ }), 'invalid channel');
    expect(await page.locator('main').textContent()).not.toMatch(/non valid|obbligatori|Colonne del file/);
    await expectText(page.getByRole('table', { name: 'Columns of the file' }), 'Ticket number, YYYY-NNNNNN');
    await expectNoPlaceholders(page);
    await page.getByRole('button', { name: /Italiano/ }).click();
    await expectText(page.getByRole('alert'), 'Non è stato importato nulla');

    // The template as is passes the check.
    const template = await request(t.http)
      .get('/api/admin/import/tickets/template')
      .set('Cookie', (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; '));
    await page
      .getByLabel('File CSV')
      .setInputFiles({ name: 'modello.csv', mimeType: 'text/csv', buffer: Buffer.from(template.text) });
    await page.getByRole('button', { name: 'Verifica senza importare' }).click();
    await expectText(page.getByRole('status').last(), 'Il file è valido');

    // A file over the site's 20 MB is refused in Italian, pointing to the command line.
    await page.getByLabel('File CSV').setInputFiles({
      name: 'enorme.csv',
      mimeType: 'text/csv',
      buffer: Buffer.alloc(21 * 1024 * 1024, 0x61),
    });
    await page.getByRole('button', { name: 'Verifica senza importare' }).click();
    await expectText(page.getByRole('alert'), 'supera i 20 MB');
    expect(await page.getByRole('alert').textContent()).not.toMatch(/body|byte/);
    await expectAccessible(page, 'import too large');
    expect(realErrors(watch.errors)).toEqual([]);
    await context.close();
  });
});
