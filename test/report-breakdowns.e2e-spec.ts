import {
  authHeaders,
  BasicFixtures,
  createBasicFixtures,
  createTestApp,
  createUser,
  TestApp,
} from '@app/testing';
import { TicketService, UserEntity } from '@app/tickets';
import ExcelJS from 'exceljs';
import request from 'supertest';

const rome = (local: string) => new Date(`${local}+02:00`);

/**
 * Issue 19.5 and the reports' downloads: the tickets per ente, per category and per tag as JSON
 * (unchanged), CSV in the three dialects and XLSX; the report by tag refused to agents and referents.
 */
describe('report breakdowns by ente, category and tag: JSON, CSV and XLSX (e2e)', () => {
  let t: TestApp;
  let f: BasicFixtures;
  let admin: UserEntity;
  let referent: UserEntity;
  const period = { from: '2016-04-01', to: '2016-04-30' };

  const get = (path: string, query: Record<string, string>, user: UserEntity = f.supervisor) =>
    request(t.http).get(`/api/reports/tickets/${path}`).query(query).set(authHeaders(user));
  const binary = (req: request.Test) =>
    req.buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const lines = (text: string) =>
    text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
  const workbook = async (body: Buffer) => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(body as unknown as ArrayBuffer);
    return book;
  };
  const sheetRows = (sheet: ExcelJS.Worksheet) =>
    (sheet.getSheetValues().filter(Boolean) as unknown[][]).map((r) => r.slice(1));

  beforeAll(async () => {
    t = await createTestApp();
    f = await createBasicFixtures(t.dataSource);
    admin = await createUser(t.dataSource, 'admin', 'Anna Amministratrice');
    referent = await createUser(t.dataSource, 'ente_referent', 'Referente Fiesole');
    await t.dataSource.query(`INSERT INTO user_ente (user_id, ente_id) VALUES ($1, $2)`, [
      referent.id,
      f.otherEnte.id,
    ]);
    const post = (path: string, body: object, user: UserEntity = f.agent) =>
      request(t.http).post(path).set(authHeaders(user)).send(body);
    await post('/api/tags', { name: 'pec', label: 'Posta certificata' }, admin).expect(201);
    await post('/api/tags', { name: 'stampanti', label: 'Stampanti' }, admin).expect(201);

    const ticket = async (subject: string, at: string, extra: object, tags: string[]) => {
      const created = await post('/api/tickets', {
        channel: 'phone',
        requester: { name: 'Cittadino', phone: '055 123' },
        subject,
        receivedAt: rome(at).toISOString(),
        ...extra,
      }).expect(201);
      if (tags.length) {
        const { version } = (
          await request(t.http).get(`/api/tickets/${created.body.id}`).set(authHeaders(f.agent)).expect(200)
        ).body;
        await post(`/api/tickets/${created.body.id}/tags`, { add: tags, version }).expect(200);
      }
      return created.body.id as string;
    };
    // Pontassieve: one new with two tags, one resolved with one; Fiesole: one new, no tag, no category.
    await ticket('PEC e stampante', '2016-04-05T10:00:00', { enteId: f.ente.id, categoryId: f.category.id }, [
      'pec',
      'stampanti',
    ]);
    const resolved = await ticket(
      'PEC piena',
      '2016-04-06T10:00:00',
      { enteId: f.ente.id, categoryId: f.category.id },
      ['pec'],
    );
    await t.app
      .get(TicketService)
      .act(
        resolved,
        { type: 'resolve', resolution: 'Svuotata', notCompetent: false },
        { id: f.agent.id },
        undefined,
        rome('2016-04-06T11:00:00'),
      );
    await ticket('Senza etichette', '2016-04-07T10:00:00', { enteId: f.otherEnte.id }, []);
  }, 60_000);
  afterAll(() => t?.close());

  it('keeps JSON the default: one row per tag, a ticket under each of its tags, the untagged apart', async () => {
    const res = await get('by-tag', period).expect(200);
    expect(res.headers['content-type']).toContain('application/json');
    const rows = res.body.rows.map((r: { id: string | null; counts: { handled: number } }) => [
      r.id,
      r.counts.handled,
    ]);
    expect(rows).toEqual([
      ['pec', 2],
      [null, 1],
      ['stampanti', 1],
    ]);
    expect(res.body.rows[0]).toMatchObject({
      name: 'Posta certificata',
      counts: { new: 1, resolved: 1, handled: 2, resolvedPct: 50 },
    });
  });

  it('downloads the report by tag as Italian Excel CSV: semicolons, decimal commas, BOM, names in Italian', async () => {
    const res = await get('by-tag', { ...period, format: 'csv', lang: 'it' }).expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="ticket-by-tag-2016-04-01-2016-04-30.csv"',
    );
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    expect(lines(res.text)).toEqual([
      'Etichetta;Nuovo;Aperto;Risolto - non di competenza;Risolto;Tot gestiti;% Risolti',
      'Posta certificata;1;0;0;1;2;50,0',
      '(non indicato);1;0;0;0;1;0,0',
      'Stampanti;1;0;0;0;1;0,0',
    ]);
  });

  it('downloads by ente as plain CSV (ids, commas, no BOM) and by category as English CSV', async () => {
    const plain = await get('by-ente', { ...period, format: 'csv' }).expect(200);
    expect(plain.text.startsWith('\uFEFF')).toBe(false);
    expect(lines(plain.text)).toEqual([
      'id,ente,Nuovo,Aperto,Risolto - non di competenza,Risolto,Tot gestiti,% Risolti',
      `${f.ente.id},Comune di Pontassieve,1,0,0,1,2,50.0`,
      `${f.otherEnte.id},Comune di Fiesole,1,0,0,0,1,0.0`,
    ]);
    const english = await get('by-category', { ...period, format: 'csv', lang: 'en' }).expect(200);
    expect(lines(english.text)).toEqual([
      'Category,New,Open,Resolved - not competent,Resolved,Handled,% Resolved',
      'Pagamenti online,1,0,0,1,2,50.0',
      '(not set),1,0,0,0,1,0.0',
    ]);
  });

  it('downloads the three breakdowns as XLSX workbooks with the same numbers', async () => {
    const tag = await binary(get('by-tag', { ...period, format: 'xlsx', lang: 'en' })).expect(200);
    expect(tag.headers['content-type']).toContain('spreadsheetml');
    expect(tag.headers['content-disposition']).toContain('ticket-by-tag-2016-04-01-2016-04-30.xlsx');
    const tags = sheetRows((await workbook(tag.body)).getWorksheet('By tag')!);
    expect(tags[0][0]).toMatch(
      /^Tickets per tag from 2016-04-01 to 2016-04-30 \(status as of \d{4}-\d{2}-\d{2}\)$/,
    );
    expect(tags[1]).toEqual([
      'Tag',
      'New',
      'Open',
      'Resolved - not competent',
      'Resolved',
      'Handled',
      '% Resolved',
    ]);
    expect(tags.slice(2, 5)).toEqual([
      ['Posta certificata', 1, 0, 0, 1, 2, 0.5],
      ['(not set)', 1, 0, 0, 0, 1, 0],
      ['Stampanti', 1, 0, 0, 0, 1, 0],
    ]);

    const ente = await binary(get('by-ente', { ...period, format: 'xlsx' })).expect(200);
    const entes = sheetRows((await workbook(ente.body)).getWorksheet('Per ente')!);
    expect(entes[1][0]).toBe('Ente');
    expect(entes.slice(2)).toEqual([
      ['Comune di Pontassieve', 1, 0, 0, 1, 2, 0.5],
      ['Comune di Fiesole', 1, 0, 0, 0, 1, 0],
    ]);
    const category = await binary(get('by-category', { ...period, format: 'xlsx', lang: 'it' })).expect(200);
    const categories = sheetRows((await workbook(category.body)).getWorksheet('Per categoria')!);
    expect(categories.slice(2)).toEqual([
      ['Pagamenti online', 1, 0, 0, 1, 2, 0.5],
      ['(non indicato)', 1, 0, 0, 0, 1, 0],
    ]);
  });

  it('refuses the report by tag, and its downloads, to agents and referents; a referent’s ente CSV is theirs only', async () => {
    for (const user of [f.agent, referent]) {
      await get('by-tag', period, user).expect(403);
      await get('by-tag', { ...period, format: 'csv', lang: 'it' }, user).expect(403);
      await get('by-tag', { ...period, format: 'xlsx' }, user).expect(403);
    }
    await get('by-ente', { ...period, format: 'csv' }, f.agent).expect(403);
    const mine = await get('by-ente', { ...period, format: 'csv', lang: 'it' }, referent).expect(200);
    expect(lines(mine.text).slice(1)).toEqual(['Comune di Fiesole;1;0;0;0;1;0,0']);
    await get('by-tag', period, admin).expect(200);
  });

  it('names the bad field of a bad format or language', async () => {
    const format = await get('by-tag', { ...period, format: 'pdf' }).expect(400);
    expect(format.body.fields[0].field).toBe('format');
    const lang = await get('by-ente', { ...period, format: 'csv', lang: 'de' }).expect(400);
    expect(lang.body.fields[0].field).toBe('lang');
  });
});
