import { MailIngestService } from '@app/mail';
import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  csv,
  TestApp,
} from '@app/testing';
import { TicketImportService, UserEntity } from '@app/tickets';
import request from 'supertest';

/**
 * Issue 19.2: routing rules, ordered, first match wins, applied by the one ticket writer when a
 * ticket opens (mail on both paths, phone, monitoring; never the history import) and on demand,
 * with a preview on the latest tickets.
 */
describe('routing rules (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let third: UserEntity;
  let ced: string;
  let infra: string;
  let mailbox: string;
  let printers: string;

  const api = (user: UserEntity) => ({
    get: (path: string) => request(t.http).get(path).set(authHeaders(user)),
    post: (path: string, body: object) => request(t.http).post(path).set(authHeaders(user)).send(body),
    put: (path: string, body: object) => request(t.http).put(path).set(authHeaders(user)).send(body),
    patch: (path: string, body: object) => request(t.http).patch(path).set(authHeaders(user)).send(body),
    delete: (path: string) => request(t.http).delete(path).set(authHeaders(user)),
  });

  /** Replaces every rule with these, in order. */
  async function setRules(rules: { name: string; conditions: object; actions: object }[]) {
    for (const r of (await api(admin).get('/api/routing-rules').expect(200)).body as {
      id: string;
      version: number;
    }[])
      await api(admin).delete(`/api/routing-rules/${r.id}?version=${r.version}`).expect(204);
    const ids: string[] = [];
    for (const r of rules) ids.push((await api(admin).post('/api/routing-rules', r).expect(201)).body.id);
    return ids;
  }

  async function ticket(id: string) {
    const [row] = await t.dataSource.query<
      {
        team_id: string | null;
        assignee_id: string | null;
        category_id: string | null;
        difficulty: string | null;
        version: number;
      }[]
    >(`SELECT team_id, assignee_id, category_id, difficulty, version FROM ticket WHERE id = $1`, [id]);
    const events = await t.dataSource.query<{ type: string; payload: Record<string, unknown> }[]>(
      `SELECT type, payload FROM ticket_event WHERE ticket_id = $1 ORDER BY id`,
      [id],
    );
    return { ...row, events };
  }

  async function phone(subject: string, extra: object = {}, user = f.agent) {
    const res = await api(user)
      .post('/api/tickets', {
        channel: 'phone',
        subject,
        requester: { name: 'Lucia Serra', phone: '055 2223334' },
        enteId: f.ente.id,
        ...extra,
      })
      .expect(201);
    return res.body.id as string;
  }

  function mail(from: string, subject: string, body: string, id: string): Buffer {
    return Buffer.from(
      [
        `From: ${from}`,
        'To: assistenza@cst.example',
        `Subject: ${subject}`,
        `Message-ID: <${id}@test.example>`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        body,
      ].join('\r\n'),
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    third = await createUser(t.dataSource, 'agent', 'Paolo Gialli');
    ced = (await api(admin).post('/api/teams', { code: 'ced', name: 'Supporto CED' }).expect(201)).body.id;
    infra = (await api(admin).post('/api/teams', { code: 'infra', name: 'Infrastruttura' }).expect(201)).body
      .id;
    await api(admin)
      .put(`/api/teams/${ced}/members`, {
        members: [{ userId: f.agent.id }, { userId: f.otherAgent.id }, { userId: third.id }],
      })
      .expect(200);
    [{ id: mailbox }] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO mailbox (name, address, imap_host, imap_port, imap_user)
       VALUES ('protocollo', 'protocollo@cst.example', 'imap.example', 993, 'p') RETURNING id`,
    );
    [{ id: printers }] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO category (code, name) VALUES ('STAMPANTI', 'Stampanti') RETURNING id`,
    );
  });
  afterAll(() => t?.close());

  it('refuses bad rules naming each field; a rule without conditions only as a catch-all', async () => {
    const bad = await api(admin)
      .post('/api/routing-rules', {
        name: 'Sbagliata',
        conditions: { channel: ['email', 'fax'], senderDomain: ['not a domain'], mailboxId: [f.ente.id] },
        actions: { teamId: f.ente.id, roundRobin: true, difficulty: 'enorme' },
      })
      .expect(400);
    expect(bad.body.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'conditions.channel[1]', code: 'isIn' }),
        expect.objectContaining({ field: 'conditions.senderDomain[0]', code: 'domain' }),
        expect.objectContaining({ field: 'conditions.mailboxId[0]', code: 'unknown' }),
        expect.objectContaining({ field: 'actions.teamId', code: 'unknown' }),
        expect.objectContaining({ field: 'actions.difficulty', code: 'isIn' }),
      ]),
    );
    const noTeam = await api(admin)
      .post('/api/routing-rules', {
        name: 'Turni',
        conditions: { channel: ['phone'] },
        actions: { roundRobin: true },
      })
      .expect(400);
    expect(noTeam.body.fields).toEqual([
      expect.objectContaining({ field: 'actions.roundRobin', code: 'roundRobinWithoutTeam' }),
    ]);
    const unknownUser = await api(admin)
      .post('/api/routing-rules', {
        name: 'Fisso',
        conditions: { channel: ['phone'] },
        actions: { assigneeId: f.ente.id },
      })
      .expect(400);
    expect(unknownUser.body.fields).toEqual([
      expect.objectContaining({ field: 'actions.assigneeId', code: 'unknown' }),
    ]);
    const empty = await api(admin)
      .post('/api/routing-rules', { name: 'Tutto', conditions: {}, actions: { teamId: ced } })
      .expect(400);
    expect(empty.body.fields).toEqual([
      expect.objectContaining({ field: 'conditions', code: 'noCondition' }),
    ]);
    const noAction = await api(admin)
      .post('/api/routing-rules', { name: 'Niente', conditions: { channel: ['phone'] }, actions: {} })
      .expect(400);
    expect(noAction.body.fields).toEqual([expect.objectContaining({ field: 'actions', code: 'noAction' })]);
    const unknownCondition = await api(admin)
      .post('/api/routing-rules', { name: 'X', conditions: { colour: ['red'] }, actions: { teamId: ced } })
      .expect(400);
    expect(unknownCondition.body.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'conditions.colour', code: 'unknownField' })]),
    );
    const blankName = await api(admin)
      .post('/api/routing-rules', { name: '  ', conditions: { catchAll: true }, actions: { teamId: ced } })
      .expect(400);
    expect(blankName.body.fields[0]).toMatchObject({ field: 'name' });

    const catchAll = await api(admin)
      .post('/api/routing-rules', {
        name: 'Tutto al CED',
        conditions: { catchAll: true },
        actions: { teamId: ced },
      })
      .expect(201);
    expect(catchAll.body).toMatchObject({
      position: 1,
      enabled: true,
      version: 1,
      conditions: { catchAll: true },
    });

    // Agents do not see rules; supervisors read but do not edit.
    await api(f.agent).get('/api/routing-rules').expect(403);
    await api(f.supervisor).get('/api/routing-rules').expect(200);
    await api(f.supervisor)
      .post('/api/routing-rules', { name: 'No', conditions: { catchAll: true }, actions: { teamId: ced } })
      .expect(403);
  });

  it('edits, enables, disables and reorders rules against the version read', async () => {
    const [a, b] = await setRules([
      { name: 'A', conditions: { channel: ['phone'] }, actions: { teamId: ced } },
      { name: 'B', conditions: { channel: ['email'] }, actions: { teamId: infra } },
    ]);
    const off = await api(admin).patch(`/api/routing-rules/${a}`, { version: 1, enabled: false }).expect(200);
    expect(off.body).toMatchObject({ enabled: false, version: 2 });
    const stale = await api(admin).patch(`/api/routing-rules/${a}`, { version: 1, name: 'A2' }).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    await api(admin)
      .patch(`/api/routing-rules/${a}`, { version: 2, conditions: { channel: ['fax'] } })
      .expect(400)
      .expect((res) => expect(res.body.fields[0].field).toBe('conditions.channel[0]'));

    // The whole list, each at the version read.
    await api(admin)
      .put('/api/routing-rules/order', { rules: [{ id: b, version: 1 }] })
      .expect(400)
      .expect((res) => expect(res.body.fields[0].code).toBe('incomplete'));
    await api(admin)
      .put('/api/routing-rules/order', {
        rules: [
          { id: b, version: 1 },
          { id: a, version: 1 },
        ],
      })
      .expect(409);
    const order = await api(admin)
      .put('/api/routing-rules/order', {
        rules: [
          { id: b, version: 1 },
          { id: a, version: 2 },
        ],
      })
      .expect(200);
    expect(order.body.map((r: { name: string; position: number }) => [r.name, r.position])).toEqual([
      ['B', 1],
      ['A', 2],
    ]);
    await api(f.supervisor).put('/api/routing-rules/order', { rules: [] }).expect(403);
    await api(admin).delete(`/api/routing-rules/${a}?version=1`).expect(409);
  });

  it('routes mail at creation by mailbox and sender domain, on the per-mail and the fast path', async () => {
    await setRules([
      {
        name: 'Protocollo di Pontassieve',
        conditions: { mailboxId: [mailbox], senderDomain: ['comune.pontassieve.fi.it'] },
        actions: { teamId: infra, difficulty: 'medium_low' },
      },
      {
        name: 'Stampanti',
        conditions: { keywords: ['stampante'] },
        actions: { teamId: ced, categoryId: printers },
      },
    ]);
    const ingest = t.app.get(MailIngestService);
    const one = await ingest.ingest(
      mail('Anna <anna@uffici.comune.pontassieve.fi.it>', 'Protocollo', 'Non parte.', 'm1'),
      { mailboxId: mailbox },
    );
    expect(one.outcome).toBe('ticket_created');
    const routed = await ticket(one.ticketId!);
    expect(routed).toMatchObject({ team_id: infra, difficulty: 'medium_low', category_id: null });
    expect(routed.events.map((e) => e.type).slice(0, 3)).toEqual(['created', 'message', 'routed']);
    expect(routed.events[2].payload).toMatchObject({
      ruleName: 'Protocollo di Pontassieve',
      teamId: infra,
      difficulty: 'medium_low',
    });
    // Another mailbox: not the first rule; the keyword (any case, accents aside) gives the second.
    const other = await ingest.ingest(
      mail('Anna <anna@comune.pontassieve.fi.it>', 'La STAMPANTE', 'Non stampa.', 'm2'),
      { mailboxId: null },
    );
    expect(await ticket(other.ticketId!)).toMatchObject({ team_id: ced, category_id: printers });

    // The fast path (a chunk of plain new requests) routes the same way.
    const batch = await ingest.ingestBatch(
      [
        { raw: mail('Luca <luca@comune.pontassieve.fi.it>', 'Protocollo bloccato', 'Aiuto', 'm3') },
        { raw: mail('Mario <mario@example.org>', 'Stampante', 'Inceppata', 'm4') },
        { raw: mail('Sara <sara@example.org>', 'Altro', 'Nulla di che', 'm5') },
      ],
      mailbox,
    );
    expect(batch.every((r) => r.flags.includes('bulk'))).toBe(true);
    expect(await ticket(batch[0].ticketId!)).toMatchObject({ team_id: infra, difficulty: 'medium_low' });
    expect(await ticket(batch[1].ticketId!)).toMatchObject({ team_id: ced, category_id: printers });
    const unrouted = await ticket(batch[2].ticketId!);
    expect(unrouted).toMatchObject({ team_id: null });
    expect(unrouted.events.some((e) => e.type === 'routed')).toBe(false);
  });

  it('routes phone and monitoring tickets; what the agent chose at intake wins', async () => {
    await setRules([
      {
        name: 'Database',
        conditions: { channel: ['monitoring'], monitoringHost: ['csdb*'], monitoringService: ['PostgreSQL'] },
        actions: { teamId: infra, difficulty: 'high' },
      },
      {
        name: 'Rete a voce',
        conditions: { channel: ['phone'], keywords: ['rete'] },
        actions: { teamId: ced, categoryId: printers, difficulty: 'low', assigneeId: f.otherAgent.id },
      },
    ]);
    const plain = await phone('La rete è lenta');
    expect(await ticket(plain)).toMatchObject({
      team_id: ced,
      category_id: printers,
      difficulty: 'low',
      assignee_id: f.otherAgent.id,
    });
    const chosen = await phone('Rete giù', {
      categoryId: f.category.id,
      difficulty: 'high',
      takeCharge: true,
    });
    const kept = await ticket(chosen);
    expect(kept).toMatchObject({
      team_id: ced,
      category_id: f.category.id,
      difficulty: 'high',
      assignee_id: f.agent.id,
    });
    expect(kept.events.find((e) => e.type === 'routed')?.payload).toMatchObject({
      teamId: ced,
      kept: ['categoryId', 'difficulty', 'assigneeId'],
    });

    const token = await api(admin).post('/api/admin/tokens', { name: 'Nagios', scopes: ['monitoring'] });
    const alert = await request(t.http)
      .post('/api/monitoring/nagios')
      .set({ Authorization: `Bearer ${token.body.token}` })
      .send({
        type: 'PROBLEM',
        host: 'csdb1',
        service: 'PostgreSQL',
        state: 'CRITICAL',
        stateType: 'HARD',
        attempt: 3,
        output: 'connection refused',
        timestamp: Math.floor(Date.now() / 1000) - 60,
      })
      .expect(200);
    expect(alert.body.action).toBe('opened');
    expect(await ticket(alert.body.ticketId)).toMatchObject({ team_id: infra, difficulty: 'high' });
  });

  it('round-robin skips absent members and spreads evenly, also under concurrent intake', async () => {
    await setRules([
      { name: 'A turno', conditions: { channel: ['phone'] }, actions: { teamId: ced, roundRobin: true } },
    ]);
    await t.dataSource.query(`UPDATE team_member SET last_routed_at = NULL`);
    await api(f.supervisor).put(`/api/users/${third.id}/availability`, { available: false }).expect(200);
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await phone(`Richiesta ${i}`));
    const assignees = [];
    for (const id of ids) assignees.push((await ticket(id)).assignee_id);
    expect(new Set(assignees.slice(0, 2))).toEqual(new Set([f.agent.id, f.otherAgent.id]));
    expect(assignees.slice(2)).toEqual(assignees.slice(0, 2));
    expect(assignees).not.toContain(third.id);

    await api(f.supervisor).put(`/api/users/${third.id}/availability`, { available: true }).expect(200);
    const concurrent = await Promise.all(Array.from({ length: 9 }, (_, i) => phone(`Insieme ${i}`)));
    const counts = new Map<string, number>();
    for (const id of concurrent) {
      const a = (await ticket(id)).assignee_id!;
      counts.set(a, (counts.get(a) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual([3, 3, 3]);

    // Nobody available: the ticket joins the team unassigned, and the timeline says so.
    await t.dataSource.query(`UPDATE app_user SET available = false WHERE id = ANY($1)`, [
      [f.agent.id, f.otherAgent.id, third.id],
    ]);
    const nobody = await ticket(await phone('Nessuno'));
    expect(nobody).toMatchObject({ team_id: ced, assignee_id: null });
    expect(nobody.events.find((e) => e.type === 'routed')?.payload).toMatchObject({
      assigneeId: null,
      roundRobin: true,
    });
    await t.dataSource.query(`UPDATE app_user SET available = true`);
  });

  it('the history import keeps the file’s values: no routing', async () => {
    await setRules([
      { name: 'Tutto', conditions: { catchAll: true }, actions: { teamId: ced, difficulty: 'low' } },
    ]);
    const report = await t.app.get(TicketImportService).import(
      csv([
        {
          number: '2016-000001',
          channel: 'email',
          received_at: '2016-04-04T09:00:00+02:00',
          ente: 'PONTASSIEVE',
          requester_name: 'Mario Rossi',
          requester_email: 'mario.rossi@example.it',
          subject: 'Stampante',
          status: 'resolved',
          taken_in_charge_at: '2016-04-04T09:10:00+02:00',
          first_answered_at: '2016-04-04T10:00:00+02:00',
          resolved_at: '2016-04-04T11:00:00+02:00',
        },
      ]),
      { dryRun: false },
    );
    expect(report.imported).toBe(1);
    const [row] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM ticket WHERE number = '2016-000001'`,
    );
    const imported = await ticket(row.id);
    expect(imported).toMatchObject({ team_id: null, difficulty: null });
    expect(imported.events.some((e) => e.type === 'routed')).toBe(false);
  });

  it('previews a draft on the latest tickets and flags one that matches nothing', async () => {
    const preview = await api(admin)
      .post('/api/routing-rules/preview', { conditions: { keywords: ['stampante'] } })
      .expect(200);
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ticket WHERE subject ILIKE '%stampante%' OR description ILIKE '%stampante%'`,
    );
    expect(preview.body).toMatchObject({ matched: n, warning: null });
    expect(preview.body.scanned).toBeGreaterThan(n);
    expect(preview.body.sample[0]).toEqual({
      id: expect.any(String),
      number: expect.any(String),
      subject: expect.any(String),
    });
    const byMailbox = await api(f.supervisor)
      .post('/api/routing-rules/preview', { conditions: { mailboxId: [mailbox] } })
      .expect(200);
    expect(byMailbox.body.matched).toBe(4); // m1, and the batch m3 to m5
    const none = await api(admin)
      .post('/api/routing-rules/preview', { conditions: { keywords: ['ornitorinco'] } })
      .expect(200);
    expect(none.body).toMatchObject({ matched: 0, sample: [], warning: 'noMatch' });
    const bad = await api(admin)
      .post('/api/routing-rules/preview', { conditions: { channel: ['fax'] } })
      .expect(400);
    expect(bad.body.fields[0].field).toBe('conditions.channel[0]');
    await api(f.agent)
      .post('/api/routing-rules/preview', { conditions: { catchAll: true } })
      .expect(403);
  });

  it('routes an existing ticket on demand through the workflow, version-checked', async () => {
    await setRules([]);
    const id = await phone('Scanner rotto');
    const before = await ticket(id);
    expect(before.team_id).toBeNull();
    const nothing = await api(f.agent).post(`/api/tickets/${id}/route`, {}).expect(200);
    expect(nothing.body).toMatchObject({ ruleId: null, changed: [] });

    await setRules([
      {
        name: 'Scanner',
        conditions: { keywords: ['scanner'] },
        actions: { teamId: ced, difficulty: 'medium_high' },
      },
    ]);
    await api(f.agent)
      .post(`/api/tickets/${id}/route`, { version: before.version + 5 })
      .expect(409);
    const done = await api(f.agent).post(`/api/tickets/${id}/route`, { version: before.version }).expect(200);
    expect(done.body).toMatchObject({ ruleName: 'Scanner', version: before.version + 1 });
    expect(done.body.changed.sort()).toEqual(['difficulty', 'teamId']);
    const after = await ticket(id);
    expect(after).toMatchObject({ team_id: ced, difficulty: 'medium_high' });
    expect(after.events.slice(-3).map((e) => e.type)).toEqual(['routed', 'team_changed', 'field_changed']);
    expect(after.events.at(-3)!.payload).toMatchObject({ ruleName: 'Scanner', onDemand: true });

    // Referents never see teams: nor which rule placed the ticket.
    const referent = await createUser(t.dataSource, 'ente_referent', 'Referente');
    await t.dataSource.query(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [
      referent.id,
      f.ente.id,
    ]);
    const seen = await api(referent).get(`/api/tickets/${id}`).expect(200);
    expect(seen.body.timeline.map((e: { type: string }) => e.type)).not.toContain('routed');
    expect(
      (await api(f.agent).get(`/api/tickets/${id}`).expect(200)).body.timeline.map(
        (e: { type: string }) => e.type,
      ),
    ).toContain('routed');

    await api(f.agent).post(`/api/tickets/${id}/resolve`, { resolution: 'Fatto' }).expect(200);
    await api(f.agent).post(`/api/tickets/${id}/route`, {}).expect(409);
    await api(f.agent).post(`/api/tickets/not-a-uuid/route`, {}).expect(400);
  });
});
