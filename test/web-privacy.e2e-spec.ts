import { readFileSync } from 'node:fs';

import {
  authHeaders,
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
import { giveTestPassword, signInThroughPage, startWebApp } from '@app/testing/web-app';
import { UserEntity } from '@app/tickets';
import { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';

interface CreatedTicket {
  id: string;
  number: string;
  version: number;
  requester: { id: string };
}

/**
 * Issue 18 in the browser (Debian's Chromium against the real api): a person's page reached from
 * the ticket and from the contact search — erasure refused in plain words under a legal hold, with
 * a ticket on hold or with tickets still open (listed with links), then done; rectification with
 * the api's refusals said next to the fields; a ticket's legal hold; the admin's privacy page
 * (a period below its legal minimum refused next to the field in Italian, a publication, the
 * clean-up's preview in plain words, the versions), read-only for supervisors. Every new page
 * passes axe-core in both languages; the rectification is done with the keyboard alone.
 */
describe('web UI privacy: a person’s rights, legal holds, the retention policy (e2e)', () => {
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
    await giveTestPassword(t.dataSource, [f.supervisor, admin, f.agent]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(
    email: string,
  ): Promise<{ context: BrowserContext; page: Page; watch: ReturnType<typeof watchPage> }> {
    const context = await browser!.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'it-IT',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const watch = watchPage(page);
    await signInThroughPage(page, base, email);
    return { context, page, watch };
  }
  /** A refused request logs its status in the console; those are the point of these checks. */
  const realErrors = (errors: string[]) =>
    errors.filter((e) => !/40[01] \(|409 \(Conflict\)|401 \(Unauthorized\)/.test(e));

  async function phoneTicket(
    subject: string,
    requester: { name: string; phone: string; email?: string },
  ): Promise<CreatedTicket> {
    const res = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({ channel: 'phone', subject, description: `${subject}.`, enteId: f.ente.id, requester })
      .expect(201);
    return res.body as CreatedTicket;
  }
  async function resolve(ticket: CreatedTicket): Promise<void> {
    const taken = await request(t.http)
      .post(`/api/tickets/${ticket.id}/take-charge`)
      .set(authHeaders(f.agent))
      .send({ version: ticket.version })
      .expect(200);
    await request(t.http)
      .post(`/api/tickets/${ticket.id}/resolve`)
      .set(authHeaders(f.agent))
      .send({ version: taken.body.version, resolution: 'Risolto al telefono.' })
      .expect(200);
  }
  const contactRow = async (id: string) =>
    (
      await t.dataSource.query<{ name: string; phone: string | null; anonymised: boolean }[]>(
        `SELECT name, phone, anonymised_at IS NOT NULL AS anonymised FROM contact WHERE id = $1`,
        [id],
      )
    )[0];

  /** The page passes axe-core in Italian and in English, and comes back in Italian. */
  async function accessibleInBothLanguages(
    page: Page,
    name: string,
    ready: (language: 'it' | 'en') => string,
  ) {
    await expectText(page.locator('main'), ready('it'));
    await expectNoPlaceholders(page);
    await expectAccessible(page, `${name} [it]`);
    await page.getByRole('button', { name: 'Passa all’inglese' }).click();
    await expectText(page.locator('main'), ready('en'));
    await expectNoPlaceholders(page);
    await expectAccessible(page, `${name} [en]`);
    await page.getByRole('button', { name: /Italian|Italiano/ }).click();
    await expectText(page.locator('main'), ready('it'));
  }

  it('erasure is refused under a legal hold, said in plain words, and done once the hold is lifted', async () => {
    if (!browser) return;
    const ticket = await phoneTicket('Certificato di residenza non scaricabile', {
      name: 'Ugo Bassi',
      phone: '055 2223344',
      email: 'ugo.bassi@esempio.it',
    });
    await resolve(ticket);
    const contactId = ticket.requester.id;
    await request(t.http)
      .put(`/api/contacts/${contactId}/legal-hold`)
      .set(authHeaders(f.supervisor))
      .send({ reason: 'Procedimento n. 123/2026' })
      .expect(204);

    const { context, page, watch } = await signIn(f.supervisor.email);
    // From the ticket: the requester's name opens the person's page.
    await page.goto(`${base}/tickets/${ticket.id}`);
    await page.getByRole('link', { name: 'Ugo Bassi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ugo Bassi' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/contacts/${contactId}`);
    await expectText(page.getByTestId('contact-legal-hold'), 'Sotto blocco legale: Procedimento n. 123/2026');
    await page.getByRole('link', { name: ticket.number }).waitFor();
    await accessibleInBothLanguages(page, 'contact page', (l) =>
      l === 'it' ? 'Ticket della persona' : 'The person’s tickets',
    );

    // Erase: a reason is required, then the hold refuses it in Italian.
    await page.getByRole('button', { name: 'Cancella i dati' }).click();
    const dialog = page.getByRole('dialog', { name: /Cancellare i dati di Ugo Bassi/ });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancella definitivamente' }).click();
    await expectText(dialog, 'Il testo è vuoto');
    await dialog
      .getByLabel('Motivo (resta nel registro di controllo)')
      .fill('Richiesta via PEC del 3/12/2026');
    await dialog.getByRole('button', { name: 'Cancella definitivamente' }).click();
    const refused = dialog.getByTestId('erase-refused');
    await expectText(refused, 'il contatto è sotto blocco legale (Procedimento n. 123/2026)');
    expect(await refused.textContent()).not.toMatch(/legal hold|Contact under/);
    await expectNoPlaceholders(page);
    await expectAccessible(page, 'erase dialog, refused');
    await saveScreenshot(page, 'privacy-erase-refused');
    await dialog.getByRole('button', { name: 'Annulla' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await contactRow(contactId)).anonymised).toBe(false);

    // Lift the hold (after confirming), then erase.
    await page.getByRole('button', { name: 'Togli blocco legale' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Togli blocco legale' }).click();
    await expectText(page.getByTestId('contact-legal-hold'), 'Nessun blocco legale.');
    await page.getByRole('button', { name: 'Cancella i dati' }).click();
    await dialog.waitFor();
    await dialog
      .getByLabel('Motivo (resta nel registro di controllo)')
      .fill('Richiesta via PEC del 3/12/2026');
    await dialog.getByRole('button', { name: 'Cancella definitivamente' }).click();
    await page
      .locator('main')
      .getByRole('status')
      .filter({ hasText: 'Dati cancellati: 1 ticket reso anonimo.' })
      .waitFor();
    await page.getByRole('heading', { level: 1, name: 'Contatto anonimo' }).waitFor();
    await expectText(page.getByTestId('contact-anonymised'), 'Dati resi anonimi il');
    // An anonymised contact offers no edits.
    expect(await page.getByRole('button', { name: 'Correggi dati' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Cancella i dati' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Imponi blocco legale' }).count()).toBe(0);
    const row = await contactRow(contactId);
    expect(row.anonymised).toBe(true);
    expect(row.name).not.toContain('Ugo');
    await expectAccessible(page, 'anonymised contact');
    await saveScreenshot(page, 'privacy-contact-anonymised');
    // The ticket says its personal data are gone.
    await page.getByRole('link', { name: ticket.number }).click();
    await expectText(
      page.locator('.ticket-side'),
      'I dati personali di questo ticket sono stati resi anonimi il',
    );
    expect(realErrors(watch.errors)).toEqual([]);
    expect(watch.dialogs).toEqual([]);
    await context.close();
  }, 180_000);

  it('a ticket’s legal hold, set and lifted on the ticket page, and open tickets refuse erasure with links', async () => {
    if (!browser) return;
    const open = await phoneTicket('Stampante del protocollo ferma', {
      name: 'Lia Conti',
      phone: '055 7778899',
    });
    const held = await phoneTicket('Accesso al portale negato', { name: 'Lia Conti', phone: '055 7778899' });
    await resolve(held);
    const contactId = held.requester.id;
    expect(open.requester.id).toBe(contactId);
    const referent = await createUser(t.dataSource, 'ente_referent', 'Referente Rossi');
    await t.dataSource.query(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [
      referent.id,
      f.ente.id,
    ]);

    const { context, page, watch } = await signIn(admin.email);
    await page.goto(`${base}/tickets/${held.id}`);
    await page.getByRole('heading', { name: /Accesso al portale negato/ }).waitFor();
    const hold = page.getByTestId('ticket-legal-hold');
    await expectText(hold, 'Nessun blocco legale.');
    await page.getByRole('button', { name: 'Imponi blocco legale' }).click();
    const form = page.getByRole('form', { name: 'Imponi blocco legale' });
    await form.getByLabel('Motivo del blocco').fill('Richiesta della Procura, prot. 77');
    await form.getByRole('button', { name: 'Imponi blocco legale' }).click();
    await expectText(hold, 'Sotto blocco legale: Richiesta della Procura, prot. 77');
    await expectAccessible(page, 'ticket page with a legal hold');
    const staffView = await request(t.http)
      .get(`/api/tickets/${held.id}`)
      .set(authHeaders(admin))
      .expect(200);
    expect(staffView.body.legalHold).toBe('Richiesta della Procura, prot. 77');
    // An ente's referent reads the ticket, never the hold's reason.
    const referentView = await request(t.http)
      .get(`/api/tickets/${held.id}`)
      .set(authHeaders(referent))
      .expect(200);
    expect(referentView.body.legalHold).toBeNull();

    // The ticket on hold refuses the person's erasure, listed with a link back to it.
    await page.getByRole('link', { name: 'Lia Conti' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lia Conti' }).waitFor();
    await page.getByRole('button', { name: 'Cancella i dati' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Motivo (resta nel registro di controllo)').fill('Richiesta allo sportello');
    await dialog.getByRole('button', { name: 'Cancella definitivamente' }).click();
    const refused = dialog.getByTestId('erase-refused');
    await expectText(refused, 'questi ticket della persona sono sotto blocco legale');
    await refused.getByRole('link', { name: held.number }).click();
    await page.getByRole('heading', { name: /Accesso al portale negato/ }).waitFor();
    await page.getByRole('button', { name: 'Togli blocco legale' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Togli blocco legale' }).click();
    await expectText(hold, 'Nessun blocco legale.');

    // Now the open ticket refuses it, listed with its link.
    await page.getByRole('link', { name: 'Lia Conti' }).click();
    await page.getByRole('button', { name: 'Cancella i dati' }).click();
    await dialog.getByLabel('Motivo (resta nel registro di controllo)').fill('Richiesta allo sportello');
    await dialog.getByRole('button', { name: 'Cancella definitivamente' }).click();
    await expectText(refused, 'ancora aperti, da chiudere prima');
    expect(await refused.getByRole('link').allTextContents()).toEqual([open.number]);
    expect(await refused.textContent()).not.toMatch(/still open|resolve them/);
    await saveScreenshot(page, 'privacy-erase-open-tickets');
    await refused.getByRole('link', { name: open.number }).click();
    await page.getByRole('heading', { name: /Stampante del protocollo ferma/ }).waitFor();
    expect((await contactRow(contactId)).anonymised).toBe(false);
    expect(realErrors(watch.errors)).toEqual([]);
    await context.close();
  }, 180_000);

  /** The focused element's name as a person reads it: its aria-label, its label or its text. */
  const FOCUSED_NAME = `(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '';
    return (el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent) || el.textContent || '').trim();
  })()`;
  async function tabTo(page: Page, name: RegExp, max = 40) {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const focused = String(await page.evaluate(FOCUSED_NAME)).trim();
      if (name.test(focused)) return;
    }
    throw new Error(`Tab never reached ${name}`);
  }

  it('rectification from the contact search, the api’s refusals next to the fields, with the keyboard alone', async () => {
    if (!browser) return;
    const ticket = await phoneTicket('Posta certificata non ricevuta', {
      name: 'Piero Neri',
      phone: '055 4445566',
    });
    const contactId = ticket.requester.id;
    const { context, page, watch } = await signIn(f.supervisor.email);

    // The header's Privacy entry, the contact search, the person: all by keyboard.
    await page.goto(`${base}/data-protection/contacts`);
    await page.getByRole('heading', { name: 'Contatti' }).waitFor();
    await accessibleInBothLanguages(page, 'contact search', (l) =>
      l === 'it' ? 'Cerca per nome' : 'Search by name',
    );
    await tabTo(page, /^Cerca per nome, e-mail o telefono/);
    await page.keyboard.type('Neri');
    await page.getByRole('link', { name: 'Piero Neri' }).waitFor();
    await tabTo(page, /^Piero Neri$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Piero Neri' }).waitFor();
    await tabTo(page, /^Correggi dati$/);
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Correggi i dati (art. 16 GDPR)' });
    await form.waitFor();

    // A phone and an e-mail the api refuses: said next to each field, in Italian.
    await tabTo(page, /^E-mail/);
    await page.keyboard.type('non-una-mail');
    await tabTo(page, /^Telefono/);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('telefono!');
    await tabTo(page, /^Motivo/);
    await page.keyboard.type('Segnalazione dell’interessato del 4/12/2026');
    await tabTo(page, /^Salva correzione$/);
    await page.keyboard.press('Enter');
    await expectText(form.getByRole('alert'), 'E-mail: indirizzo e-mail non valido');
    await expectText(form.locator('#rectify-phone-error'), 'formato non valido');
    expect(await form.getByLabel('Telefono').getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).not.toMatch(/must be|email must/);
    await expectNoPlaceholders(page);
    await expectAccessible(page, 'rectification refused');

    await form.getByLabel('E-mail').focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('piero.neri@esempio.it');
    await tabTo(page, /^Telefono/);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('055 9990000');
    await tabTo(page, /^Salva correzione$/);
    await page.keyboard.press('Enter');
    await page.locator('main').getByRole('status').filter({ hasText: 'Dati corretti.' }).waitFor();
    await expectText(page.locator('.contact-details'), '055 9990000');
    await expectText(page.locator('.contact-details'), 'piero.neri@esempio.it');
    expect((await contactRow(contactId)).phone).toBe('055 9990000');
    const audit = await t.dataSource.query<{ details: { reason: string; fields: string[] } }[]>(
      `SELECT details FROM audit_log WHERE action = 'privacy.contact_rectified' AND target_id = $1`,
      [contactId],
    );
    expect(audit.map((a) => a.details.reason)).toEqual(['Segnalazione dell’interessato del 4/12/2026']);
    expect([...audit[0].details.fields].sort()).toEqual(['email', 'phone']);

    // The access request (art. 15): the ZIP downloads from the page.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Esporta dati (art. 15)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const zip = readFileSync((await download.path())!);
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(realErrors(watch.errors)).toEqual([]);
    await context.close();
  }, 180_000);

  it('the admin’s privacy page: a period below its legal minimum refused next to the field, a publication, the preview, the versions', async () => {
    if (!browser) return;
    // Something for the clean-up to do once its time has come.
    await resolve(await phoneTicket('Scanner non rilevato', { name: 'Rita Verdi', phone: '055 1112233' }));
    const { context, page, watch } = await signIn(admin.email);
    await page.getByRole('link', { name: 'Privacy' }).click();
    await page.getByRole('heading', { level: 1, name: 'Privacy e dati personali' }).waitFor();
    await page.getByRole('link', { name: 'Conservazione e informativa' }).click();
    await page.getByRole('heading', { name: 'Tempi di conservazione' }).waitFor();
    await accessibleInBothLanguages(page, 'privacy policy', (l) =>
      l === 'it' ? 'Minimo di legge' : 'Legal minimum',
    );

    // The record of processing downloads as a PDF; the public notice page is one click away.
    const [register] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Registro dei trattamenti (PDF)' }).click(),
    ]);
    expect(
      readFileSync((await register.path())!)
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    expect(
      await page.getByRole('link', { name: 'Pagina pubblica dell’informativa' }).getAttribute('href'),
    ).toBe('/privacy');

    const rawMail = page.getByLabel('Giorni di conservazione: E-mail originali');
    expect(await rawMail.inputValue()).toBe('365');
    await rawMail.fill('10');
    await page
      .getByLabel('Informativa in italiano')
      .fill('Informativa aggiornata: i dati servono a gestire la richiesta.');
    await page
      .getByLabel('Motivo della modifica (resta nel registro di controllo)')
      .fill('Delibera n. 12/2026');
    await page.getByRole('button', { name: 'Pubblica nuova versione' }).click();
    const fieldError = page.locator('#retention-rawMail-error');
    await expectText(fieldError, 'sotto il minimo di legge di 30 giorni');
    expect(await rawMail.getAttribute('aria-invalid')).toBe('true');
    expect(await rawMail.getAttribute('aria-describedby')).toBe('retention-rawMail-error');
    await expectText(page.getByRole('alert'), 'E-mail originali: sotto il minimo di legge di 30 giorni');
    expect(await page.locator('main').textContent()).not.toMatch(/below the legal minimum/);
    await expectNoPlaceholders(page);
    await expectAccessible(page, 'privacy policy refused');
    await saveScreenshot(page, 'privacy-policy-below-minimum');
    // The same refusal in English says it in English.
    await page.getByRole('button', { name: 'Passa all’inglese' }).click();
    await expectText(fieldError, 'below the legal minimum of 30 days');
    await page.getByRole('button', { name: /Italian|Italiano/ }).click();
    await expectText(fieldError, 'sotto il minimo di legge di 30 giorni');

    await rawMail.fill('400');
    await page.getByRole('button', { name: 'Pubblica nuova versione' }).click();
    await page.locator('main').getByRole('status').filter({ hasText: 'Versione 2 pubblicata.' }).waitFor();
    expect(await page.getByLabel('Giorni di conservazione: E-mail originali').inputValue()).toBe('400');
    const active = await request(t.http).get('/api/privacy/policy').set(authHeaders(admin)).expect(200);
    expect(active.body.version).toBe(2);
    expect(active.body.definition.retention.rawMail).toEqual({ days: 400, minimumDays: 30 });
    expect(active.body.definition.notice.it).toBe(
      'Informativa aggiornata: i dati servono a gestire la richiesta.',
    );

    // The preview as of a date far enough: counts in plain words, nothing changed.
    const anonymised = async () =>
      (
        await t.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM ticket WHERE anonymised_at IS NOT NULL`,
        )
      )[0].n;
    const before = await anonymised();
    await page.getByRole('link', { name: 'Pulizia dei dati' }).click();
    await page.getByRole('heading', { name: 'Anteprima pulizia' }).waitFor();
    await page.getByLabel('Data di riferimento').fill('2040-01-01');
    await page.getByRole('button', { name: 'Calcola anteprima' }).click();
    const preview = page.getByTestId('retention-preview');
    await expectText(preview, 'Alla data del 1 gen 2040, con la versione 2 della politica');
    await expectText(
      preview.locator('[data-class="messageBodies"]'),
      /Testi dei ticket — da rendere anonimi: \d+ ticket/,
    );
    await expectText(preview.locator('[data-class="contactDetails"]'), /da rendere anonimi: \d+ contatt/);
    await expectText(preview.locator('[data-class="rawMail"]'), /da cancellare: \d+ ticket/);
    expect(await preview.textContent()).not.toMatch(/unlinked|tickets:|\{/);
    await expectText(page.locator('.runs-table'), 'interfaccia web');
    await expectText(page.locator('.runs-table'), 'Anteprima');
    expect(await anonymised()).toBe(before);
    await accessibleInBothLanguages(page, 'retention preview', (l) =>
      l === 'it' ? 'Ultime esecuzioni' : 'Last runs',
    );
    await saveScreenshot(page, 'privacy-retention-preview');

    await page.getByRole('link', { name: 'Versioni' }).click();
    await page.getByRole('heading', { name: 'Versioni della politica' }).waitFor();
    await expectText(page.locator('.versions-table'), 'in vigore');
    expect(await page.locator('.versions-table tbody tr').count()).toBe(2);
    await accessibleInBothLanguages(page, 'policy versions', (l) => (l === 'it' ? 'sostituita' : 'replaced'));
    expect(realErrors(watch.errors)).toEqual([]);
    await context.close();

    // A supervisor reads the policy, changes nothing, and has no clean-up or versions.
    const sup = await signIn(f.supervisor.email);
    await sup.page.goto(`${base}/data-protection/policy`);
    await expectText(sup.page.locator('main'), 'Sola lettura');
    await expectText(sup.page.locator('.retention-table'), '400 giorni');
    expect(await sup.page.locator('main input, main textarea').count()).toBe(0);
    expect(await sup.page.getByRole('link', { name: 'Pulizia dei dati' }).count()).toBe(0);
    await expectAccessible(sup.page, 'privacy policy, supervisor');
    await sup.context.close();
  }, 240_000);
});
