import {
  accessibilityProblems,
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  expectAccessible,
  expectText,
  launchBrowser,
  publicFormToken,
  saveScreenshot,
  TestApp,
  watchPage,
} from '@app/testing';
import { giveTestPassword, signInThroughPage, startWebApp } from '@app/testing/web-app';
import { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';

type Lang = 'it' | 'en';

const SECRETS_KEY = 'ef'.repeat(32);
const formToken = () => publicFormToken(SECRETS_KEY, new Date());

const WORDS = {
  it: {
    title: /^Richiesta \d{4}-\d+$/,
    fresh: 'Ricevuta, in attesa di essere presa in carico',
    answered: 'In lavorazione',
    resolved: 'Se il problema si ripresenta, lo scriva qui sotto.',
    added: 'Il suo messaggio è stato aggiunto alla richiesta.',
    required: 'Campo obbligatorio.',
    lostTitle: 'Ricevi di nuovo il link della richiesta',
    lostSent: 'Se il numero e l’indirizzo corrispondono a una richiesta',
    badLink: 'Questo link non è valido, è scaduto o è stato revocato.',
  },
  en: {
    title: /^Request \d{4}-\d+$/,
    fresh: 'Received, waiting to be taken in charge',
    answered: 'Being worked on',
    resolved: 'If the problem comes back, write it below.',
    added: 'Your message has been added to the request.',
    required: 'Required.',
    lostTitle: 'Get the request’s link again',
    lostSent: 'If the number and the address match a request',
    badLink: 'This link is not valid, has expired or was revoked.',
  },
} as const;

/** What has the focus, in words a failure message can show: its id, else its link, else its tag. */
const focused = (page: Page) =>
  page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    if (el.id) return '#' + el.id;
    if (el.tagName === 'A') return (el.closest('footer') ? 'footer ' : '') + 'a[' + el.getAttribute('href') + ']';
    return el.tagName.toLowerCase() + (el.getAttribute('type') ? '[' + el.getAttribute('type') + ']' : '');
  })()`) as Promise<string>;

/**
 * The citizen's follow page in Chromium (issue 20.2, 20.5): the page of a new, an answered and a
 * resolved request, after a message is added and with an error, the lost-link form and its answer,
 * and the bad-link page pass axe-core in Italian and English; a citizen adds a message with the
 * keyboard alone (skip link first, the message, the file picker, the button; the "added" notice a
 * status); every page reflows at 200% zoom and 320 px. Staff revoke the citizen's links from the
 * ticket page through an accessible dialog, and the old link then shows the bad-link page.
 */
describe('follow page in the browser: axe, keyboard, zoom; staff revoke the links (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let browser: Browser | undefined;
  let base: string;
  let seq = 0;

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ({ t, base } = await startWebApp({
      SECRETS_KEY,
      // A person types slower than the form's minimum fill time; the spec need not wait.
      PUBLIC_FORM_MIN_FILL_SECONDS: '0',
      PUBLIC_FORM_PER_ADDRESS_PER_HOUR: '1000',
      PUBLIC_FORM_PER_EMAIL_PER_DAY: '1000',
    }));
    f = await createBasicFixtures(t.dataSource);
    await giveTestPassword(t.dataSource, [f.agent]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  let context: BrowserContext;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  beforeEach(async () => {
    if (!browser) return;
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
    page = await context.newPage();
    watch = watchPage(page);
  });
  afterEach(async () => {
    if (!browser) return;
    await context.close();
    // The message sent empty (400), the lost-link form sent empty (400) and a bad link (404) are
    // answered so on purpose; the api serves no favicon.
    const expected =
      /\/favicon\.ico|status of 40[04] \(.*\) @ http:\/\/[\d.:]+\/richiesta\/segui|401 \(Unauthorized\) @ .*\/api\/auth\/me/;
    expect(watch.errors.filter((e) => !expected.test(e))).toEqual([]);
    expect(watch.dialogs).toEqual([]);
  });

  const lastMail = async (kind: string, to: string) =>
    (
      await t.dataSource.query<{ text_body: string; ticket_id: string }[]>(
        `SELECT text_body, ticket_id FROM outbound_mail WHERE kind = $1 AND to_addresses[1] = $2
          ORDER BY created_at DESC, id DESC LIMIT 1`,
        [kind, to],
      )
    )[0]!;

  /** A citizen's request through the public form, confirmed: its ticket, number and follow link. */
  async function citizenTicket(subject: string) {
    const email = `segui.${++seq}@example.org`;
    const req = request(t.http).post('/richiesta');
    const fields = {
      name: 'Giulia Verdi',
      email,
      ente: f.ente.id,
      subject,
      description: 'Il portale dei tributi non si apre.',
      privacy: 'on',
      formToken: formToken(),
    };
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    await req.expect(200);
    const confirm = /\/richiesta\/conferma\?t=([A-Za-z0-9_-]{43})/.exec(
      (await lastMail('confirmation', email)).text_body,
    )![1];
    await request(t.http).post('/richiesta/conferma').type('form').send({ t: confirm }).expect(200);
    const ack = await lastMail('ack', email);
    const token = /\/richiesta\/segui\?t=([A-Za-z0-9_-]{50})/.exec(ack.text_body)![1]!;
    const [{ number }] = await t.dataSource.query<{ number: string }[]>(
      `SELECT number FROM ticket WHERE id = $1`,
      [ack.ticket_id],
    );
    return { email, id: ack.ticket_id, number: number!, token };
  }
  const followUrl = (token: string, lang: Lang) =>
    `${base}/richiesta/segui?t=${token}${lang === 'en' ? '&lang=en' : ''}`;

  async function expectNoAxeProblems(name: string) {
    const problems = (await accessibilityProblems(page)).map(
      (p) => `${name}: ${p.impact} ${p.rule} (${p.help}) @ ${p.targets.join(', ')}`,
    );
    expect(problems).toEqual([]);
  }

  /** Tab from the top of the page to its end: every stop, in order, each with a visible ring. */
  async function tabStops(): Promise<string[]> {
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    const stops: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      if (now === 'body' || stops.includes(now)) break;
      const ring = (await page.evaluate(
        '(s => [s.outlineStyle, parseFloat(s.outlineWidth)])(getComputedStyle(document.activeElement))',
      )) as [string, number];
      expect({ stop: now, ring: ring[0], wide: ring[1] >= 2 }).toEqual({
        stop: now,
        ring: 'solid',
        wide: true,
      });
      stops.push(now);
    }
    return stops;
  }

  /** The skip link is the first stop, and it takes the focus to the main content. */
  async function skipToContent() {
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a[#main]');
    expect(await page.evaluate('getComputedStyle(document.activeElement).left')).not.toBe('-9999px');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('#main');
  }

  for (const lang of ['it', 'en'] as const) {
    const w = WORDS[lang];

    it(`[${lang}] keyboard only: the skip link first, the message, the file picker and the button; a message sent with Enter is announced; an empty one is refused next to its field; axe on every state of the page`, async () => {
      if (!browser) return;
      const ticket = await citizenTicket(`Portale tributi ${lang}`);
      await page.goto(followUrl(ticket.token, lang));
      await expectText(page.locator('h1'), w.title);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await expectText(page.locator('main'), w.fresh);
      await expectNoAxeProblems(`follow page, new request [${lang}]`);

      const stops = await tabStops();
      expect(stops[0]).toBe('a[#main]');
      const inMain = stops.filter((s) => s.startsWith('#') || s.startsWith('button'));
      expect(inMain).toEqual(['#description', '#files', 'button[submit]']);
      expect(stops.slice(-2).every((s) => s.startsWith('footer '))).toBe(true);

      // Sent empty with the keyboard: refused, the focus on the message, its error read with it.
      await skipToContent();
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('#description');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('#files');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('button[submit]');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      await expectText(page.locator('#description-error'), w.required);
      expect(await focused(page)).toBe('#description');
      const field = page.locator('#description');
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain('description-error');
      expect(await page.title()).toContain(w.required.replace(/\.$/, ''));
      await expectNoAxeProblems(`follow page with an error [${lang}]`);

      // A message and a file, with the keyboard alone; Enter sends. The picker itself is the
      // browser's own dialog, which headless Chromium opens from Space only now and then: the
      // file goes into the focused input directly, and the walk goes on from there.
      await page.keyboard.type('Il portale dà ancora errore.');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('#files');
      await page
        .locator('#files')
        .setInputFiles({ name: 'errore.txt', mimeType: 'text/plain', buffer: Buffer.from('HTTP 500') });
      expect(await focused(page)).toBe('#files');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('button[submit]');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      const notice = page.getByRole('status');
      await expectText(notice, w.added);
      await expectText(page.locator('.messages'), 'Il portale dà ancora errore.');
      await expectNoAxeProblems(`follow page, message added [${lang}]`);
      const files = await t.dataSource.query<{ filename: string }[]>(
        `SELECT filename FROM attachment WHERE ticket_id = $1`,
        [ticket.id],
      );
      expect(files.map((x) => x.filename)).toEqual(['errore.txt']);

      // After an agent's answer, and resolved.
      await request(t.http)
        .post(`/api/tickets/${ticket.id}/reply`)
        .set(authHeaders(f.agent))
        .send({ via: 'email', body: 'Gentile Giulia, il portale è di nuovo raggiungibile.' })
        .expect(200);
      await page.goto(followUrl(ticket.token, lang));
      await expectText(page.locator('main'), w.answered);
      await expectText(page.locator('.messages'), 'il portale è di nuovo raggiungibile');
      await expectNoAxeProblems(`follow page, answered [${lang}]`);
      await saveScreenshot(page, `follow-page${lang === 'en' ? '-en' : ''}`);
      await request(t.http)
        .post(`/api/tickets/${ticket.id}/resolve`)
        .set(authHeaders(f.agent))
        .send({ resolution: 'Portale riavviato' })
        .expect(200);
      await page.goto(followUrl(ticket.token, lang));
      await expectText(page.locator('main'), w.resolved);
      await expectNoAxeProblems(`follow page, resolved [${lang}]`);
    }, 120_000);

    it(`[${lang}] the lost-link form (empty and sent) and the bad-link page pass axe and are used with the keyboard`, async () => {
      if (!browser) return;
      const ticket = await citizenTicket(`Link perso ${lang}`);
      await page.goto(`${base}/richiesta/segui${lang === 'en' ? '?lang=en' : ''}`);
      await expectText(page.locator('h1'), w.lostTitle);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await expectNoAxeProblems(`lost-link form [${lang}]`);
      const stops = await tabStops();
      expect(stops.filter((s) => s.startsWith('#') || s.startsWith('button'))).toEqual([
        '#number',
        '#email',
        'button[submit]',
      ]);

      // Sent empty: both fields said, the focus on the first.
      await skipToContent();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('button[submit]');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await focused(page)).toBe('#number');
      expect(await page.locator('#number').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#email').getAttribute('aria-invalid')).toBe('true');
      await expectNoAxeProblems(`lost-link form with errors [${lang}]`);

      await page.keyboard.type(ticket.number);
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('#email');
      await page.keyboard.type(ticket.email);
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      await expectText(page.locator('main'), w.lostSent);
      await expectNoAxeProblems(`lost-link sent [${lang}]`);
      const fresh = await lastMail('follow_link', ticket.email);
      expect(fresh.ticket_id).toBe(ticket.id);

      await page.goto(followUrl('x'.repeat(50), lang));
      await expectText(page.locator('main'), w.badLink);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await expectNoAxeProblems(`bad link [${lang}]`);
      await skipToContent();
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe(`a[/richiesta/segui${lang === 'en' ? '?lang=en' : ''}]`);
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      await expectText(page.locator('h1'), w.lostTitle);
    }, 90_000);

    it(`[${lang}] at 200% zoom (and at 320 px) no follow page needs horizontal scrolling`, async () => {
      if (!browser) return;
      const ticket = await citizenTicket(
        `Zoom ${lang}: un oggetto piuttosto lungo, senza spazi-lunghissimoinutilmente`,
      );
      await request(t.http)
        .post(`/api/tickets/${ticket.id}/reply`)
        .set(authHeaders(f.agent))
        .send({
          via: 'email',
          body: `Risposta con un indirizzo lungo: https://example.org/${'a'.repeat(80)}`,
        })
        .expect(200);
      for (const width of [640, 320]) {
        const zoomed = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: 2 });
        try {
          const p = await zoomed.newPage();
          const overflow = async (what: string) => {
            await p.locator('h1').waitFor();
            const [scroll, client] = (await p.evaluate(
              '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
            )) as [number, number];
            expect({ width, what, scroll }).toEqual({ width, what, scroll: client });
          };
          await p.goto(followUrl(ticket.token, lang));
          await overflow('follow page');
          await Promise.all([p.waitForNavigation(), p.locator('button[type=submit]').click()]);
          await p.locator('#description-error').waitFor();
          await overflow('follow page with an error');
          await p.goto(`${base}/richiesta/segui${lang === 'en' ? '?lang=en' : ''}`);
          await overflow('lost-link form');
          await Promise.all([p.waitForNavigation(), p.locator('button[type=submit]').click()]);
          await overflow('lost-link form with errors');
          await p.goto(followUrl('x'.repeat(50), lang));
          await overflow('bad link');
        } finally {
          await zoomed.close();
        }
      }
    }, 60_000);
  }

  it('staff revoke the citizen’s links from the ticket page through an accessible dialog; the old link then shows the bad-link page', async () => {
    if (!browser) return;
    const ticket = await citizenTicket('Link inoltrato per sbaglio');
    await signInThroughPage(page, base, f.agent.email);
    await page.goto(`${base}/tickets/${ticket.id}`);
    await page.locator('#ticket-title').waitFor();
    const revoke = page.getByRole('button', { name: 'Revoca i link del cittadino' });

    // Asked first: Annulla (the focus is there) or Esc revokes nothing.
    await revoke.click();
    const dialog = page.getByRole('dialog', { name: /Revocare i link del cittadino per la richiesta/ });
    await dialog.waitFor();
    expect(await focused(page)).not.toBe('body');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Annulla');
    await expectAccessible(page, 'ticket page, revoke dialog [it]');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(page.url()).toContain(`/tickets/${ticket.id}`);
    await page.goto(followUrl(ticket.token, 'it'));
    await expectText(page.locator('h1'), WORDS.it.title);

    // In English, with the keyboard: the button, the dialog, confirmed.
    await page.goto(`${base}/tickets/${ticket.id}`);
    await page.getByRole('button', { name: 'Passa all’inglese' }).click();
    const revokeEn = page.getByRole('button', { name: 'Revoke the citizen’s links' });
    await revokeEn.focus();
    await page.keyboard.press('Enter');
    const dialogEn = page.getByRole('dialog', { name: /Revoke the citizen’s links for request/ });
    await dialogEn.waitFor();
    await expectAccessible(page, 'ticket page, revoke dialog [en]');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Revoke the links');
    await page.keyboard.press('Enter');
    await dialogEn.waitFor({ state: 'hidden' });
    await expectText(
      page.getByTestId('follow-links-said'),
      'Links revoked: the ones sent so far no longer work; the next e-mails to the citizen will carry a new one.',
    );
    expect(await page.getByTestId('follow-links-said').getAttribute('role')).toBe('status');
    // The focus is back on the button that opened the dialog.
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Revoke the citizen’s links');
    await expectAccessible(page, 'ticket page, links revoked [en]');
    await page.getByRole('button', { name: /Italian|Italiano/ }).click();
    await expectText(
      page.getByTestId('follow-links-said'),
      'Link revocati: quelli mandati finora non funzionano più',
    );

    const [revocation] = await t.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM follow_link_revocation WHERE ticket_id = $1`,
      [ticket.id],
    );
    expect(Number(revocation!.n)).toBeGreaterThan(0);
    await page.goto(followUrl(ticket.token, 'it'));
    await expectText(page.locator('main'), WORDS.it.badLink);
    await expectNoAxeProblems('bad link after the revocation [it]');
  }, 90_000);
});
