import {
  BasicFixtures,
  createBasicFixtures,
  expectNoPlaceholders,
  expectText,
  launchBrowser,
  saveScreenshot,
  TestApp,
  watchPage,
} from '@app/testing';
import { giveTestPassword, signInThroughPage, startWebApp } from '@app/testing/web-app';
import { Browser } from 'playwright-core';

/**
 * A refused form in the agent's language, next to the field (issue 16.12), and the call time of a
 * call logged afterwards on the phone intake form (issue 16.18), in Debian's Chromium against the
 * real api with a 24-hour backdating window.
 */
describe('web UI forms: refusals said in the user’s language, the call time (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let browser: Browser | undefined;
  let base: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ({ t, base } = await startWebApp({ INTAKE_BACKDATE_HOURS: '24' }));
    f = await createBasicFixtures(t.dataSource);
    await giveTestPassword(t.dataSource, [f.agent]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The wall time in Rome of an instant, as a datetime-local value. */
  const romeInput = (ms: number) =>
    new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Rome',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .format(new Date(ms))
      .replace(' ', 'T');

  it('says a refused field in Italian (then English) next to it; inputs stop at the api’s limits; a late call keeps its time', async () => {
    if (!browser) return;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    const watch = watchPage(page);
    await signInThroughPage(page, base, f.agent.email);

    await page.getByRole('button', { name: /Nuova telefonata/ }).click();
    const intake = page.getByRole('dialog', { name: 'Nuova telefonata' });
    expect(await intake.getByLabel('Oggetto').getAttribute('maxlength')).toBe('300');
    expect(await intake.getByLabel('Nome e cognome').getAttribute('maxlength')).toBe('200');
    expect(await intake.getByLabel('Descrizione').getAttribute('maxlength')).toBe('20000');

    await intake.getByLabel('Nome e cognome').fill('Ugo Bassi');
    await intake.getByLabel('Telefono del chiamante').fill('chiamami');
    await intake.getByLabel('Oggetto').fill('Stampante ferma');
    await intake.getByRole('button', { name: 'Registra' }).click();
    const alert = intake.getByRole('alert');
    await expectText(alert, 'Controlla i campi evidenziati.');
    await expectText(alert, 'Telefono: numero di telefono non valido');
    const phone = intake.getByLabel('Telefono del chiamante');
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    await expectText(
      intake.locator(`#${await phone.getAttribute('aria-describedby')}`),
      'numero di telefono non valido',
    );
    // Never the api's field paths or its English validator text.
    const text = (await intake.textContent()) ?? '';
    expect(text).not.toMatch(/requester\.phone|must be|telephone number/);
    await expectNoPlaceholders(page);
    await saveScreenshot(page, 'intake-refused-field');

    // In English the same refusal reads in English.
    await intake.getByRole('button', { name: 'Annulla' }).click();
    await page.getByRole('button', { name: 'Passa all’inglese' }).click();
    await page.getByRole('button', { name: /New phone call/ }).click();
    const english = page.getByRole('dialog', { name: 'New phone call' });
    await english.getByLabel('Full name').fill('Ugo Bassi');
    await english.getByLabel('Caller’s phone').fill('chiamami');
    await english.getByLabel('Subject').fill('Stampante ferma');
    await english.getByRole('button', { name: 'Register' }).click();
    await expectText(english.getByRole('alert'), 'Phone: not a valid phone number');
    await english.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Switch to Italian' }).click();
    await page.getByRole('button', { name: /Nuova telefonata/ }).click();
    await intake.getByLabel('Nome e cognome').fill('Ugo Bassi');
    await intake.getByLabel('Oggetto').fill('Stampante ferma');
    // The call time: bounded by the window, the clocks of the ticket start then.
    const callTime = intake.getByLabel('Ora della chiamata');
    await expectText(intake, 'al massimo 24 ore fa');
    const min = Date.parse(`${(await callTime.getAttribute('min'))!}:00Z`);
    const max = Date.parse(`${(await callTime.getAttribute('max'))!}:00Z`);
    expect(Math.round((max - min) / 3_600_000)).toBe(24);
    const calledAt = Date.now() - 2 * 3_600_000;
    await callTime.fill(romeInput(calledAt));
    await phone.fill('055 2223344');
    await intake.getByRole('button', { name: 'Registra' }).click();
    await page.getByRole('heading', { name: /Stampante ferma/ }).waitFor();
    const [ticket] = await t.dataSource.query(
      `SELECT received_at FROM ticket WHERE subject = 'Stampante ferma'`,
    );
    const minute = Math.floor(calledAt / 60_000) * 60_000;
    expect((ticket.received_at as Date).getTime()).toBe(minute);
    await expectNoPlaceholders(page);

    expect(watch.dialogs).toEqual([]);
    expect(watch.errors.filter((e) => !/40[01] \((Unauthorized|Bad Request)\)/.test(e))).toEqual([]);
    await context.close();
  }, 120_000);
});
