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

type TimelineEvent = { type: string; payload: Record<string, unknown>; body: string | null };

/** Issue 19.4-19.6: tags, macros and bulk actions, each through the ticket workflow. */
describe('macros, tags and bulk actions (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let referent: UserEntity;
  let lead: UserEntity;
  let ced: string;
  let firstLevel: string;

  const api = (user: UserEntity) => ({
    get: (path: string) => request(t.http).get(path).set(authHeaders(user)),
    post: (path: string, body: object) => request(t.http).post(path).set(authHeaders(user)).send(body),
    patch: (path: string, body: object) => request(t.http).patch(path).set(authHeaders(user)).send(body),
    put: (path: string, body: object) => request(t.http).put(path).set(authHeaders(user)).send(body),
    delete: (path: string) => request(t.http).delete(path).set(authHeaders(user)),
  });

  async function newTicket(subject: string, name = 'Lucia Serra'): Promise<string> {
    const res = await api(f.agent)
      .post('/api/tickets', {
        channel: 'phone',
        subject,
        // A caller is matched by phone: each name its own number.
        requester: { name, phone: name === 'Lucia Serra' ? '055 2223334' : '055 9998887' },
        enteId: f.ente.id,
      })
      .expect(201);
    return res.body.id as string;
  }
  const ticket = async (id: string) => (await api(f.agent).get(`/api/tickets/${id}`).expect(200)).body;
  const types = (body: { timeline: TimelineEvent[] }) => body.timeline.map((e) => e.type);

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Amministratore');
    lead = await createUser(t.dataSource, 'agent', 'Giulia Responsabile CED');
    referent = await createUser(t.dataSource, 'ente_referent', 'Referente Pontassieve');
    await t.dataSource.query(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [
      referent.id,
      f.ente.id,
    ]);
    ced = (await api(admin).post('/api/teams', { code: 'ced', name: 'Supporto CED' }).expect(201)).body.id;
    firstLevel = (await api(admin).post('/api/teams', { code: 'primo', name: 'Primo livello' }).expect(201))
      .body.id;
    await api(admin)
      .put(`/api/teams/${ced}/members`, {
        members: [{ userId: lead.id, lead: true }, { userId: f.agent.id }],
      })
      .expect(200);
  });
  afterAll(() => t?.close());

  describe('tags (19.5)', () => {
    it('admins keep the list: names lower-cased, a taken or malformed name refused; staff read it', async () => {
      const pec = await api(admin).post('/api/tags', { name: 'PEC', label: 'Posta certificata' }).expect(201);
      expect(pec.body).toEqual({ name: 'pec', label: 'Posta certificata', tickets: 0 });
      await api(admin).post('/api/tags', { name: ' Rete Comunale ' }).expect(201);
      await api(admin).post('/api/tags', { name: 'stampanti' }).expect(201);
      await api(admin).post('/api/tags', { name: 'obsoleta' }).expect(201);
      const taken = await api(admin).post('/api/tags', { name: 'pec' }).expect(400);
      expect(taken.body.fields[0]).toMatchObject({ field: 'name', code: 'taken' });
      const bad = await api(admin).post('/api/tags', { name: 'a/b' }).expect(400);
      expect(bad.body.fields[0]).toMatchObject({ field: 'name', code: 'tagName' });
      await api(f.agent).post('/api/tags', { name: 'mia' }).expect(403);
      await api(admin).patch('/api/tags/stampanti', { label: 'Stampanti' }).expect(200);
      await api(admin).delete('/api/tags/obsoleta').expect(204);
      await api(admin).delete('/api/tags/obsoleta').expect(404);
      const list = await api(f.agent).get('/api/tags').expect(200);
      expect(list.body.freeTags).toBe(false);
      expect(list.body.items.map((g: { name: string }) => g.name)).toEqual([
        'pec',
        'rete-comunale',
        'stampanti',
      ]);
      await api(referent).get('/api/tags').expect(403);
    });

    it('tags a ticket with the version read, on the timeline; unknown tags and stale versions change nothing', async () => {
      const id = await newTicket('PEC non riceve');
      const before = await ticket(id);
      const tagged = await api(f.agent)
        .post(`/api/tickets/${id}/tags`, { add: ['PEC', 'rete-comunale'], version: before.version })
        .expect(200);
      expect(tagged.body.tags).toEqual(['pec', 'rete-comunale']);
      expect(tagged.body.version).toBe(before.version + 1);
      expect(tagged.body.timeline.at(-1)).toMatchObject({
        type: 'tags_changed',
        payload: { added: ['pec', 'rete-comunale'], removed: [] },
      });
      const unknown = await api(f.agent)
        .post(`/api/tickets/${id}/tags`, { add: ['pec', 'inventata'], remove: ['pec'] })
        .expect(400);
      expect(unknown.body.fields).toEqual([
        expect.objectContaining({ field: 'add[1]', code: 'unknownTag', params: { tag: 'inventata' } }),
      ]);
      await api(f.agent)
        .post(`/api/tickets/${id}/tags`, { remove: ['pec'], version: before.version })
        .expect(409);
      const untagged = await api(f.agent)
        .post(`/api/tickets/${id}/tags`, { remove: ['rete-comunale'], version: tagged.body.version })
        .expect(200);
      expect(untagged.body.tags).toEqual(['pec']);
      // Nothing to change: no event, same version.
      const same = await api(f.agent)
        .post(`/api/tickets/${id}/tags`, { add: ['pec'] })
        .expect(200);
      expect(same.body.version).toBe(untagged.body.version);
      expect(types(same.body).filter((type) => type === 'tags_changed')).toHaveLength(2);
    });

    it('filters the queue by tag; rows carry their tags; referents see no tags anywhere', async () => {
      const id = await newTicket('Stampante inceppata');
      await api(f.agent)
        .post(`/api/tickets/${id}/tags`, { add: ['stampanti'] })
        .expect(200);
      const rows = await api(f.agent).get('/api/tickets?tag=stampanti').expect(200);
      expect(rows.body.items.map((r: { id: string }) => r.id)).toEqual([id]);
      expect(rows.body.items[0].tags).toEqual(['stampanti']);
      const all = await api(f.agent).get('/api/tickets').expect(200);
      expect(all.body.items.length).toBeGreaterThan(1);
      await api(f.agent)
        .get(`/api/tickets?tag=${'x'.repeat(51)}`)
        .expect(400);

      const asReferent = await api(referent).get('/api/tickets?tag=stampanti').expect(200);
      expect(asReferent.body.items.length).toBeGreaterThan(1);
      for (const row of asReferent.body.items) expect(row.tags).toEqual([]);
      const page = await api(referent).get(`/api/tickets/${id}`).expect(200);
      expect(page.body.tags).toEqual([]);
      expect(types(page.body)).not.toContain('tags_changed');
      await api(referent)
        .post(`/api/tickets/${id}/tags`, { add: ['pec'] })
        .expect(403);
    });

    it('reports tickets by tag like by category: a ticket under each of its tags, untagged ones as not set', async () => {
      await newTicket('Senza etichette');
      const year = new Date().getUTCFullYear();
      const res = await api(f.supervisor)
        .get(`/api/reports/tickets/by-tag?from=${year}-01-01&to=${year}-12-31`)
        .expect(200);
      const byId = new Map(
        res.body.rows.map((r: { id: string | null; name: string; counts: { handled: number } }) => [r.id, r]),
      );
      expect(byId.get('pec')).toMatchObject({ name: 'Posta certificata', counts: { handled: 1 } });
      expect(byId.get('stampanti')).toMatchObject({ name: 'Stampanti', counts: { handled: 1 } });
      expect(byId.get(null)).toMatchObject({ name: '(non indicato / not set)' });
      expect(byId.has('rete-comunale')).toBe(false);
      await api(referent).get(`/api/reports/tickets/by-tag?from=${year}-01-01&to=${year}-12-31`).expect(403);
    });
  });

  describe('macros (19.4)', () => {
    let macroId: string;
    let leadMacro: string;

    it('refuses an unknown placeholder naming it, a resolve without resolution, an empty macro', async () => {
      const res = await api(admin)
        .post('/api/macros', {
          name: 'Saluto',
          actions: { answer: { via: 'email', body: 'Gentile {{cliente.nome}}, ticket {{ticket.number}}' } },
        })
        .expect(400);
      expect(res.body.fields).toEqual([
        expect.objectContaining({
          field: 'actions.answer.body',
          code: 'unknownPlaceholder',
          params: expect.objectContaining({ placeholder: 'cliente.nome' }),
        }),
      ]);
      expect(res.body.message).toContain('{{cliente.nome}}');
      const resolve = await api(admin)
        .post('/api/macros', { name: 'Chiudi', actions: { status: 'resolved' } })
        .expect(400);
      expect(resolve.body.fields[0]).toMatchObject({ field: 'actions.resolution', code: 'required' });
      const empty = await api(admin)
        .post('/api/macros', { name: 'Niente', actions: { addTags: [] } })
        .expect(400);
      expect(empty.body.fields[0]).toMatchObject({ field: 'actions', code: 'empty' });
      const tag = await api(admin)
        .post('/api/macros', { name: 'Tag', actions: { addTags: ['sconosciuta'] } })
        .expect(400);
      expect(tag.body.fields[0]).toMatchObject({ field: 'actions.addTags[0]', code: 'unknownTag' });
      expect((await api(admin).get('/api/macros').expect(200)).body.items).toEqual([]);
    });

    it('admins manage every macro; a team lead only their team’s; other agents none', async () => {
      const created = await api(admin)
        .post('/api/macros', {
          name: 'In attesa di riscontro',
          actions: {
            answer: {
              via: 'note',
              body: 'Chiesto a {{requester.name}} ({{ente.name}}) per il ticket {{ticket.number}}. {{agent.name}}',
            },
            status: 'waiting',
            categoryId: f.category.id,
            difficulty: 'low',
            addTags: ['PEC'],
          },
        })
        .expect(201);
      macroId = created.body.id;
      expect(created.body).toMatchObject({ teamId: null, version: 1, editable: true });
      expect(created.body.actions.addTags).toEqual(['pec']);

      const mine = await api(lead)
        .post('/api/macros', {
          name: 'Al CED',
          teamId: ced,
          actions: { teamId: ced, addTags: ['rete-comunale'] },
        })
        .expect(201);
      leadMacro = mine.body.id;
      await api(lead)
        .post('/api/macros', { name: 'Di tutti', actions: { status: 'open' } })
        .expect(403);
      await api(lead)
        .post('/api/macros', { name: 'Altro team', teamId: firstLevel, actions: { status: 'open' } })
        .expect(403);
      await api(f.agent)
        .post('/api/macros', { name: 'Non sono lead', teamId: ced, actions: { status: 'open' } })
        .expect(403);
      await api(lead)
        .patch(`/api/macros/${macroId}`, { name: 'x', actions: { status: 'open' }, version: 1 })
        .expect(403);
      // A lead cannot hand their macro to another team.
      await api(lead)
        .patch(`/api/macros/${leadMacro}`, {
          name: 'x',
          teamId: firstLevel,
          actions: { status: 'open' },
          version: 1,
        })
        .expect(403);
      const renamed = await api(lead)
        .patch(`/api/macros/${leadMacro}`, {
          name: 'Passa al CED',
          teamId: ced,
          actions: { teamId: ced, addTags: ['rete-comunale'] },
          version: 1,
        })
        .expect(200);
      expect(renamed.body.version).toBe(2);
      const stale = await api(admin)
        .patch(`/api/macros/${leadMacro}`, {
          name: 'y',
          teamId: ced,
          actions: { status: 'open' },
          version: 1,
        })
        .expect(409);
      expect(stale.body.message).toMatch(/ricaricala/);

      const asAgent = await api(f.agent).get('/api/macros').expect(200);
      expect(asAgent.body.items.map((m: { editable: boolean }) => m.editable)).toEqual([false, false]);
      expect(asAgent.body.placeholders).toContain('{{requester.name}}');
      const asLead = await api(lead).get('/api/macros').expect(200);
      expect(asLead.body.leadOf).toEqual([ced]);
      expect(asLead.body.items.map((m: { name: string; editable: boolean }) => [m.name, m.editable])).toEqual(
        [
          ['In attesa di riscontro', false],
          ['Passa al CED', true],
        ],
      );
      await api(referent).get('/api/macros').expect(403);
    });

    it('previews the rendered texts without writing anything', async () => {
      const id = await newTicket('Casella PEC piena', 'Mario Bianchi');
      const before = await ticket(id);
      const preview = await api(f.agent).post(`/api/tickets/${id}/macros/${macroId}/preview`, {}).expect(200);
      expect(preview.body).toMatchObject({
        name: 'In attesa di riscontro',
        answer: {
          via: 'note',
          body: `Chiesto a Mario Bianchi (${f.ente.name}) per il ticket ${before.number}. ${f.agent.name}`,
        },
        status: 'waiting',
        category: f.category.name,
        difficulty: 'low',
        addTags: ['pec'],
        ticketVersion: before.version,
      });
      expect(await ticket(id)).toEqual(before);
    });

    it('applies every action in one transaction, version-checked', async () => {
      const id = await newTicket('Casella PEC piena di nuovo', 'Mario Bianchi');
      const before = await ticket(id);
      await api(f.agent)
        .post(`/api/tickets/${id}/macros/${macroId}/apply`, { version: before.version + 1 })
        .expect(409);
      expect(await ticket(id)).toEqual(before);
      const applied = await api(f.agent)
        .post(`/api/tickets/${id}/macros/${macroId}/apply`, { version: before.version })
        .expect(200);
      expect(applied.body).toMatchObject({
        status: 'waiting',
        difficulty: 'low',
        category: { id: f.category.id },
        tags: ['pec'],
        assignee: { id: f.agent.id },
      });
      // The workflow's own events in order (the clocks' verdicts come with them).
      const added = types(applied.body)
        .slice(before.timeline.length)
        .filter((type) => !type.startsWith('sla_'));
      expect(added).toEqual([
        'field_changed',
        'field_changed',
        'tags_changed',
        'note',
        'taken_in_charge',
        'status_changed',
        'status_changed',
      ]);
      expect(applied.body.timeline.find((e: TimelineEvent) => e.type === 'note').body).toContain(
        'Mario Bianchi',
      );
    });

    it('a step the workflow refuses undoes the whole macro on that ticket', async () => {
      const id = await newTicket('Già risolto');
      await api(f.agent).post(`/api/tickets/${id}/resolve`, { resolution: 'Fatto' }).expect(200);
      const before = await ticket(id);
      // Tags and fields would apply, but waiting a resolved ticket is refused: nothing stays.
      const res = await api(f.agent).post(`/api/tickets/${id}/macros/${macroId}/apply`, {}).expect(409);
      expect(res.body.message).toMatch(/Sospensione/);
      expect(await ticket(id)).toEqual(before);
    });
  });

  describe('bulk actions (19.6)', () => {
    it('refuses more than 500 tickets, a missing parameter, a referent: nothing changed', async () => {
      const id = await newTicket('Uno dei tanti');
      const before = await ticket(id);
      const ids = [
        id,
        ...Array.from({ length: 500 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
      ];
      const over = await api(f.agent).post('/api/tickets/bulk', { ids, action: 'take_charge' }).expect(400);
      expect(over.body.fields[0]).toMatchObject({ field: 'ids', code: 'arrayMaxSize' });
      const missing = await api(f.agent)
        .post('/api/tickets/bulk', { ids: [id], action: 'resolve' })
        .expect(400);
      expect(missing.body.fields[0]).toMatchObject({ field: 'resolution', code: 'required' });
      const badTag = await api(f.agent)
        .post('/api/tickets/bulk', { ids: [id], action: 'tag', tags: ['inventata'] })
        .expect(400);
      expect(badTag.body.fields[0]).toMatchObject({ field: 'tags[0]', code: 'unknownTag' });
      await api(referent)
        .post('/api/tickets/bulk', { ids: [id], action: 'take_charge' })
        .expect(403);
      expect(await ticket(id)).toEqual(before);
    });

    it('takes charge of a selection: each its own version; conflicts and missing tickets listed with why', async () => {
      const a = await newTicket('Bulk A');
      const b = await newTicket('Bulk B');
      const c = await newTicket('Bulk C');
      const d = await newTicket('Bulk D');
      await api(f.otherAgent).post(`/api/tickets/${b}/take-charge`, {}).expect(200);
      const dBefore = await ticket(d);
      await api(f.agent)
        .post(`/api/tickets/${d}/tags`, { add: ['pec'] })
        .expect(200);
      const missing = '00000000-0000-4000-8000-00000000beef';
      const res = await api(f.agent)
        .post('/api/tickets/bulk', {
          ids: [a, b, c, d, missing, a],
          action: 'take_charge',
          versions: { [d]: dBefore.version },
        })
        .expect(200);
      expect(res.body.summary).toEqual({ ok: 2, conflict: 2, notFound: 1, invalid: 0 });
      const byId = new Map(res.body.results.map((r: { id: string }) => [r.id, r]));
      expect(byId.get(a)).toMatchObject({ result: 'ok', number: expect.any(String) });
      expect(byId.get(b)).toMatchObject({ result: 'conflict', code: 'CONFLICT' });
      expect((byId.get(b) as { reason: string }).reason).toMatch(/già stato preso in carico/);
      expect(byId.get(d)).toMatchObject({ result: 'conflict', code: 'VERSION_CONFLICT' });
      expect(byId.get(missing)).toMatchObject({ result: 'notFound', number: null });
      expect((await ticket(a)).assignee.id).toBe(f.agent.id);
      expect((await ticket(b)).assignee.id).toBe(f.otherAgent.id);
      expect((await ticket(d)).status).toBe('new');
    });

    it('assigns, moves team, tags, untags and resolves with one resolution text', async () => {
      const a = await newTicket('Bulk E');
      const b = await newTicket('Bulk F');
      const ok = async (body: object) => {
        const res = await api(f.supervisor)
          .post('/api/tickets/bulk', { ids: [a, b], ...body })
          .expect(200);
        expect(res.body.summary.ok).toBe(2);
      };
      await ok({ action: 'assign', assigneeId: f.otherAgent.id });
      await ok({ action: 'move_team', teamId: ced, note: 'Tutti al CED' });
      await ok({ action: 'tag', tags: ['stampanti', 'pec'] });
      await ok({ action: 'untag', tags: ['pec'] });
      await ok({ action: 'resolve', resolution: 'Risolto con il riavvio del server' });
      for (const id of [a, b]) {
        const body = await ticket(id);
        expect(body).toMatchObject({ status: 'resolved', team: { id: ced }, tags: ['stampanti'] });
        const resolved = body.timeline.find(
          (e: TimelineEvent) => e.type === 'status_changed' && e.payload.to === 'resolved',
        );
        expect(resolved.body).toBe('Risolto con il riavvio del server');
      }
      const again = await api(f.supervisor)
        .post('/api/tickets/bulk', { ids: [a], action: 'resolve', resolution: 'Ancora' })
        .expect(200);
      expect(again.body.results[0]).toMatchObject({ result: 'conflict', code: 'CONFLICT' });
      const unknownAgent = await api(f.supervisor)
        .post('/api/tickets/bulk', { ids: [a], action: 'assign', assigneeId: referent.id })
        .expect(400);
      expect(unknownAgent.body.fields[0].field).toBe('assigneeId');
    });

    it('applies a macro to a selection: a refused ticket keeps nothing of it, the others all of it', async () => {
      const open = await newTicket('Bulk macro aperto');
      const resolved = await newTicket('Bulk macro risolto');
      await api(f.agent).post(`/api/tickets/${resolved}/resolve`, { resolution: 'Fatto' }).expect(200);
      const before = await ticket(resolved);
      const macros = (await api(f.agent).get('/api/macros').expect(200)).body.items;
      const waiting = macros.find((m: { name: string }) => m.name === 'In attesa di riscontro').id;
      const res = await api(f.agent)
        .post('/api/tickets/bulk', { ids: [open, resolved], action: 'macro', macroId: waiting })
        .expect(200);
      expect(res.body.summary).toMatchObject({ ok: 1, conflict: 1 });
      expect(await ticket(resolved)).toEqual(before);
      expect(await ticket(open)).toMatchObject({ status: 'waiting', tags: ['pec'], difficulty: 'low' });
      const unknown = await api(f.agent)
        .post('/api/tickets/bulk', {
          ids: [open],
          action: 'macro',
          macroId: '00000000-0000-4000-8000-00000000beef',
        })
        .expect(400);
      expect(unknown.body.fields[0].field).toBe('macroId');
    });
  });
});

describe('free tags (TICKETS_FREE_TAGS=true)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  beforeAll(async () => {
    t = await createTestApp({ TICKETS_FREE_TAGS: 'true' });
    f = await createBasicFixtures(t.dataSource);
  });
  afterAll(() => t?.close());

  it('puts a tag off the list on a ticket, still checking its form', async () => {
    const created = await request(t.http)
      .post('/api/tickets')
      .set(authHeaders(f.agent))
      .send({ channel: 'phone', subject: 'Libera', requester: { name: 'Ada', phone: '055 1112223' } })
      .expect(201);
    const list = await request(t.http).get('/api/tags').set(authHeaders(f.agent)).expect(200);
    expect(list.body.freeTags).toBe(true);
    const res = await request(t.http)
      .post(`/api/tickets/${created.body.id}/tags`)
      .set(authHeaders(f.agent))
      .send({ add: ['Nuova Etichetta'] })
      .expect(200);
    expect(res.body.tags).toEqual(['nuova-etichetta']);
    await request(t.http)
      .post(`/api/tickets/${created.body.id}/tags`)
      .set(authHeaders(f.agent))
      .send({ add: ['no/slash'] })
      .expect(400);
  });
});
