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
import { giveTestPassword, signInThroughPage, startWebApp, TEST_PASSWORD } from '@app/testing/web-app';
import { UserEntity } from '@app/tickets';
import { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';

/**
 * Issue 19.1 and 19.3 in Debian's Chromium against the real api: an admin creates the first and
 * second level with their members (the api's refusals said in Italian next to the fields); an
 * agent works "Il mio team", moves a ticket to the second level with a note (a version conflict
 * on the way keeps the form and its text), sees it on the timeline and marks themselves absent;
 * a supervisor marks them back; a referent sees no team anywhere. axe-core on the new page and
 * forms in both languages, and the move done with the keyboard alone.
 */
describe('web UI: teams, "Il mio team", escalation and availability (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let referent: UserEntity;
  let browser: Browser | undefined;
  let base: string;
  const FIRST = 'Help desk (primo livello)';
  const SECOND = 'Supporto CED (secondo livello)';

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ({ t, base } = await startWebApp());
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Anna Amministratrice');
    referent = await createUser(t.dataSource, 'ente_referent', 'Referente Rosa');
    await t.dataSource.query(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [
      referent.id,
      f.ente.id,
    ]);
    await giveTestPassword(t.dataSource, [f.agent, f.otherAgent, f.supervisor, admin, referent]);
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
  /** The refusals the specs cause on purpose are not errors of the page. */
  const realErrors = (errors: string[]) =>
    errors.filter((e) => !/401 \(Unauthorized\)|400 \(Bad Request\)|409 \(Conflict\)/.test(e));

  async function newTicket(subject: string): Promise<{ id: string; number: string }> {
    const res = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        subject,
        enteId: f.ente.id,
        requester: { name: 'Lucia Serra', phone: '055 2223334' },
      })
      .expect(201);
    return { id: res.body.id, number: res.body.number };
  }
  const teamId = async (code: string): Promise<string> =>
    (await t.dataSource.query<{ id: string }[]>(`SELECT id FROM team WHERE code = $1`, [code]))[0].id;

  it('an admin creates the two levels and their members; refusals said in Italian next to the field', async () => {
    if (!browser) return;
    const { context, page, watch } = await signIn(admin.email);
    await page.getByRole('link', { name: 'Team', exact: true }).click();
    await page.getByRole('heading', { name: 'Team e livelli', level: 1 }).waitFor();
    await expectText(page.locator('main'), 'Nessun team.');

    const create = page.getByRole('form', { name: 'Nuovo team' });
    // A code with capitals and spaces: the pattern said in words, next to the field and at the top.
    await create.getByLabel('Codice').fill('Primo Livello');
    await create.getByLabel('Nome').fill(FIRST);
    await create.getByRole('button', { name: 'Crea il team' }).click();
    await expectText(create.getByRole('alert'), 'Codice: solo lettere minuscole, cifre, - e _');
    expect(await create.getByLabel('Codice').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'teams page with a refused form');

    await create.getByLabel('Codice').fill('primo-livello');
    await create.getByLabel('Calendario').selectOption('cst');
    await create.getByRole('button', { name: 'Crea il team' }).click();
    await expectText(page.getByRole('status'), `Team «${FIRST}» creato`);
    await page.getByRole('heading', { name: FIRST, level: 2 }).waitFor();

    await create.getByLabel('Codice').fill('ced');
    await create.getByLabel('Nome').fill(SECOND);
    await create.getByRole('button', { name: 'Crea il team' }).click();
    await page.getByRole('heading', { name: SECOND, level: 2 }).waitFor();
    // The same code again: the api's `taken`, in Italian.
    await create.getByLabel('Codice').fill('ced');
    await create.getByLabel('Nome').fill('Un altro CED');
    await create.getByRole('button', { name: 'Crea il team' }).click();
    await expectText(create.getByRole('alert'), 'Codice: codice già usato da un altro team');

    // Members: Marco Rossi (lead) and Sara Conti at the first level, Giulia Bianchi at the second.
    await page.getByRole('button', { name: `Scegli i membri del team ${FIRST}` }).click();
    const members = page.getByRole('form', { name: `Membri del team «${FIRST}»` });
    await members.getByLabel(`Membro: ${f.agent.name}`).check();
    await members.getByLabel(`Responsabile: ${f.agent.name}`).check();
    await members.getByLabel(`Membro: ${f.otherAgent.name}`).check();
    // A referent is never offered as a member.
    expect(await members.getByLabel(`Membro: ${referent.name}`).count()).toBe(0);
    await expectAccessible(page, 'team members editor');
    await members.getByRole('button', { name: 'Salva' }).click();
    await expectText(page.getByRole('status'), `Membri del team «${FIRST}» salvati`);
    await page.getByRole('button', { name: `Scegli i membri del team ${SECOND}` }).click();
    const second = page.getByRole('form', { name: `Membri del team «${SECOND}»` });
    await second.getByLabel(`Membro: ${f.supervisor.name}`).check();
    await second.getByRole('button', { name: 'Salva' }).click();
    await expectText(page.getByRole('status'), `Membri del team «${SECOND}» salvati`);

    const first = page.getByRole('region', { name: FIRST });
    await expectText(first, `${f.agent.name} · responsabile`);
    await expectText(first, f.otherAgent.name);
    await expectText(first, 'cst');
    const rows = await t.dataSource.query<{ name: string; lead: boolean }[]>(
      `SELECT u.name, m.lead FROM team_member m JOIN app_user u ON u.id = m.user_id
        JOIN team t ON t.id = m.team_id WHERE t.code = 'primo-livello' ORDER BY u.name`,
    );
    expect(rows).toEqual([
      { name: f.agent.name, lead: true },
      { name: f.otherAgent.name, lead: false },
    ]);

    // Rename, then deactivate behind a confirmation and reactivate.
    await page.getByRole('button', { name: `Modifica il team ${SECOND}` }).click();
    const edit = page.getByRole('form', { name: `Modifica il team «${SECOND}»` });
    await edit.getByLabel('Nome').fill(`${SECOND} `);
    await edit.getByRole('button', { name: 'Salva' }).click();
    await expectText(page.getByRole('status'), `Team «${SECOND}» salvato`);
    await page.getByRole('button', { name: `Disattiva il team ${SECOND}` }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Conferma' });
    await expectText(confirm, 'i suoi ticket restano suoi');
    await confirm.getByRole('button', { name: 'Disattiva' }).click();
    await expectText(page.getByRole('heading', { name: SECOND, level: 2 }), 'Disattivato');
    await page.getByRole('button', { name: `Riattiva il team ${SECOND}` }).click();
    await page.getByRole('button', { name: `Disattiva il team ${SECOND}` }).waitFor();

    await expectNoPlaceholders(page);
    await expectAccessible(page, 'teams page [it]');
    expect(await page.locator('main').textContent()).not.toMatch(/\b(members|already|Create)\b/);
    await saveScreenshot(page, 'teams-page');
    await page.getByRole('button', { name: 'Passa all’inglese' }).click();
    await page.getByRole('heading', { name: 'Teams and levels', level: 1 }).waitFor();
    await expectText(page.getByRole('region', { name: FIRST }), `${f.agent.name} · lead`);
    await expectNoPlaceholders(page);
    await expectAccessible(page, 'teams page [en]');
    await page.getByRole('button', { name: 'Switch to Italian' }).click();
    expect(realErrors(watch.errors)).toEqual([]);
    expect(watch.dialogs).toEqual([]);
    await context.close();
  }, 180_000);

  it('an agent works "Il mio team", moves a ticket to the second level with a note and marks themselves absent', async () => {
    if (!browser) return;
    const first = await teamId('primo-livello');
    const ours = await newTicket('Posta elettronica del Comune non riceve');
    const other = await newTicket('Richiesta di nuova utenza gestionale');
    await request(t.http)
      .post(`/api/tickets/${ours.id}/team`)
      .set(authHeaders(f.supervisor))
      .send({ teamId: first, note: 'Smistato al primo livello' })
      .expect(200);
    await request(t.http)
      .post(`/api/tickets/${ours.id}/take-charge`)
      .set(authHeaders(f.agent))
      .send({})
      .expect(200);

    const { context, page, watch } = await signIn(f.agent.email);
    // The queue: a team column, and the "Il mio team" view with only the team's tickets.
    await expectText(page.locator(`tr[data-ticket="${ours.number}"]`), FIRST);
    await expectText(page.locator(`tr[data-ticket="${other.number}"]`), 'nessun team');
    await page.getByRole('button', { name: 'Il mio team' }).click();
    await page.waitForURL(/view=team/);
    await page.locator(`tr[data-ticket="${other.number}"]`).waitFor({ state: 'detached' });
    await page.locator(`tr[data-ticket="${ours.number}"]`).waitFor();
    // Agents have no team filter: that is for supervisors.
    expect(await page.getByRole('combobox', { name: 'Team' }).count()).toBe(0);
    await expectNoPlaceholders(page);
    await expectAccessible(page, 'queue, "Il mio team"');

    await page.getByRole('link', { name: ours.number }).click();
    await page.getByRole('heading', { name: /Posta elettronica del Comune/ }).waitFor();
    await expectText(page.getByTestId('ticket-team'), FIRST);
    await page.getByRole('button', { name: 'Sposta a un altro team' }).click();
    const move = page.getByRole('form', { name: 'Sposta a un altro team' });
    // The current team is offered but cannot be chosen.
    expect(await move.getByRole('combobox').locator('option', { hasText: '(attuale)' }).isDisabled()).toBe(
      true,
    );
    await move.getByRole('combobox').selectOption({ label: SECOND });
    await move.getByLabel('Nota per il team che riceve').fill('Serve un intervento sul server di posta.');
    await expectText(move, `Mantieni l’assegnatario (${f.agent.name})`);
    await expectAccessible(page, 'move to another team form [it]');

    // Someone changes the ticket meanwhile: 409, the page reloads it, the form keeps its text. The
    // colleague's note goes in while the move is on its way, after the page sent its version: done
    // before the click, the live stream may refresh the page first and the move would not conflict.
    await page.route(`**/api/tickets/${ours.id}/team`, async (route) => {
      await request(t.http)
        .post(`/api/tickets/${ours.id}/notes`)
        .set(authHeaders(f.otherAgent))
        .send({ body: 'Controllato il DNS.' })
        .expect(200);
      await route.continue();
    });
    await move.getByRole('button', { name: 'Sposta' }).click();
    await expectText(page.locator('p.banner.error'), 'Un altro utente ha modificato il ticket');
    await page.unroute(`**/api/tickets/${ours.id}/team`);
    await page.getByText('Controllato il DNS.').waitFor();
    expect(await move.getByLabel('Nota per il team che riceve').inputValue()).toBe(
      'Serve un intervento sul server di posta.',
    );
    await move.getByRole('button', { name: 'Sposta' }).click();
    await move.waitFor({ state: 'detached' });
    await expectText(page.getByTestId('ticket-team'), SECOND);
    const event = page.locator('.event-team_changed').last();
    await expectText(event, `Spostato dal team ${FIRST} al team ${SECOND}`);
    await expectText(event, 'Serve un intervento sul server di posta.');
    // The assignee was left to the receiving team.
    await expectText(page.locator('.ticket-side'), 'Non assegnato');
    const [row] = await t.dataSource.query<{ team: string; assignee: string | null }[]>(
      `SELECT t.code AS team, k.assignee_id AS assignee FROM ticket k JOIN team t ON t.id = k.team_id WHERE k.id = $1`,
      [ours.id],
    );
    expect(row).toEqual({ team: 'ced', assignee: null });
    await expectNoPlaceholders(page);

    // Absent from the user menu; said in the header until back.
    await page.getByRole('button', { name: 'Mi assento' }).click();
    await page.getByRole('status', { name: 'Sei segnato assente' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sono rientrato' }).waitFor();
    const [me] = await t.dataSource.query<{ available: boolean }[]>(
      `SELECT available FROM app_user WHERE id = $1`,
      [f.agent.id],
    );
    expect(me.available).toBe(false);
    await expectAccessible(page, 'header with the absence');
    await saveScreenshot(page, 'teams-ticket-moved');
    expect(realErrors(watch.errors)).toEqual([]);
    expect(watch.dialogs).toEqual([]);
    await context.close();
  }, 180_000);

  it('a supervisor filters the queue by team and marks an absent agent back on the team page', async () => {
    if (!browser) return;
    const { context, page, watch } = await signIn(f.supervisor.email);
    await page.getByRole('combobox', { name: 'Team' }).selectOption({ label: SECOND });
    await page.waitForURL(/team=/);
    // The previous rows stay shown while the filtered page loads: wait for the other team's to go.
    await page
      .locator('table.queue-table tbody tr', { hasText: 'Richiesta di nuova utenza' })
      .waitFor({ state: 'detached' });
    await expectText(page.locator('table.queue-table tbody'), 'Posta elettronica del Comune');

    await page.getByRole('link', { name: 'Team', exact: true }).click();
    const first = page.getByRole('region', { name: FIRST });
    await expectText(first.getByRole('row', { name: new RegExp(f.agent.name) }), 'Assente');
    // Read-only for supervisors: no create form, no member editor; presence only.
    expect(await page.getByRole('form', { name: 'Nuovo team' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: `Scegli i membri del team ${FIRST}` }).count()).toBe(0);
    await first.getByRole('button', { name: `Segna rientrato: ${f.agent.name}` }).click();
    await first.getByRole('button', { name: `Segna assente: ${f.agent.name}` }).waitFor();
    const [me] = await t.dataSource.query<{ available: boolean }[]>(
      `SELECT available FROM app_user WHERE id = $1`,
      [f.agent.id],
    );
    expect(me.available).toBe(true);
    await expectAccessible(page, 'teams page, supervisor');
    expect(realErrors(watch.errors)).toEqual([]);
    await context.close();
  }, 120_000);

  it('a referent sees no team: no view, no column, no team on the ticket, no page', async () => {
    if (!browser) return;
    const ticket = await newTicket('Stampante dell’ufficio tributi');
    await request(t.http)
      .post(`/api/tickets/${ticket.id}/team`)
      .set(authHeaders(f.agent))
      .send({ teamId: await teamId('primo-livello'), note: 'Nota interna sul team' })
      .expect(200);
    const { context, page, watch } = await signIn(referent.email);
    await page.locator(`tr[data-ticket="${ticket.number}"]`).waitFor();
    expect(await page.getByRole('button', { name: 'Il mio team' }).count()).toBe(0);
    expect(await page.getByRole('columnheader', { name: 'Team' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Team', exact: true }).count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain(FIRST);
    await page.getByRole('link', { name: ticket.number }).click();
    await page.getByRole('heading', { name: /Stampante dell’ufficio tributi/ }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain(FIRST);
    expect(text).not.toContain('Nota interna sul team');
    expect(await page.getByTestId('ticket-team').count()).toBe(0);
    await page.goto(`${base}/teams`);
    await page.getByRole('heading', { name: 'Coda ticket' }).waitFor();
    // The referent's own refusals (entes, notifications) predate teams; none is a team's.
    expect(realErrors(watch.errors).filter((e) => !/403 \(Forbidden\)/.test(e) || /team/.test(e))).toEqual(
      [],
    );
    await context.close();
  }, 120_000);

  /** The focused element's name as a person reads it: its aria-label, its label or its text. */
  const FOCUSED_NAME = `(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '';
    return (el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent) || el.textContent || '').trim();
  })()`;
  async function tabTo(page: Page, name: RegExp, max = 40) {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (name.test(String(await page.evaluate(FOCUSED_NAME)))) return;
    }
    throw new Error(`Tab never reached ${name}`);
  }

  it('moves a ticket to another team with the keyboard alone, in English too', async () => {
    if (!browser) return;
    const ticket = await newTicket('Rete lenta in biblioteca');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(base);
    await page.getByLabel('E-mail').waitFor();
    await tabTo(page, /^E-mail/);
    await page.keyboard.type(f.otherAgent.email);
    await tabTo(page, /^Password/);
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator(`tr[data-ticket="${ticket.number}"]`).waitFor();
    await page.goto(`${base}/tickets/${ticket.id}`);
    await page.getByRole('heading', { name: /Rete lenta in biblioteca/ }).waitFor();

    await tabTo(page, /^Sposta a un altro team$/);
    await page.keyboard.press('Enter');
    const move = page.getByRole('form', { name: 'Sposta a un altro team' });
    await move.waitFor();
    // The receiving team's list has the focus: the keyboard picks the first level.
    expect(await page.evaluate(FOCUSED_NAME)).toMatch(/^Team che riceve/);
    // The teams come from their own request: the arrow key needs them in the list.
    await move.getByRole('combobox').locator('option', { hasText: FIRST }).waitFor({ state: 'attached' });
    await page.keyboard.press('ArrowDown');
    expect(await move.getByRole('combobox').inputValue()).toBe(await teamId('primo-livello'));
    await tabTo(page, /^Nota per il team che riceve/);
    await page.keyboard.type('Da verificare con il fornitore della rete.');
    await tabTo(page, /^Sposta$/);
    await page.keyboard.press('Enter');
    await move.waitFor({ state: 'detached' });
    await expectText(page.getByTestId('ticket-team'), FIRST);
    await expectText(page.locator('.event-team_changed'), `Spostato al team ${FIRST}`);

    // The same form in English passes axe-core and says no Italian.
    await page.getByRole('button', { name: 'Passa all’inglese' }).click();
    await page.getByRole('button', { name: 'Move to another team' }).click();
    const moveEn = page.getByRole('form', { name: 'Move to another team' });
    await moveEn.getByRole('combobox').waitFor();
    await expectText(page.locator('.event-team_changed'), `Moved to the team ${FIRST}`);
    await expectNoPlaceholders(page);
    await expectAccessible(page, 'move to another team form [en]');
    expect(await moveEn.textContent()).not.toMatch(/\b(Sposta|Nota|team che riceve)\b/);
    expect(realErrors(watch.errors)).toEqual([]);
    await context.close();
  }, 180_000);
});
