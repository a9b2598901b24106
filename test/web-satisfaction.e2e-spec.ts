import { readFile } from 'node:fs/promises';

import { SatisfactionService } from '@app/portal';
import {
  accessibilityProblems,
  authHeaders,
  BasicFixtures,
  CALENDAR_ZONE,
  createBasicFixtures,
  expectText,
  launchBrowser,
  TestApp,
  watchPage,
} from '@app/testing';
import { giveTestPassword, signInThroughPage, startWebApp } from '@app/testing/web-app';
import { UserEntity } from '@app/tickets';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import request from 'supertest';

/** What has the focus, in words a failure message can show: its id, else its link, else its tag. */
const focused = (page: Page) =>
  page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    if (el.id) return '#' + el.id;
    if (el.tagName === 'A') return 'a[' + el.getAttribute('href') + ']';
    return el.tagName.toLowerCase() + (el.getAttribute('type') ? '[' + el.getAttribute('type') + ']' : '');
  })()`) as Promise<string>;

const SURVEY = {
  it: {
    title: 'Com’è andata?',
    required: 'Scelga un voto da 1 a 5.',
    error: 'Errore:',
    thanks: 'Grazie della sua valutazione',
    already: 'si può valutare una volta sola',
  },
  en: {
    title: 'How did it go?',
    required: 'Choose a score from 1 to 5.',
    error: 'Error:',
    thanks: 'Thank you for your rating',
    already: 'it can be rated once only',
  },
} as const;

/**
 * The citizens' satisfaction in the browser (issue 20.3, 20.5): supervisors read it on the reports
 * page (per month, channel and agent, with the comments, in Italian and English, CSV in the UI's
 * dialect, axe clean); the survey's pages (the form, the form sent without a score, thanks, already
 * answered) pass axe in Italian and English and are answered with the keyboard alone.
 */
describe('citizens’ satisfaction in the browser: the reports section and the survey pages (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let browser: Browser | undefined;
  let base: string;
  let service: SatisfactionService;
  let seq = 0;

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ({ t, base } = await startWebApp({ SECRETS_KEY: 'ef'.repeat(32) }));
    f = await createBasicFixtures(t.dataSource);
    await giveTestPassword(t.dataSource, [f.supervisor]);
    service = t.app.get(SatisfactionService);
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
    context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'it-IT',
      acceptDownloads: true,
    });
    page = await context.newPage();
    watch = watchPage(page);
  });
  afterEach(async () => {
    if (!browser) return;
    await context.close();
    // The survey sent without a score is answered 400 on purpose; no favicon; not signed in yet.
    const expected =
      /\/favicon\.ico|status of 400 \(.*\) @ http:\/\/[\d.:]+\/richiesta\/valuta|401 \(Unauthorized\) @ .*\/api\/auth\/me/;
    expect(watch.errors.filter((e) => !expected.test(e))).toEqual([]);
    expect(watch.dialogs).toEqual([]);
  });

  /** A phone ticket taken and resolved by `agent`, its requester with an e-mail, its survey sent. */
  async function surveyed(agent: UserEntity) {
    const email = `valuta.${++seq}@example.org`;
    const created = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(agent))
      .send({
        channel: 'phone',
        subject: `Certificato anagrafico ${seq}`,
        enteId: f.ente.id,
        requester: { name: 'Luca Neri', phone: `055 66${seq}`, email },
        takeCharge: true,
      })
      .expect(201);
    await request(t.http)
      .post(`/api/tickets/${created.body.id}/resolve`)
      .set(authHeaders(agent))
      .send({ resolution: 'Certificato inviato' })
      .expect(200);
    await service.sendDue();
    const [mail] = await t.dataSource.query<{ text_body: string }[]>(
      `SELECT text_body FROM outbound_mail WHERE kind = 'satisfaction' AND to_addresses[1] = $1`,
      [email],
    );
    const token = /\/richiesta\/valuta\?t=([A-Za-z0-9_-]{43})/.exec(mail!.text_body)![1]!;
    return { id: created.body.id as string, number: created.body.number as string, token };
  }
  const answer = (token: string, fields: Record<string, string>) =>
    request(t.http).post(`/richiesta/valuta?t=${token}`).type('form').send(fields).expect(200);

  async function expectNoAxeProblems(name: string) {
    const problems = (await accessibilityProblems(page)).map(
      (p) => `${name}: ${p.impact} ${p.rule} (${p.help}) @ ${p.targets.join(', ')}`,
    );
    expect(problems).toEqual([]);
  }
  const download = async (link: Locator): Promise<string> => {
    const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
    return (await readFile((await file.path())!)).toString('utf8');
  };
  const rowText = async (table: Locator, first: string) =>
    (
      await table
        .locator('tbody tr')
        .filter({ has: page.getByRole('rowheader', { name: first, exact: true }) })
        .locator('th, td')
        .allTextContents()
    ).map((s) => s.trim());

  it('supervisors read it per month, channel and agent with the comments, in Italian and English; the CSV is Italian Excel’s; axe passes', async () => {
    if (!browser) return;
    // Marco Rossi: two resolutions, one rated 4 with a comment; Sara Conti: one rated 3.
    const rated = await surveyed(f.agent);
    await surveyed(f.agent);
    const other = await surveyed(f.otherAgent);
    const comment = 'Gentili e veloci.\n<b>Grazie</b> a tutti';
    await answer(rated.token, { score: '4', comment });
    await answer(other.token, { score: '3' });

    await signInThroughPage(page, base, f.supervisor.email);
    await page.getByRole('link', { name: 'Report' }).click();
    const section = page.getByTestId('satisfaction-report');
    await expectText(section.getByRole('heading', { level: 2 }), 'Soddisfazione dei cittadini');
    const table = section.locator('table[data-satisfaction]');
    await table.waitFor();

    // Per month (the default): this month in words, 3 sent, 2 answered, 66,7%, average 3,5.
    const month = new Date().toLocaleString('it-IT', {
      timeZone: CALENDAR_ZONE,
      month: 'long',
      year: 'numeric',
    });
    expect(await table.locator('thead th').allTextContents()).toEqual([
      'Mese',
      'Inviati',
      'Risposte',
      '% risposte',
      'Media',
      'Voto 1',
      'Voto 2',
      'Voto 3',
      'Voto 4',
      'Voto 5',
    ]);
    expect(await rowText(table, month)).toEqual([month, '3', '2', '66,7%', '3,5', '0', '0', '1', '1', '0']);
    expect(await rowText(table, 'Totale')).toEqual([
      'Totale',
      '3',
      '2',
      '66,7%',
      '3,5',
      '0',
      '0',
      '1',
      '1',
      '0',
    ]);

    // The comment: plain text (the markup shown, not applied), its ticket a link to the ticket's page.
    const comments = section.getByTestId('satisfaction-comments');
    const line = comments.locator('tbody tr');
    expect(await line.count()).toBe(1);
    const cells = (await line.locator('td').allTextContents()).map((s) => s.trim());
    expect(cells).toEqual([
      new Date().toLocaleDateString('it-IT'),
      '4',
      comment,
      rated.number,
      'Comune di Pontassieve',
      'Marco Rossi',
    ]);
    expect(await line.locator('b').count()).toBe(0);
    expect(await line.getByRole('link', { name: rated.number }).getAttribute('href')).toBe(
      `/tickets/${rated.id}`,
    );

    // Per channel: the channel's name in Italian.
    await section.getByLabel('Raggruppa per').selectOption('channel');
    await expectText(table.locator('thead th').first(), 'Canale');
    expect(await rowText(table, 'Telefono')).toEqual([
      'Telefono',
      '3',
      '2',
      '66,7%',
      '3,5',
      '0',
      '0',
      '1',
      '1',
      '0',
    ]);

    // Per agent: each agent's own figures.
    await section.getByLabel('Raggruppa per').selectOption('agent');
    await expectText(table.locator('thead th').first(), 'Operatore');
    await expectText(table, 'Sara Conti');
    expect(await rowText(table, 'Marco Rossi')).toEqual([
      'Marco Rossi',
      '2',
      '1',
      '50,0%',
      '4,0',
      '0',
      '0',
      '0',
      '1',
      '0',
    ]);
    expect(await rowText(table, 'Sara Conti')).toEqual([
      'Sara Conti',
      '1',
      '1',
      '100,0%',
      '3,0',
      '0',
      '0',
      '1',
      '0',
      '0',
    ]);
    await expectNoAxeProblems('reports page with the satisfaction [it]');

    // The CSV of the groups shown, in Italian Excel's dialect.
    const csvLink = section.getByTestId('satisfaction-csv');
    expect(await csvLink.getAttribute('href')).toContain('lang=it');
    expect(await csvLink.getAttribute('href')).toContain('by=agent');
    const csv = await download(csvLink);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('Chiave;Nome;Inviati;Risposte;% risposte;Media;Voto 1;Voto 2;Voto 3;Voto 4;Voto 5');
    expect(lines.find((l) => l.includes(';Marco Rossi;'))).toMatch(
      /;Marco Rossi;2;1;50(,0)?;4(,0)?;0;0;0;1;0$/,
    );
    expect(lines.at(-1)).toMatch(/^;Totale;3;2;66,7;3,5;0;0;1;1;0$/);

    // In English: the words, the decimal point, the channel's name.
    await page.getByRole('button', { name: /English/ }).click();
    await expectText(section.getByRole('heading', { level: 2 }), 'Citizens’ satisfaction');
    await expectText(table.locator('thead th').first(), 'Agent');
    expect(await rowText(table, 'Total')).toEqual([
      'Total',
      '3',
      '2',
      '66.7%',
      '3.5',
      '0',
      '0',
      '1',
      '1',
      '0',
    ]);
    await section.getByLabel('Group by').selectOption('channel');
    await expectText(table.locator('thead th').first(), 'Channel');
    expect(await rowText(table, 'Phone')).toEqual([
      'Phone',
      '3',
      '2',
      '66.7%',
      '3.5',
      '0',
      '0',
      '1',
      '1',
      '0',
    ]);
    await section.getByLabel('Group by').selectOption('month');
    const monthEn = new Date().toLocaleString('en-GB', {
      timeZone: CALENDAR_ZONE,
      month: 'long',
      year: 'numeric',
    });
    await expectText(table, monthEn);
    expect(await comments.locator('thead th').allTextContents()).toEqual([
      'Date',
      'Score',
      'Comment',
      'Ticket',
      'Municipality',
      'Agent',
    ]);
    expect(await section.getByTestId('satisfaction-csv').getAttribute('href')).toContain('lang=en');
    await expectNoAxeProblems('reports page with the satisfaction [en]');

    // The comment's ticket opens its page.
    await comments.getByRole('link', { name: rated.number }).click();
    await page.waitForURL(`**/tickets/${rated.id}`);
  }, 180_000);

  for (const lang of ['it', 'en'] as const) {
    const w = SURVEY[lang];

    it(`[${lang}] the survey page, sent without a score, thanks and already answered pass axe; it is answered with the keyboard alone`, async () => {
      if (!browser) return;
      const ticket = await surveyed(f.agent);
      const url = `${base}/richiesta/valuta?t=${ticket.token}${lang === 'en' ? '&lang=en' : ''}`;
      await page.goto(url);
      await expectText(page.locator('h1'), w.title);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await expectNoAxeProblems(`survey form [${lang}]`);

      // Tab: the skip link, the other language, the scores (one stop), the comment, the button.
      const stops: string[] = [];
      for (let i = 0; i < 5; i++) {
        await page.keyboard.press('Tab');
        stops.push(await focused(page));
      }
      expect(stops[0]).toBe('a[#main]');
      expect(stops.slice(2)).toEqual(['#score-1', '#comment', 'button[submit]']);

      // Sent without a score: refused, said first in the title, the focus back on the scores.
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      await expectText(page.locator('#score-error'), w.required);
      expect(await page.title()).toMatch(new RegExp(`^${w.error}`));
      expect(await focused(page)).toBe('#score-1');
      expect((await page.locator('fieldset').getAttribute('aria-describedby'))?.split(' ')).toContain(
        'score-error',
      );
      await expectNoAxeProblems(`survey form without a score [${lang}]`);

      // The arrow keys choose within the group; Tab goes on to the comment and the button.
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
      expect(await focused(page)).toBe('#score-4');
      expect(await page.locator('#score-4').isChecked()).toBe(true);
      await page.keyboard.press('ArrowUp');
      expect(await page.locator('#score-3').isChecked()).toBe(true);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('#comment');
      await page.keyboard.type('Risposta chiara, grazie.');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('button[submit]');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      await expectText(page.locator('main'), w.thanks);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await expectNoAxeProblems(`survey thanks [${lang}]`);
      const [row] = await t.dataSource.query<{ score: number; comment: string }[]>(
        `SELECT score, comment FROM satisfaction_survey WHERE ticket_id = $1`,
        [ticket.id],
      );
      expect(row).toEqual({ score: 4, comment: 'Risposta chiara, grazie.' });

      // The link again: answered already, said so.
      await page.goto(url);
      await expectText(page.locator('main'), w.already);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await expectNoAxeProblems(`survey already answered [${lang}]`);
    }, 120_000);
  }
});
