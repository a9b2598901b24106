import { MailIngestService } from '@app/mail';
import { createBasicFixtures, createTestApp, TestApp } from '@app/testing';
import { DataSource } from 'typeorm';

/**
 * The mail fast path (a fetched chunk, its plain new requests opened together) and the per-mail
 * path (one mail at a time) follow the same rules: the same chunk through each, on two fresh
 * databases, writes the same rows in ticket, contact, ticket_event, sla_clock, outbound_mail and
 * inbound_mail (ids and write-time timestamps aside).
 */

function mail(headers: string[], body: string): Buffer {
  return Buffer.from(
    [...headers, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body].join('\r\n'),
  );
}

const EARLIER = new Date('2026-03-02T09:00:00Z');
const NOW = new Date('2026-03-02T10:15:00Z');

/** A ticket that exists before the chunk: the chunk's reply threads to it. */
const FIRST = mail(
  [
    'From: Anna Neri <anna.neri@comune.pontassieve.fi.it>',
    'To: assistenza@cst.example',
    'Subject: Il portale dei pagamenti non risponde',
    'Message-ID: <prima-1@comune.pontassieve.fi.it>',
  ],
  'Da stamattina il portale non si apre.',
);

const CHUNK = [
  // A new request from a domain no ente has.
  mail(
    [
      'From: Mario Bianchi <mario.bianchi@example.org>',
      'To: assistenza@cst.example',
      'Subject: Non riesco ad accedere',
      'Message-ID: <nuova-1@example.org>',
    ],
    'Buongiorno, la password non funziona.',
  ),
  // A reply to the existing ticket.
  mail(
    [
      'From: Anna Neri <anna.neri@comune.pontassieve.fi.it>',
      'To: assistenza@cst.example',
      'Subject: R: Il portale dei pagamenti non risponde',
      'Message-ID: <risposta-1@comune.pontassieve.fi.it>',
      'In-Reply-To: <prima-1@comune.pontassieve.fi.it>',
      'References: <prima-1@comune.pontassieve.fi.it>',
    ],
    'Aggiungo: anche da cellulare.',
  ),
  // An automatic answer without a ticket.
  mail(
    [
      'From: Ufficio Tributi <tributi@comune.fiesole.fi.it>',
      'To: assistenza@cst.example',
      'Subject: Risposta automatica: fuori ufficio',
      'Message-ID: <auto-1@comune.fiesole.fi.it>',
      'Auto-Submitted: auto-replied',
    ],
    'Sono fuori ufficio fino a lunedì.',
  ),
  // A new request from a sub-domain of a known ente's domain.
  mail(
    [
      'From: Luca Verdi <luca.verdi@uffici.comune.pontassieve.fi.it>',
      'To: assistenza@cst.example',
      'Subject: Stampante di rete',
      'Message-ID: <nuova-2@uffici.comune.pontassieve.fi.it>',
    ],
    'La stampante del secondo piano non stampa.',
  ),
  // The same sender again: the same contact, and past the acknowledgement limit (1 an hour).
  mail(
    [
      'From: Mario Bianchi <mario.bianchi@example.org>',
      'To: assistenza@cst.example',
      'Subject: Anche la posta',
      'Message-ID: <nuova-3@example.org>',
    ],
    'Nemmeno la posta funziona.',
  ),
  // Mass mail: a ticket flagged for review, never acknowledged.
  mail(
    [
      'From: Newsletter <news@lista.example.com>',
      'To: assistenza@cst.example',
      'Subject: Novità del mese',
      'Message-ID: <news-1@lista.example.com>',
      'Precedence: bulk',
    ],
    'Le novità del mese.',
  ),
];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The rows that matter, with every id replaced by what identifies its row in either database. */
async function snapshot(db: DataSource) {
  const names = new Map<string, string>();
  const name = async (sql: string, prefix: string) => {
    for (const row of (await db.query(sql)) as { id: string; key: string }[])
      names.set(row.id, `${prefix}:${row.key}`);
  };
  await name(`SELECT id, code AS key FROM ente`, 'ente');
  await name(`SELECT id, name AS key FROM app_user`, 'user');
  await name(`SELECT id, code AS key FROM team`, 'team');
  await name(`SELECT id, code AS key FROM category`, 'category');
  await name(`SELECT id, name AS key FROM routing_rule`, 'rule');
  await name(`SELECT id, lower(email) AS key FROM contact`, 'contact');
  await name(`SELECT id, number AS key FROM ticket`, 'ticket');
  await name(`SELECT id, message_id AS key FROM inbound_mail`, 'inbound');
  await name(`SELECT id, code || ' v' || version AS key FROM sla_policy`, 'policy');
  await name(
    `SELECT o.id, o.kind || ' ' || coalesce(t.number, '') AS key FROM outbound_mail o LEFT JOIN ticket t ON t.id = o.ticket_id`,
    'outbound',
  );
  const named = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(UUID, (id) => names.get(id) ?? 'unknown-id');
    if (value instanceof Date || Buffer.isBuffer(value) || value === null) return value;
    if (Array.isArray(value)) return value.map(named);
    if (typeof value === 'object')
      return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, named(v)]));
    return value;
  };
  const rows = async (sql: string, without: string[]) =>
    ((await db.query(sql)) as Record<string, unknown>[]).map((row) => {
      for (const column of without) delete row[column];
      return named(row);
    });
  const writtenAt = ['created_at', 'updated_at'];
  return {
    ticket: await rows(`SELECT * FROM ticket ORDER BY number`, ['id', 'search', ...writtenAt]),
    contact: await rows(`SELECT * FROM contact ORDER BY lower(email)`, ['id', ...writtenAt]),
    ticket_event: await rows(
      `SELECT t.number, e.* FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id ORDER BY t.number, e.id`,
      ['id', 'search', 'recorded_at'],
    ),
    sla_clock: await rows(
      `SELECT t.number, c.* FROM sla_clock c JOIN ticket t ON t.id = c.ticket_id ORDER BY t.number, c.code, c.cycle`,
      ['id', 'updated_at'],
    ),
    outbound_mail: await rows(
      `SELECT o.* FROM outbound_mail o LEFT JOIN ticket t ON t.id = o.ticket_id ORDER BY t.number, o.kind`,
      ['id', 'message_id', 'next_attempt_at', ...writtenAt],
    ),
    inbound_mail: await rows(
      `SELECT message_id, outcome, reason, kind, ticket_id, from_address, subject, parse_problems
         FROM inbound_mail ORDER BY message_id`,
      [],
    ),
  };
}

describe('mail ingestion: the fast path writes what the per-mail path writes (e2e)', () => {
  const apps: TestApp[] = [];

  async function prepared(): Promise<{ t: TestApp; ingest: MailIngestService }> {
    const t = await createTestApp({ MAIL_ACK_LIMIT_PER_HOUR: '1' });
    apps.push(t);
    const f = await createBasicFixtures(t.dataSource);
    await t.dataSource.query(`INSERT INTO ente_domain (domain, ente_id) VALUES ($1, $2)`, [
      'comune.pontassieve.fi.it',
      f.ente.id,
    ]);
    // Routing rules apply on both paths alike, round-robin turns included (issue 19.2).
    const [team] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO team (code, name) VALUES ('ced', 'Supporto CED') RETURNING id`,
    );
    await t.dataSource.query(`INSERT INTO team_member (team_id, user_id) VALUES ($1, $2), ($1, $3)`, [
      team.id,
      f.agent.id,
      f.otherAgent.id,
    ]);
    await t.dataSource.query(
      `INSERT INTO routing_rule (position, name, conditions, actions) VALUES
         (1, 'Stampanti', '{"keywords": ["stampante"]}', $2),
         (2, 'Posta e accessi', '{"channel": ["email"]}', $1)`,
      [
        { teamId: team.id, roundRobin: true, categoryId: f.category.id },
        { teamId: team.id, difficulty: 'medium_low', assigneeId: f.supervisor.id },
      ],
    );
    const ingest = t.app.get(MailIngestService);
    expect((await ingest.ingest(FIRST, { mailboxId: null }, EARLIER)).outcome).toBe('ticket_created');
    return { t, ingest };
  }

  afterAll(async () => {
    for (const t of apps) await t.close();
  });

  it('the same chunk one mail at a time and as one batch writes identical rows', async () => {
    const slow = await prepared();
    const oneByOne = [];
    for (const raw of CHUNK) oneByOne.push(await slow.ingest.ingest(raw, { mailboxId: null }, NOW));

    const fast = await prepared();
    const batch = await fast.ingest.ingestBatch(
      CHUNK.map((raw) => ({ raw })),
      null,
      NOW,
    );

    const outcomes = [
      'ticket_created',
      'reply_added',
      'ignored',
      'ticket_created',
      'ticket_created',
      'ticket_created',
    ];
    expect(oneByOne.map((r) => r.outcome)).toEqual(outcomes);
    expect(batch.map((r) => r.outcome)).toEqual(outcomes);
    // The three plain requests and the plain reply to an open ticket took the fast path; the rest
    // went the per-mail way in both runs.
    // (A mass mail's kind is also flagged 'bulk': the fast path's mark is on normal mails.)
    expect(batch.map((r) => r.kind === 'normal' && r.flags.includes('bulk'))).toEqual([
      true,
      true,
      false,
      true,
      true,
      false,
    ]);
    expect(batch.map((r) => r.acknowledged)).toEqual(oneByOne.map((r) => r.acknowledged));
    expect(batch.map((r) => r.acknowledged)).toEqual([true, false, false, true, false, false]);

    const expected = await snapshot(slow.t.dataSource);
    const actual = await snapshot(fast.t.dataSource);
    expect(expected.ticket).toHaveLength(5);
    expect(expected.outbound_mail.length).toBeGreaterThanOrEqual(3);
    // Every ticket was routed; the printer request's round-robin turn went to someone.
    expect(expected.ticket.map((row) => (row as { team_id: unknown }).team_id)).toEqual(
      Array(5).fill('team:ced'),
    );
    const routed = expected.ticket_event.filter((e) => (e as { type: string }).type === 'routed');
    expect(routed).toHaveLength(5);
    expect(routed.some((e) => (e as { payload: { roundRobin?: true } }).payload.roundRobin)).toBe(true);
    for (const table of Object.keys(expected) as (keyof typeof expected)[]) {
      expect({ table, rows: actual[table] }).toEqual({ table, rows: expected[table] });
    }
  });
});
