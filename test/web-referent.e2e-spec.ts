import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createUser,
  expectNoPlaceholders,
  launchBrowser,
  TestApp,
  watchPage,
} from '@app/testing';
import { giveTestPassword, signInThroughPage, startWebApp } from '@app/testing/web-app';
import { UserEntity } from '@app/tickets';
import { Browser } from 'playwright-core';
import request from 'supertest';

/**
 * Issue 14, point 5, in a real browser: an ente referent's ticket page offers only what a referent
 * may do (a note their ente sees) and shows no internal staff note.
 */
describe('web UI for an ente referent (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let browser: Browser | undefined;
  let base: string;
  let referent: UserEntity;
  let ticketId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    ({ t, base } = await startWebApp());
    f = await createBasicFixtures(t.dataSource);
    referent = await createUser(t.dataSource, 'ente_referent', 'Referente Azzurri');
    await giveTestPassword(t.dataSource, [{ id: referent.id }]);
    await t.dataSource.query(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [
      referent.id,
      f.ente.id,
    ]);
    const ticket = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        requester: { name: 'Mario Rossi', phone: '+39 055 1234567' },
        enteId: f.ente.id,
        subject: 'Pagamento non registrato',
        takeCharge: true,
      });
    ticketId = ticket.body.id;
    const note = await request(t.http)
      .post(`/api/tickets/${ticketId}/notes`)
      .set(authHeaders(f.agent))
      .send({ body: 'Riservato: il fornitore ha sbagliato la configurazione' });
    expect(note.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('offers a referent only a note their ente sees, and shows no internal note', async () => {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ locale: 'it-IT' });
    const page = await context.newPage();
    const watch = watchPage(page);
    await signInThroughPage(page, base, referent.email);
    await page.goto(`${base}/tickets/${ticketId}`);
    await page.getByRole('heading', { name: /Pagamento non registrato/ }).waitFor();
    const toolbar = page.getByRole('toolbar');
    expect(await toolbar.getByRole('button').allInnerTexts()).toEqual([
      expect.stringContaining('Nota (visibile all’ente)'),
    ]);
    expect(await page.getByText('il fornitore ha sbagliato').count()).toBe(0);

    await toolbar.getByRole('button', { name: /Nota \(visibile all’ente\)/ }).click();
    await page
      .getByRole('textbox', { name: 'Nota (visibile all’ente)' })
      .fill('Il pagamento risulta addebitato il 3 marzo');
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.getByText('Nota del referente dell’ente').waitFor();
    await page.locator('.event.referent_note').getByText('addebitato il 3 marzo').waitFor();
    const [row] = await t.dataSource.query(
      `SELECT type, actor_id FROM ticket_event WHERE ticket_id = $1 ORDER BY id DESC LIMIT 1`,
      [ticketId],
    );
    expect(row).toEqual({ type: 'referent_note', actor_id: referent.id });
    // The ticket page asks nothing a referent may not have (clocks, files, presence, the live stream).
    expect(watch.errors.filter((e) => /\/sla|\/attachments|\/presence|\/api\/events/.test(e))).toEqual([]);
    await expectNoPlaceholders(page);
    await context.close();
  });
});
