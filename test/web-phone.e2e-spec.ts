import { hashPassword } from '@app/auth';
import {
  authHeaders,
  BasicFixtures,
  buildWebUi,
  createBasicFixtures,
  createTestApp,
  createUser,
  expectNoPlaceholders,
  expectText,
  launchBrowser,
  saveScreenshot,
  TestApp,
  watchPage,
} from '@app/testing';
import { ContactEntity, UserEntity } from '@app/tickets';
import { Browser } from 'playwright-core';
import request from 'supertest';

const PASSWORD = 'password-di-prova-2026';

/**
 * Issue 24 in a real browser (Debian's Chromium through playwright-core) against the real api on
 * PostgreSQL: the PBX posts a ringing call, the agent sees who is calling, takes the call and
 * registers a ticket whose received time is the call's start.
 */
describe('the phone line in the web UI (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let browser: Browser | undefined;
  let base: string;
  let bearer: Record<string, string>;
  let contact: ContactEntity;
  let admin: UserEntity;

  beforeAll(async () => {
    browser = await launchBrowser();
    if (!browser) return;
    process.env.WEB_DIR = buildWebUi();
    t = await createTestApp();
    delete process.env.WEB_DIR;
    f = await createBasicFixtures(t.dataSource);
    await t.dataSource.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [
      f.agent.id,
      await hashPassword(PASSWORD),
    ]);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    await t.dataSource.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [
      admin.id,
      await hashPassword(PASSWORD),
    ]);
    const token = await request(t.http)
      .post('/api/admin/tokens')
      .set(authHeaders(admin))
      .send({ name: 'Centralino', scopes: ['cti'] });
    bearer = { Authorization: `Bearer ${token.body.token}` };
    contact = await t.dataSource.getRepository(ContactEntity).save({
      name: 'Elena Bruni',
      email: 'elena.bruni@comune.pontassieve.fi.it',
      phone: '055 831 2233',
      enteId: f.ente.id,
    });
    const open = await request(t.http).post('/api/tickets').set(authHeaders(f.agent)).send({
      channel: 'phone',
      requesterId: contact.id,
      enteId: f.ente.id,
      subject: 'Protocollo informatico lento',
    });
    expect(open.status).toBe(201);
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(email: string) {
    const context = await browser!.newContext({ viewport: { width: 1400, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(base);
    await page.getByLabel(/E-mail/).fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Entra' }).click();
    await page.getByRole('heading', { name: 'Coda ticket' }).waitFor();
    return { context, page, watch };
  }

  it('from a ringing call to a ticket received at the call’s start', async () => {
    if (!browser) return;
    const { context, page, watch } = await signIn(f.agent.email);

    // The call started two minutes ago (its newCall stamped by the PBX), in the caller's own format.
    const startedAt = Math.floor(Date.now() / 1000) - 120;
    const ring = await request(t.http)
      .post('/api/cti/events')
      .set(bearer)
      .type('form')
      .send({
        event: 'newCall',
        callId: '1764840000.77',
        from: '+39 055 8312233',
        to: '0550001000',
        direction: 'in',
        timestamp: String(startedAt),
      });
    expect(ring.status).toBe(200);

    const banner = page.getByTestId('ringing-call');
    await expectText(banner, 'Chiamata in arrivo');
    await expectText(banner, 'Elena Bruni');
    await expectText(banner, 'Comune di Pontassieve');
    await expectText(banner, 'Ticket aperti: 1');
    await expectNoPlaceholders(page);
    await saveScreenshot(page, 'ringing-call');

    await banner.getByRole('button', { name: 'Prendi la chiamata' }).click();
    const intake = page.getByRole('dialog', { name: 'Nuova telefonata' });
    expect(await intake.getByLabel('Nome e cognome').inputValue()).toBe('Elena Bruni');
    expect(await intake.getByLabel('Ente').inputValue()).toBe(f.ente.id);
    await expectText(intake.getByTestId('call-time'), 'Ora della chiamata');
    await expectNoPlaceholders(page);
    await intake.getByLabel('Oggetto').fill('Non riesce a protocollare una PEC');
    await intake.getByRole('button', { name: 'Registra' }).click();
    await page.getByRole('heading', { name: /Non riesce a protocollare una PEC/ }).waitFor();
    await expectNoPlaceholders(page);

    const [ticket] = await t.dataSource.query(
      `SELECT id, received_at, requester_id, ente_id, channel::text AS channel FROM ticket WHERE subject = $1`,
      ['Non riesce a protocollare una PEC'],
    );
    expect(ticket).toMatchObject({ requester_id: contact.id, ente_id: f.ente.id, channel: 'phone' });
    expect(new Date(ticket.received_at).getTime()).toBe(startedAt * 1000);
    const [call] = await t.dataSource.query(
      `SELECT ticket_id FROM phone_call WHERE call_id = '1764840000.77'`,
    );
    expect(call.ticket_id).toBe(ticket.id);
    // The call ends: its ring and talk time join the ticket's timeline, live on the open page.
    await request(t.http)
      .post('/api/cti/events')
      .set(bearer)
      .send({ event: 'answer', callId: '1764840000.77', user: '201', timestamp: String(startedAt + 9) })
      .expect(200);
    await request(t.http)
      .post('/api/cti/events')
      .set(bearer)
      .send({
        event: 'hangup',
        callId: '1764840000.77',
        cause: 'normalClearing',
        timestamp: String(startedAt + 9 + 125),
      })
      .expect(200);
    await page.reload();
    await expectText(
      page.locator('.event-phone_call'),
      /Telefonata ricevuta da \+39 055 8312233 · .*squillo 0m 09s · durata 2m 05s/,
    );
    await expectNoPlaceholders(page);
    expect(watch.dialogs).toEqual([]);
    expect(watch.errors.filter((e) => !/401 \(Unauthorized\)/.test(e))).toEqual([]);
    await context.close();
  });

  it('the call log: the day’s calls, a missed call to call back; an admin maps an extension', async () => {
    if (!browser) return;
    const missed = { callId: '1764840000.78', from: '347 1234567', to: '0550001000', direction: 'in' };
    await request(t.http)
      .post('/api/cti/events')
      .set(bearer)
      .send({ event: 'newCall', ...missed });
    await request(t.http)
      .post('/api/cti/events')
      .set(bearer)
      .send({ event: 'hangup', ...missed, cause: 'cancel' });
    const { context, page, watch } = await signIn(f.agent.email);

    // Elena calls again: the agent takes the call on her open ticket from the banner.
    const again = { callId: '1764840000.79', from: '0558312233', to: '0550001000', direction: 'in' };
    expect(
      (
        await request(t.http)
          .post('/api/cti/events')
          .set(bearer)
          .send({ event: 'newCall', ...again })
      ).status,
    ).toBe(200);
    const [open] = await t.dataSource.query(
      `SELECT id, number FROM ticket WHERE subject = 'Protocollo informatico lento'`,
    );
    const banner = page.getByTestId('ringing-call');
    await expectText(banner, 'Elena Bruni');
    await banner.getByRole('link', { name: open.number }).click();
    await page.getByRole('heading', { name: /Protocollo informatico lento/ }).waitFor();
    for (let i = 0; i < 50; i++) {
      const [logged] = await t.dataSource.query(`SELECT ticket_id FROM phone_call WHERE call_id = $1`, [
        again.callId,
      ]);
      if (logged.ticket_id) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const [logged] = await t.dataSource.query(`SELECT ticket_id FROM phone_call WHERE call_id = $1`, [
      again.callId,
    ]);
    expect(logged.ticket_id).toBe(open.id);

    await page.getByRole('link', { name: 'Telefonate' }).click();
    await page.getByRole('heading', { name: 'Registro chiamate' }).waitFor();
    await expectText(page.getByTestId('call-totals'), '1 perse');
    const table = page.getByRole('table', { name: 'Registro chiamate' });
    const callBack = table.getByRole('link', { name: 'Richiama' });
    expect(await callBack.getAttribute('href')).toBe('tel:+393471234567');
    // The call taken in the first test became a ticket.
    const [taken] = await t.dataSource.query(
      `SELECT number FROM ticket WHERE subject = 'Non riesce a protocollare una PEC'`,
    );
    await expectText(table, 'Elena Bruni');
    await expectText(table, taken.number);
    await expectText(table, 'Persa');
    await page.getByLabel('Mostra').selectOption({ label: 'Solo perse' });
    // Filtered in the page: only the missed call is left.
    for (let i = 0; i < 50 && (await table.locator('tbody tr').count()) !== 1; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await table.locator('tbody tr').count()).toBe(1);
    await expectNoPlaceholders(page);
    await saveScreenshot(page, 'call-log');
    expect(watch.errors.filter((e) => !/401 \(Unauthorized\)/.test(e))).toEqual([]);
    await context.close();

    const asAdmin = await signIn(admin.email);
    await asAdmin.page.goto(`${base}/calls`);
    await asAdmin.page.getByLabel('Interno', { exact: true }).fill('201');
    await asAdmin.page.getByLabel('Operatore').selectOption({ label: 'Marco Rossi' });
    await asAdmin.page.getByRole('button', { name: 'Assegna' }).click();
    await asAdmin.page.getByText('201 → Marco Rossi').waitFor();
    await expectNoPlaceholders(asAdmin.page);
    const [row] = await t.dataSource.query(`SELECT user_id FROM phone_extension WHERE extension = '201'`);
    expect(row.user_id).toBe(f.agent.id);
    await asAdmin.context.close();
  });
});
