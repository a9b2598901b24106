import { FollowLinks } from '@app/mail';
import { SatisfactionService } from '@app/portal';
import { PublicRequestPrivacyRepository } from '@app/portal/public-request-privacy.repository';
import {
  authHeaders,
  BasicFixtures,
  calendarDate,
  createBasicFixtures,
  createTestApp,
  TestApp,
} from '@app/testing';
import request from 'supertest';

/**
 * Satisfaction after resolution (issue 20.3): one survey per resolution, mailed and offered on the
 * follow page, answered once (1-5 and an optional comment); supervisors see it per month, channel,
 * ente, team and agent with the comments, and export it.
 */
describe('Satisfaction survey (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let seq = 0;
  let service: SatisfactionService;

  beforeAll(async () => {
    t = await createTestApp({ SECRETS_KEY: 'ef'.repeat(32) });
    f = await createBasicFixtures(t.dataSource);
    service = t.app.get(SatisfactionService);
  });
  afterAll(() => t?.close());

  async function resolvedTicket(
    extra: Record<string, unknown> = {},
    email: string | null = `c${++seq}@example.org`,
  ) {
    const created = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({
        channel: 'phone',
        subject: `Richiesta ${seq}`,
        enteId: f.ente.id,
        requester: { name: 'Luca Neri', phone: `055 77${++seq}`, ...(email ? { email } : {}) },
        takeCharge: true,
      })
      .expect(201);
    await request(t.http)
      .post(`/api/tickets/${created.body.id}/resolve`)
      .set(authHeaders(f.agent))
      .send({ resolution: 'Risolto al telefono', ...extra })
      .expect(200);
    return { id: created.body.id as string, number: created.body.number as string, email };
  }
  const surveyMails = (to: string) =>
    t.dataSource.query<{ subject: string; text_body: string }[]>(
      `SELECT subject, text_body FROM outbound_mail WHERE kind = 'satisfaction' AND to_addresses[1] = $1 ORDER BY created_at`,
      [to],
    );
  const surveyToken = (text: string) => /\/richiesta\/valuta\?t=([A-Za-z0-9_-]{43})/.exec(text)![1]!;

  it('mails one survey per resolution; it is answered once; a reopened and resolved ticket asks again', async () => {
    const ticket = await resolvedTicket();
    expect(await service.sendDue()).toBeGreaterThanOrEqual(1);
    expect(await service.sendDue()).toBe(0);
    const [mail] = await surveyMails(ticket.email!);
    expect(mail!.subject).toBe(`[CST ${ticket.number}] Com’è andata? Richiesta ${ticket.number}`);
    const token = surveyToken(mail!.text_body);

    const page = await request(t.http).get(`/richiesta/valuta?t=${token}`).expect(200);
    expect(page.text).toContain('Quanto è soddisfatto di come è stata gestita la richiesta?');
    expect(page.text).toContain('5 – Molto soddisfatto');
    const noScore = await request(t.http)
      .post(`/richiesta/valuta?t=${token}`)
      .type('form')
      .send({ comment: 'ok' })
      .expect(400);
    expect(noScore.text).toContain('Scelga un voto da 1 a 5.');
    // The comment written is kept in the form sent back, not lost.
    expect(noScore.text).toMatch(/<textarea id="comment"[^>]*>ok<\/textarea>/);
    await request(t.http).post(`/richiesta/valuta?t=${token}`).type('form').send({ score: '9' }).expect(400);
    const thanks = await request(t.http)
      .post(`/richiesta/valuta?t=${token}`)
      .type('form')
      .send({ score: '4', comment: 'Gentili e veloci <script>' })
      .expect(200);
    expect(thanks.text).toContain('Grazie della sua valutazione');
    const twice = await request(t.http)
      .post(`/richiesta/valuta?t=${token}`)
      .type('form')
      .send({ score: '1' })
      .expect(409);
    expect(twice.text).toContain('si può valutare una volta sola');
    expect((await request(t.http).get(`/richiesta/valuta?t=${token}`).expect(200)).text).toContain(
      'già stata valutata',
    );
    const [row] = await t.dataSource.query<{ score: number; comment: string }[]>(
      `SELECT score, comment FROM satisfaction_survey WHERE ticket_id = $1`,
      [ticket.id],
    );
    expect(row).toEqual({ score: 4, comment: 'Gentili e veloci <script>' });
    await request(t.http)
      .get(`/richiesta/valuta?t=${'A'.repeat(43)}`)
      .expect(404);

    const [{ version }] = await t.dataSource.query<{ version: number }[]>(
      `SELECT version FROM ticket WHERE id = $1`,
      [ticket.id],
    );
    await request(t.http)
      .post(`/api/tickets/${ticket.id}/reopen`)
      .set(authHeaders(f.agent))
      .send({ reason: 'Il problema è tornato', version })
      .expect(200);
    await request(t.http)
      .post(`/api/tickets/${ticket.id}/resolve`)
      .set(authHeaders(f.agent))
      .send({ resolution: 'Sostituito il cavo' })
      .expect(200);
    await service.sendDue();
    expect(await surveyMails(ticket.email!)).toHaveLength(2);
  });

  it('no survey for a ticket closed as not competent, without an e-mail address, or resolved long ago', async () => {
    const before = Number(
      (await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM satisfaction_survey`))[0]!.n,
    );
    await resolvedTicket({ notCompetent: true, redirectedTo: 'Regione Toscana' });
    await resolvedTicket({}, null);
    const old = await resolvedTicket();
    await t.dataSource.query(`UPDATE ticket SET resolved_at = now() - interval '3 days' WHERE id = $1`, [
      old.id,
    ]);
    await service.sendDue();
    const after = Number(
      (await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM satisfaction_survey`))[0]!.n,
    );
    expect(after).toBe(before);
  });

  it('the follow page offers the survey of the current resolution and takes the answer once', async () => {
    const ticket = await resolvedTicket();
    await service.sendDue();
    const link = /t=([A-Za-z0-9_-]{50})/.exec(t.app.get(FollowLinks).url(ticket.id, 'it')!)![1]!;
    const page = await request(t.http).get(`/richiesta/segui?t=${link}`).expect(200);
    expect(page.text).toContain('Com’è andata?');
    await request(t.http).post(`/richiesta/segui/valuta?t=${link}`).type('form').send({}).expect(400);
    const done = await request(t.http)
      .post(`/richiesta/segui/valuta?t=${link}`)
      .type('form')
      .send({ score: '5' })
      .expect(303);
    const after = await request(t.http).get(done.headers.location!).expect(200);
    expect(after.text).toContain('Grazie della sua valutazione');
    expect(after.text).not.toContain('name="score"');
    const [mail] = await surveyMails(ticket.email!);
    await request(t.http)
      .post(`/richiesta/valuta?t=${surveyToken(mail!.text_body)}`)
      .type('form')
      .send({ score: '1' })
      .expect(409);
  });

  it('supervisors see it per agent, month and channel with the comments, and as CSV; agents do not', async () => {
    // The period is in the calendar's days: this month up to today in Rome.
    const today = calendarDate();
    const q = `from=${today.slice(0, 8)}01&to=${today}`;
    const byAgent = await request(t.http)
      .get(`/api/reports/satisfaction?${q}&by=agent`)
      .set(authHeaders(f.supervisor))
      .expect(200);
    const marco = byAgent.body.rows.find((r: { name: string }) => r.name === 'Marco Rossi');
    expect(marco).toMatchObject({ answered: 2, average: 4.5, scores: [0, 0, 0, 1, 1] });
    expect(marco.sent).toBeGreaterThanOrEqual(3);
    expect(byAgent.body.total.answered).toBe(2);
    expect(byAgent.body.comments).toEqual([
      expect.objectContaining({
        score: 4,
        comment: 'Gentili e veloci <script>',
        agent: 'Marco Rossi',
        channel: 'phone',
      }),
    ]);
    const byMonth = await request(t.http)
      .get(`/api/reports/satisfaction?${q}`)
      .set(authHeaders(f.supervisor))
      .expect(200);
    expect(byMonth.body.rows).toHaveLength(1);
    expect(byMonth.body.rows[0].key).toBe(today.slice(0, 7));
    const csv = await request(t.http)
      .get(`/api/reports/satisfaction?${q}&by=channel&format=csv&lang=it`)
      .set(authHeaders(f.supervisor))
      .expect(200);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text).toContain(
      'Chiave;Nome;Inviati;Risposte;% risposte;Media;Voto 1;Voto 2;Voto 3;Voto 4;Voto 5',
    );
    expect(csv.text).toMatch(/\r\n;Totale;\d+;2;[\d,]+;4,5;0;0;0;1;1\r\n$/);
    await request(t.http).get(`/api/reports/satisfaction?${q}`).set(authHeaders(f.agent)).expect(403);

    // Erasure or retention of a ticket's words (issue 18) clears the comment; the figures stay.
    const [commented] = await t.dataSource.query<{ ticket_id: string }[]>(
      `SELECT ticket_id FROM satisfaction_survey WHERE comment IS NOT NULL`,
    );
    await t.dataSource.transaction((em) =>
      t.app
        .get(PublicRequestPrivacyRepository)
        .forget(em, { email: null, ticketIds: [commented!.ticket_id] }),
    );
    const afterErasure = await request(t.http)
      .get(`/api/reports/satisfaction?${q}&by=agent`)
      .set(authHeaders(f.supervisor))
      .expect(200);
    expect(afterErasure.body.comments).toEqual([]);
    expect(afterErasure.body.rows).toEqual(byAgent.body.rows);
    const bad = await request(t.http)
      .get(`/api/reports/satisfaction?from=ieri&to=${today}&by=colore`)
      .set(authHeaders(f.supervisor))
      .expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/from|by/);
  });
});
