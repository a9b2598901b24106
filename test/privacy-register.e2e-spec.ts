import { MailIngestService, OutboxSenderService } from '@app/mail';
import {
  accessibilityProblems,
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  expectText,
  launchBrowser,
  saveScreenshot,
  SmtpReceiver,
  startSmtpReceiver,
  TestApp,
  watchPage,
} from '@app/testing';
import { createTestWorker } from '@app/testing/test-worker';
import { UserEntity } from '@app/tickets';
import { INestApplicationContext } from '@nestjs/common';
import { Browser } from 'playwright-core';
import request from 'supertest';

const PUBLIC_URL = 'https://assistenza.cst.example.it';

/** Issue 18: the record of processing (art. 30), the privacy notice (art. 13) and where citizens find it. */
describe('record of processing and privacy notice (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let smtp: SmtpReceiver;
  let worker: INestApplicationContext;
  let base: string;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    t = await createTestApp({
      PUBLIC_URL: `${PUBLIC_URL}/`,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_SECURE: 'false',
      PUBLIC_FORM_CONFIRM_HOURS: '36',
    });
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore Registro');
    worker = await createTestWorker(t.config);
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await smtp?.stop();
  });

  describe('GET /api/privacy/register (GDPR art. 30)', () => {
    it('answers the record from the policy in force, Italian first', async () => {
      const res = await request(t.http).get('/api/privacy/register').set(authHeaders(f.supervisor));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const policy = (await request(t.http).get('/api/privacy/policy').set(authHeaders(f.supervisor))).body;
      expect(res.body).toMatchObject({
        policyVersion: policy.version,
        publishedAt: policy.createdAt,
        controller: {
          name: policy.definition.controller.name,
          address: policy.definition.controller.address,
          email: policy.definition.controller.email,
        },
        dpo: { email: policy.definition.controller.dpoEmail },
        purposes: policy.definition.purposes,
        recipients: policy.definition.recipients,
        processors: policy.definition.processors,
      });
      expect(Object.keys(res.body.purposes[0])).toEqual(['it', 'en']);
      expect(Object.keys(res.body.processors[0].role)).toEqual(['it', 'en']);
      expect(res.body.processors.map((p: { name: string }) => p.name).join()).toContain('SMTP');
      expect(res.body.dataClasses.map((c: { code: string }) => c.code)).toEqual([
        'rawMail',
        'messageBodies',
        'contactDetails',
        'outboundMail',
        'auditLog',
        'sessions',
      ]);
      expect(res.body.dataClasses[0]).toEqual({
        code: 'rawMail',
        description: {
          it: 'Originali delle e-mail ricevute e allegati',
          en: 'Original received e-mails and attachments',
        },
        retentionDays: policy.definition.retention.rawMail.days,
        minimumDays: policy.definition.retention.rawMail.minimumDays,
        from: { it: 'dalla chiusura del ticket', en: 'after the ticket is resolved' },
      });
      expect(res.body.securityMeasures.length).toBeGreaterThan(0);
      expect(res.body.dataSubjects.length).toBeGreaterThan(0);
      expect(res.body.transfers.it).toBeTruthy();
    });

    it('lists the public web form: the activity, its purpose, its held requests with the installation’s confirmation window, its counters and measures', async () => {
      const res = await request(t.http)
        .get('/api/privacy/register')
        .set(authHeaders(f.supervisor))
        .expect(200);
      expect(res.body.activity.it).toContain('modulo web pubblico');
      expect(res.body.purposes.map((p: { it: string }) => p.it).join('\n')).toContain(
        'Ricezione delle richieste dal modulo web pubblico',
      );
      expect(res.body.otherData.map((o: { code: string }) => o.code)).toEqual([
        'publicRequests',
        'publicFormCounters',
      ]);
      const [requests, counters] = res.body.otherData;
      expect(Object.keys(requests.description)).toEqual(['it', 'en']);
      expect(requests.description.it).toContain('allegati');
      expect(requests.retention).toMatchObject({
        it: expect.stringContaining('Non confermate: cancellate 36 ore dopo l’invio'),
        en: expect.stringContaining('Unconfirmed: deleted 36 hours after sending'),
      });
      expect(counters.retention).toEqual({ it: 'due giorni', en: 'two days' });
      expect(res.body.securityMeasures.map((m: { en: string }) => m.en).join('\n')).toContain(
        'Public web form without third-party services',
      );
    });

    it('follows a newly published policy version', async () => {
      const current = (await request(t.http).get('/api/privacy/policy').set(authHeaders(admin))).body;
      const next = structuredClone(current.definition);
      next.retention.rawMail.days = 400;
      await request(t.http)
        .put('/api/privacy/policy')
        .set(authHeaders(admin))
        .send({ definition: next, reason: 'Delibera n. 7/2026' })
        .expect(200);
      const res = await request(t.http).get('/api/privacy/register').set(authHeaders(admin)).expect(200);
      expect(res.body.policyVersion).toBe(current.version + 1);
      expect(res.body.dataClasses[0].retentionDays).toBe(400);
    });

    it('gives the same record as a PDF with ?format=pdf', async () => {
      const res = await request(t.http)
        .get('/api/privacy/register')
        .query({ format: 'pdf' })
        .set(authHeaders(f.supervisor))
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="registro-trattamenti-v\d+\.pdf"$/,
      );
      expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      const bad = await request(t.http)
        .get('/api/privacy/register')
        .query({ format: 'docx' })
        .set(authHeaders(f.supervisor));
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('format');
    });

    it('is for supervisors and admins: an agent gets 403, nobody signed in 401', async () => {
      expect((await request(t.http).get('/api/privacy/register').set(authHeaders(f.agent))).status).toBe(403);
      expect((await request(t.http).get('/api/privacy/register')).status).toBe(401);
    });
  });

  describe('the privacy notice', () => {
    it('GET /api/privacy/notice answers anyone with both languages, the controller and the version', async () => {
      const res = await request(t.http).get('/api/privacy/notice');
      expect(res.status).toBe(200);
      const policy = (await request(t.http).get('/api/privacy/policy').set(authHeaders(admin))).body;
      expect(res.body).toEqual({
        it: policy.definition.notice.it,
        en: policy.definition.notice.en,
        controller: policy.definition.controller,
        version: policy.version,
      });
    });

    it('/privacy is a public page in Italian, /privacy?lang=en in English, without script', async () => {
      const it = await request(t.http).get('/privacy');
      expect(it.status).toBe(200);
      expect(it.headers['content-type']).toMatch(/^text\/html/);
      expect(it.text).toContain('<html lang="it">');
      expect(it.text).toContain('<h1>Informativa sul trattamento dei dati personali</h1>');
      expect(it.text).toContain('href="/privacy?lang=en"');
      expect(it.text).not.toContain('<script');
      expect(it.headers['content-security-policy']).toContain("script-src 'self'");
      const en = await request(t.http).get('/privacy').query({ lang: 'en' });
      expect(en.text).toContain('<html lang="en">');
      expect(en.text).toContain('<h1>Privacy notice</h1>');
      // Anything else is the Italian page: a link in a mail never meets a 400.
      expect((await request(t.http).get('/privacy').query({ lang: 'xx' })).text).toContain(
        '<html lang="it">',
      );
    });

    it('is linked from the status page’s footer, in the page’s language', async () => {
      expect((await request(t.http).get('/status')).text).toMatch(
        /<footer>.*href="\/privacy">Informativa privacy</,
      );
      expect((await request(t.http).get('/status').query({ lang: 'en' })).text).toMatch(
        /<footer>.*href="\/privacy\?lang=en">Privacy notice</,
      );
    });

    it('passes axe-core in both languages, each reached from the other', async () => {
      const browser: Browser | undefined = await launchBrowser();
      if (!browser) return;
      try {
        const page = await (await browser.newContext({ locale: 'it-IT' })).newPage();
        const watch = watchPage(page);
        const problems: string[] = [];
        const check = async (name: string) => {
          for (const p of await accessibilityProblems(page)) {
            problems.push(`${name}: ${p.impact} ${p.rule} (${p.help}) @ ${p.targets.join(', ')}`);
          }
        };
        await page.goto(`${base}/privacy`);
        expect(await page.getAttribute('html', 'lang')).toBe('it');
        await expectText(page.locator('h1'), 'Informativa sul trattamento dei dati personali');
        await check('privacy [it]');
        await saveScreenshot(page, 'privacy-notice');
        // The skip link is the first thing the keyboard reaches and leads to the content.
        await page.keyboard.press('Tab');
        expect(await page.evaluate('document.activeElement?.getAttribute("href")')).toBe('#main');
        await page.getByRole('link', { name: 'English' }).click();
        await expectText(page.locator('h1'), 'Privacy notice');
        expect(await page.getAttribute('html', 'lang')).toBe('en');
        await check('privacy [en]');
        await saveScreenshot(page, 'privacy-notice-en');
        expect(problems).toEqual([]);
        // No web UI is built here, so the browser's own favicon request meets the UI's 503.
        expect(watch.errors.filter((e) => !e.includes('/favicon.ico'))).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 60_000);
  });

  describe('the acknowledgement mail', () => {
    const ingestAndSend = async (from: string, subject: string, body: string, id: string) => {
      const result = await t.app
        .get(MailIngestService)
        .ingest(
          Buffer.from(
            [
              `From: ${from}`,
              'To: assistenza@cst.example',
              `Subject: ${subject}`,
              `Message-ID: <${id}>`,
              'MIME-Version: 1.0',
              'Content-Type: text/plain; charset=utf-8',
              '',
              body,
            ].join('\r\n'),
          ),
        );
      expect(result.acknowledged).toBe(true);
      const [ack] = await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM outbound_mail WHERE ticket_id = $1 AND kind = 'ack'`,
        [result.ticketId],
      );
      const before = smtp.messages.length;
      expect(await worker.get(OutboxSenderService).sendOne(ack.id)).toBe('sent');
      const received = await smtp.waitFor(before + 1, 15_000);
      return (await received[before].parsed()).text ?? '';
    };

    it('links the privacy notice at the public address, in the mail’s language', async () => {
      const italian = await ingestAndSend(
        'Anna Neri <anna.neri@example.org>',
        'Accesso negato',
        'Buongiorno, non riesco ad entrare nel portale.',
        'ack-it@example.org',
      );
      expect(italian).toContain(`Come trattiamo i suoi dati personali: ${PUBLIC_URL}/privacy\n`);
      const english = await ingestAndSend(
        'John Smith <john.smith@example.org>',
        'Cannot sign in',
        'Hello, I cannot sign in to the portal and I would like to know what to do. Thank you for your help.',
        'ack-en@example.org',
      );
      expect(english).toContain(`How we handle your personal data: ${PUBLIC_URL}/privacy?lang=en`);
    });
  });
});
