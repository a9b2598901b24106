import { PublicRequestService } from '@app/portal';
import { PrivacyPolicyService, RetentionJob, RetentionService } from '@app/privacy';
import { SlaRegistry } from '@app/sla';
import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  TestApp,
} from '@app/testing';
import { UserEntity } from '@app/tickets';
import request from 'supertest';

/** Issue 18: the retention policy's edits, erasure, rectification, legal holds, resumable and nightly runs. */
describe('privacy: policy, erasure, rectification, holds (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let supervisor: UserEntity;
  let admin: UserEntity;

  let phones = 0;
  async function openTicket(name: string, email: string): Promise<{ ticketId: string; contactId: string }> {
    // The intake finds a requester by phone: every person here has their own.
    phones += 1;
    const res = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        subject: `Richiesta di ${name}`,
        requester: { name, email, phone: `055 ${String(1_000_000 + phones)}` },
        enteId: f.ente.id,
      })
      .expect(201);
    return { ticketId: res.body.id as string, contactId: res.body.requester.id as string };
  }

  const resolve = (ticketId: string) =>
    request(t.http)
      .post(`/api/tickets/${ticketId}/resolve`)
      .set(authHeaders(f.agent))
      .send({ resolution: 'Fatto.' })
      .expect(200);

  const erase = (contactId: string, who: UserEntity = supervisor) =>
    request(t.http)
      .post(`/api/contacts/${contactId}/erase`)
      .set(authHeaders(who))
      .send({ reason: 'Richiesta PEC prot. 4521' });

  const contactRow = async (id: string) =>
    (
      await t.dataSource.query<{ name: string; email: string | null; phone: string | null }[]>(
        `SELECT name, email, phone FROM contact WHERE id = $1`,
        [id],
      )
    )[0];

  /** A request sent by the public form (issue 20), as a citizen's browser posts it. */
  const sendForm = (
    email: string,
    subject: string,
    files: { name: string; content: string }[] = [],
    name = 'Paola Modulo',
  ) => {
    const forms = t.app.get(PublicRequestService);
    const req = request(t.http).post('/richiesta');
    const fields = {
      name,
      email,
      phone: '+39 055 999888',
      ente: f.ente.id,
      category: '',
      subject,
      description: 'Testo personale della richiesta dal modulo.',
      privacy: 'on',
      website: '',
      formToken: forms.formToken(new Date(Date.now() - 10_000)),
    };
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    for (const file of files)
      req.attach('files', Buffer.from(file.content), {
        filename: file.name,
        contentType: 'application/pdf',
      });
    return req.expect(200);
  };
  const tokenOf = async (subject: string) => {
    const [mail] = await t.dataSource.query<{ text_body: string }[]>(
      `SELECT text_body FROM outbound_mail WHERE kind = 'confirmation' AND subject LIKE $1`,
      [`%${subject}`],
    );
    return /\/richiesta\/conferma\?t=([A-Za-z0-9_-]{43})/.exec(mail!.text_body)![1]!;
  };

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    supervisor = await createUser(t.dataSource, 'supervisor', 'Supervisore Privacy');
    admin = await createUser(t.dataSource, 'admin', 'Amministratore Privacy');
  });
  afterAll(() => t?.close());

  describe('the retention policy', () => {
    it('is seeded from config/privacy.json and readable by supervisors, not agents', async () => {
      const res = await request(t.http).get('/api/privacy/policy').set(authHeaders(supervisor)).expect(200);
      expect(res.body.version).toBe(1);
      expect(res.body.definition.retention.rawMail).toEqual({ days: 365, minimumDays: 30 });
      await request(t.http).get('/api/privacy/policy').set(authHeaders(f.agent)).expect(403);
    });

    it('refuses a period below its legal minimum, or a lowered minimum, naming the field; nothing changes', async () => {
      const current = (await request(t.http).get('/api/privacy/policy').set(authHeaders(admin))).body
        .definition;
      const below = structuredClone(current);
      below.retention.rawMail.days = 10;
      const res = await request(t.http)
        .put('/api/privacy/policy')
        .set(authHeaders(admin))
        .send({ definition: below, reason: 'prova' })
        .expect(400);
      expect(res.body.fields).toContainEqual(
        expect.objectContaining({
          field: 'definition.retention.rawMail.days',
          reason: expect.stringMatching(/minimo/),
          code: 'belowMinimum',
          params: { min: 30 },
        }),
      );
      const lowered = structuredClone(current);
      lowered.retention.auditLog = { days: 30, minimumDays: 10 };
      const res2 = await request(t.http)
        .put('/api/privacy/policy')
        .set(authHeaders(admin))
        .send({ definition: lowered, reason: 'prova' })
        .expect(400);
      expect(res2.body.fields.map((p: { field: string }) => p.field)).toContain(
        'definition.retention.auditLog.minimumDays',
      );
      expect((await request(t.http).get('/api/privacy/policy').set(authHeaders(admin))).body.version).toBe(1);
    });

    it('publishes a new version, audited with the reason; the old one stays readable', async () => {
      const current = (await request(t.http).get('/api/privacy/policy').set(authHeaders(admin))).body
        .definition;
      current.retention.rawMail.days = 180;
      const res = await request(t.http)
        .put('/api/privacy/policy')
        .set(authHeaders(admin))
        .send({ definition: current, reason: 'Delibera 7/2026' })
        .expect(200);
      expect(res.body).toMatchObject({ version: 2, active: true });
      const versions = await request(t.http)
        .get('/api/privacy/policy/versions')
        .set(authHeaders(admin))
        .expect(200);
      expect(versions.body.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      const [audit] = await t.dataSource.query<{ details: { reason: string } }[]>(
        `SELECT details FROM audit_log WHERE action = 'privacy.policy_published'`,
      );
      expect(audit.details.reason).toBe('Delibera 7/2026');
    });
  });

  describe('erasure (art. 17)', () => {
    it('is 404 for an unknown contact and 403 for an agent', async () => {
      await erase('00000000-0000-4000-8000-000000000001').expect(404);
      const { contactId } = await openTicket('Agata Negata', 'agata@esempio.it');
      await erase(contactId, f.agent as unknown as UserEntity).expect(403);
    });

    it('is refused while a ticket is open or under legal hold, with the reason, and changes nothing', async () => {
      const { ticketId, contactId } = await openTicket('Ottavio Aperto', 'ottavio@esempio.it');
      const open = await erase(contactId).expect(409);
      expect(open.body.details ?? open.body).toMatchObject({ reasonCode: 'openTickets' });
      await resolve(ticketId);
      await request(t.http)
        .put(`/api/tickets/${ticketId}/legal-hold`)
        .set(authHeaders(supervisor))
        .send({ reason: 'Esposto in procura' })
        .expect(204);
      const held = await erase(contactId).expect(409);
      expect(JSON.stringify(held.body)).toMatch(/blocco legale/);
      expect((await contactRow(contactId)).name).toBe('Ottavio Aperto');
      await request(t.http)
        .delete(`/api/tickets/${ticketId}/legal-hold`)
        .set(authHeaders(supervisor))
        .expect(204);
      await request(t.http)
        .put(`/api/contacts/${contactId}/legal-hold`)
        .set(authHeaders(supervisor))
        .send({ reason: 'Contenzioso' })
        .expect(204);
      const contactHeld = await erase(contactId).expect(409);
      expect(JSON.stringify(contactHeld.body)).toMatch(/Contenzioso/);
      await request(t.http)
        .delete(`/api/contacts/${contactId}/legal-hold`)
        .set(authHeaders(supervisor))
        .expect(204);

      const done = await erase(contactId).expect(200);
      expect(done.body).toEqual({ tickets: 1 });
      const row = await contactRow(contactId);
      expect(row.name).toMatch(/^Anonimo [0-9A-F]{8}$/);
      expect(row.email).toMatch(/@anonimizzato\.invalid$/);
      expect(row.phone).toBeNull();
      const ticket = await request(t.http)
        .get(`/api/tickets/${ticketId}`)
        .set(authHeaders(f.agent))
        .expect(200);
      expect(ticket.body.status).toBe('resolved');
      expect(JSON.stringify(ticket.body)).not.toMatch(/Ottavio|ottavio@/);
      const [audit] = await t.dataSource.query<{ actor_id: string; details: Record<string, unknown> }[]>(
        `SELECT actor_id, details FROM audit_log WHERE action = 'privacy.contact_erased' AND target_id = $1`,
        [contactId],
      );
      expect(audit).toMatchObject({
        actor_id: supervisor.id,
        details: { reason: 'Richiesta PEC prot. 4521' },
      });
      expect(JSON.stringify(audit.details)).not.toMatch(/Ottavio/);
      // Twice is a clear refusal, not a second anonymisation.
      const again = await erase(contactId).expect(409);
      expect(JSON.stringify(again.body)).toMatch(/già anonimizzato/);
    });

    it('also forgets the public form’s requests of the person’s address: waiting ones with their files, and the address kept beside a confirmed one; another person’s stay', async () => {
      const forms = t.app.get(PublicRequestService);
      const { ticketId, contactId } = await openTicket('Paola Modulo', 'paola.modulo@esempio.it');
      await resolve(ticketId);
      // One request confirmed (it became a ticket of hers, resolved since), one still waiting with a
      // file, in another spelling of her address; another person's waiting request.
      await sendForm('paola.modulo@esempio.it', 'Modulo confermato');
      const confirmed = await forms.confirm(await tokenOf('Modulo confermato'));
      const [web] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM ticket WHERE number = $1`, [
        confirmed!.number,
      ]);
      await resolve(web!.id);
      await sendForm('Paola.Modulo@Esempio.it', 'Modulo in attesa', [
        { name: 'paola.pdf', content: '%PDF paola' },
      ]);
      await sendForm('ugo.altro@esempio.it', 'Modulo di Ugo', [{ name: 'ugo.pdf', content: '%PDF ugo' }]);
      const held = () =>
        t.dataSource.query<{ email: string; subject: string; files: number }[]>(
          `SELECT r.email, r.subject, (SELECT count(*)::int FROM public_request_file x WHERE x.request_id = r.id) AS files
             FROM public_request r WHERE r.subject LIKE 'Modulo%' ORDER BY r.subject`,
        );
      expect((await held()).map((r) => r.subject)).toEqual([
        'Modulo confermato',
        'Modulo di Ugo',
        'Modulo in attesa',
      ]);

      expect((await erase(contactId).expect(200)).body).toEqual({ tickets: 2 });
      expect(await held()).toEqual([{ email: 'ugo.altro@esempio.it', subject: 'Modulo di Ugo', files: 1 }]);
      const [audit] = await t.dataSource.query<{ details: Record<string, unknown> }[]>(
        `SELECT details FROM audit_log WHERE action = 'privacy.contact_erased' AND target_id = $1`,
        [contactId],
      );
      expect(audit!.details).toMatchObject({ tickets: 2, publicRequests: 2 });
      // Her confirmation link is no longer valid: nothing left to show.
      expect(await forms.pending(await tokenOf('Modulo in attesa'))).toBeNull();
    });
  });

  describe('rectification (art. 16)', () => {
    it('corrects the details, audits which fields changed (not their values), refuses a bad address', async () => {
      const { contactId } = await openTicket('Rettifica Sbagliato', 'rettifica@esempio.it');
      const bad = await request(t.http)
        .patch(`/api/contacts/${contactId}`)
        .set(authHeaders(supervisor))
        .send({ email: 'non-un-indirizzo', reason: 'Segnalazione' })
        .expect(400);
      expect(bad.body.fields.map((p: { field: string }) => p.field)).toContain('email');
      const noReason = await request(t.http)
        .patch(`/api/contacts/${contactId}`)
        .set(authHeaders(supervisor))
        .send({ name: 'Rettifica Giusto' })
        .expect(400);
      expect(noReason.body.fields.map((p: { field: string }) => p.field)).toContain('reason');
      const ok = await request(t.http)
        .patch(`/api/contacts/${contactId}`)
        .set(authHeaders(supervisor))
        .send({ name: 'Rettifica Giusto', phone: null, reason: 'Errore di battitura' })
        .expect(200);
      expect(ok.body).toMatchObject({ name: 'Rettifica Giusto', email: 'rettifica@esempio.it', phone: null });
      const [audit] = await t.dataSource.query<{ details: Record<string, unknown> }[]>(
        `SELECT details FROM audit_log WHERE action = 'privacy.contact_rectified' AND target_id = $1`,
        [contactId],
      );
      expect(audit.details).toEqual({ reason: 'Errore di battitura', fields: ['name', 'phone'] });
    });

    it('refuses an address another contact has', async () => {
      const { contactId } = await openTicket('Doppione Uno', 'doppione@esempio.it');
      await openTicket('Doppione Due', 'doppione.due@esempio.it');
      const res = await request(t.http)
        .patch(`/api/contacts/${contactId}`)
        .set(authHeaders(supervisor))
        .send({ email: 'DOPPIONE.DUE@esempio.it', reason: 'Unificazione' })
        .expect(400);
      expect(res.body.fields).toContainEqual(expect.objectContaining({ field: 'email', code: 'emailTaken' }));
    });
  });

  describe('retention runs', () => {
    it('an interrupted run loses nothing and the next one finishes the work', async () => {
      for (let i = 0; i < 6; i++) {
        const { ticketId } = await openTicket(`Interrotto ${i}`, `interrotto.${i}@esempio.it`);
        await resolve(ticketId);
      }
      const retention = t.app.get(RetentionService);
      const asOf = new Date('2045-01-01T00:00:00Z');
      let batches = 0;
      await expect(
        retention.run({
          asOf,
          dryRun: false,
          trigger: 'api',
          batchSize: 2,
          onProgress: (step) => {
            if (step === 'messageBodies' && ++batches === 2) throw new Error('corrente staccata');
          },
        }),
      ).rejects.toThrow('corrente staccata');
      const [{ partly }] = await t.dataSource.query<{ partly: number }[]>(
        `SELECT count(*)::int AS partly FROM contact WHERE name LIKE 'Interrotto %'`,
      );
      expect(partly).toBe(6);
      const [failed] = await t.dataSource.query<{ error: string }[]>(
        `SELECT error FROM retention_run WHERE error IS NOT NULL`,
      );
      expect(failed.error).toBe('corrente staccata');
      const done = await retention.run({ asOf, dryRun: false, trigger: 'api', batchSize: 2 });
      expect(done!.summary.contactDetails.contacts).toBeGreaterThanOrEqual(6);
      const [{ left }] = await t.dataSource.query<{ left: number }[]>(
        `SELECT count(*)::int AS left FROM contact WHERE name LIKE 'Interrotto %'`,
      );
      expect(left).toBe(0);
      // Every event was scrubbed exactly once: no body of those tickets survives.
      const [{ bodies }] = await t.dataSource.query<{ bodies: number }[]>(
        `SELECT count(*)::int AS bodies FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id
          WHERE t.subject LIKE 'Richiesta di Interrotto%' OR e.body LIKE '%Interrotto%'`,
      );
      expect(bodies).toBe(0);
    });

    it('the preview says what a run would do as of a date and changes nothing; a bad date is 400', async () => {
      const { ticketId, contactId } = await openTicket('Anteprima Intatta', 'anteprima@esempio.it');
      await resolve(ticketId);
      const res = await request(t.http)
        .post('/api/privacy/retention-runs/preview')
        .set(authHeaders(admin))
        .send({ asOf: '2050-06-30' })
        .expect(200);
      expect(res.body).toMatchObject({ dryRun: true, trigger: 'api' });
      expect(res.body.summary.contactDetails.contacts).toBeGreaterThanOrEqual(1);
      expect((await contactRow(contactId)).name).toBe('Anteprima Intatta');
      const bad = await request(t.http)
        .post('/api/privacy/retention-runs/preview')
        .set(authHeaders(admin))
        .send({ asOf: '2050-02-30' })
        .expect(400);
      expect(bad.body.fields[0].field).toBe('asOf');
      const runs = await request(t.http)
        .get('/api/privacy/retention-runs')
        .set(authHeaders(admin))
        .expect(200);
      expect(runs.body[0]).toMatchObject({ dryRun: true });
    });

    it('the nightly job runs once per local date, from the policy’s hour on', async () => {
      const job = new RetentionJob(
        t.app.get(RetentionService),
        t.app.get(PrivacyPolicyService),
        t.app.get(SlaRegistry, { strict: false }),
      );
      expect(t.app.get(PrivacyPolicyService).configuredDefault().runAt).toBe('02:30');
      // 01:00 in Rome: not yet.
      expect(await job.runIfDue(new Date('2031-03-10T00:00:00Z'))).toBe(false);
      expect(await job.runIfDue(new Date('2031-03-10T02:00:00Z'))).toBe(true);
      expect(await job.runIfDue(new Date('2031-03-10T05:00:00Z'))).toBe(false);
      expect(await job.runIfDue(new Date('2031-03-11T02:00:00Z'))).toBe(true);
    });

    it('forgets what the public form kept beside a confirmed request once its ticket’s texts go; a waiting request is left to its own expiry', async () => {
      const forms = t.app.get(PublicRequestService);
      const { ticketId } = await openTicket('Rita Ritenzione', 'rita.ritenzione@esempio.it');
      await resolve(ticketId);
      await sendForm('rita.ritenzione@esempio.it', 'Rita confermata');
      const confirmed = await forms.confirm(await tokenOf('Rita confermata'));
      const [web] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM ticket WHERE number = $1`, [
        confirmed!.number,
      ]);
      await resolve(web!.id);
      await sendForm('rita.ritenzione@esempio.it', 'Rita in attesa');
      const done = await t.app
        .get(RetentionService)
        .run({ asOf: new Date('2046-01-01T00:00:00Z'), dryRun: false, trigger: 'api' });
      expect(done!.summary.messageBodies.publicRequests).toBe(1);
      const left = await t.dataSource.query<{ subject: string; ticket_id: string | null }[]>(
        `SELECT subject, ticket_id FROM public_request WHERE subject LIKE 'Rita%'`,
      );
      expect(left).toEqual([{ subject: 'Rita in attesa', ticket_id: null }]);
    });
  });
});
