import { randomUUID } from 'node:crypto';

import { GroupKey, TicketStatisticsRepository } from '@app/reporting/statistics/ticket-statistics.repository';
import { createTestApp, TestApp } from '@app/testing';

/*
 * The ticket report "as of" a past instant (issue 22.2) against a replay of each ticket's
 * timeline: random tickets with random status histories (reopened ones, changes sharing an
 * instant, merged duplicates, tickets never taken), counted at many instants, including instants
 * that are exactly a status change's. The help desk keeps a ticket's status equal to its latest
 * status change, and so do the generated rows.
 */

const ZONE = 'Europe/Rome';
const SEED = Number(process.env.AS_OF_SEED ?? 22_2);
const TICKETS = 400;
const INSTANTS = 40;
const DAY = 86_400_000;
const START = Date.UTC(2016, 11, 20);
const SPAN = 60 * DAY;

type Status = 'new' | 'open' | 'waiting' | 'resolved' | 'resolved_not_competent';

/** mulberry32: the same tickets on every run of a seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The workflow's moves from each status (a resolved ticket can be reopened). */
const NEXT: Record<Status, Status[]> = {
  new: ['open', 'resolved', 'resolved_not_competent'],
  open: ['waiting', 'resolved', 'resolved_not_competent'],
  waiting: ['open', 'resolved'],
  resolved: ['open'],
  resolved_not_competent: ['open'],
};

interface StatusEvent {
  id: number;
  ticketId: string;
  at: number;
  to: Status;
}

interface TicketRow {
  id: string;
  receivedAt: number;
  channel: string;
  merged: boolean;
  period: string;
  ente: string;
  category: string;
  tags: string[];
}

/** The status at `asOf` by replaying the timeline: the last change at or before it, later id on a tie. */
function statusAt(events: StatusEvent[], asOf: number): Status {
  let last: StatusEvent | undefined;
  for (const e of events) {
    if (e.at > asOf) continue;
    if (!last || e.at > last.at || (e.at === last.at && e.id > last.id)) last = e;
  }
  return last?.to ?? 'new';
}

function key(period: string, channel: string, status: string): string {
  return `${period}|${channel}|${status}`;
}

describe('the ticket report as of a past instant (e2e)', () => {
  let t: TestApp;
  let repo: TicketStatisticsRepository;
  let tickets: TicketRow[];
  const timelines = new Map<string, StatusEvent[]>();
  const instants: number[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    repo = t.app.get(TicketStatisticsRepository);
    const ds = t.dataSource;
    const rnd = random(SEED);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
    const minute = () => Math.floor(rnd() * 4) * 60_000;

    const entes: { id: string }[] = await ds.query(
      `INSERT INTO ente (code, name, kind) SELECT 'ASOF' || g, 'Comune as-of ' || g, 'comune'
         FROM generate_series(1, 3) g RETURNING id`,
    );
    const categories: { id: string }[] = await ds.query(
      `INSERT INTO category (code, name) SELECT 'asof-' || g, 'Categoria ' || g FROM generate_series(1, 2) g RETURNING id`,
    );
    await ds.query(`INSERT INTO tag (name, label) VALUES ('asof-a', 'A'), ('asof-b', 'B')`);

    const planned: {
      id: string;
      receivedAt: number;
      channel: string;
      ente: string | null;
      category: string | null;
      tags: string[];
      changes: { at: number; to: Status }[];
    }[] = [];
    for (let i = 0; i < TICKETS; i++) {
      const receivedAt = START + Math.floor((rnd() * SPAN) / 60_000) * 60_000;
      let status: Status = 'new';
      let at = receivedAt;
      const changes: { at: number; to: Status }[] = [];
      const moves = Math.floor(rnd() * 6);
      for (let m = 0; m < moves; m++) {
        // A third of the changes share the previous change's instant (the id decides between them).
        at += rnd() < 0.3 ? 0 : minute() + Math.floor(rnd() * 3) * DAY;
        status = pick(NEXT[status]);
        changes.push({ at, to: status });
      }
      planned.push({
        id: randomUUID(),
        receivedAt,
        channel: pick(['email', 'phone', 'web']),
        ente: rnd() < 0.2 ? null : pick(entes).id,
        category: rnd() < 0.3 ? null : pick(categories).id,
        tags: ['asof-a', 'asof-b'].filter(() => rnd() < 0.4),
        changes,
      });
    }
    await ds.query(
      `INSERT INTO ticket (id, number, channel, subject, ente_id, category_id, received_at, redirected_to, created_at, updated_at)
       SELECT id, 'ASOF-' || lpad(n::text, 5, '0'), channel::ticket_channel, 'Segnalazione', ente, category, received,
              'Altro ente', received, received
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::timestamptz[]) WITH ORDINALITY
              AS x(id, channel, ente, category, received, n)`,
      [
        planned.map((p) => p.id),
        planned.map((p) => p.channel),
        planned.map((p) => p.ente),
        planned.map((p) => p.category),
        planned.map((p) => new Date(p.receivedAt)),
      ],
    );
    const tagged = planned.flatMap((p) => p.tags.map((tag) => [p.id, tag]));
    await ds.query(`INSERT INTO ticket_tag (ticket_id, tag) SELECT * FROM unnest($1::uuid[], $2::text[])`, [
      tagged.map(([id]) => id),
      tagged.map(([, tag]) => tag),
    ]);
    // The changes of all tickets interleaved by instant, as the writer would append them; a tie
    // within a ticket keeps its planned order (the later planned change gets the larger id).
    const changes = planned
      .flatMap((p) => p.changes.map((c, order) => ({ ticketId: p.id, ...c, order })))
      .sort((a, b) => a.at - b.at || a.ticketId.localeCompare(b.ticketId) || a.order - b.order);
    for (const c of changes) {
      await ds.query(
        `INSERT INTO ticket_event (ticket_id, type, occurred_at, payload) VALUES ($1, 'status_changed', $2, $3)`,
        [c.ticketId, new Date(c.at), { from: null, to: c.to }],
      );
    }
    // Some tickets are duplicates merged into the first one (which is not merged itself).
    const merged = planned.slice(1).filter(() => rnd() < 0.15);
    await ds.query(`UPDATE ticket SET merged_into_id = $2 WHERE id = ANY($1::uuid[])`, [
      merged.map((p) => p.id),
      planned[0].id,
    ]);

    // Everything the checks read back from the database, so the ids decide ties as they do there.
    const events: { id: string; ticket_id: string; occurred_at: Date; to: Status }[] = await ds.query(
      `SELECT id, ticket_id, occurred_at, payload->>'to' AS to FROM ticket_event WHERE type = 'status_changed'`,
    );
    for (const e of events) {
      const list = timelines.get(e.ticket_id) ?? [];
      list.push({ id: Number(e.id), ticketId: e.ticket_id, at: e.occurred_at.getTime(), to: e.to });
      timelines.set(e.ticket_id, list);
    }
    // The current status is the latest change's, as the ticket writer keeps it.
    for (const p of planned) {
      await ds.query(`UPDATE ticket SET status = $2::ticket_status WHERE id = $1`, [
        p.id,
        statusAt(timelines.get(p.id) ?? [], Infinity),
      ]);
    }
    const rows: {
      id: string;
      received_at: Date;
      channel: string;
      merged: boolean;
      period: string;
      ente: string;
      category: string;
      tags: string[];
    }[] = await ds.query(
      `SELECT t.id, t.received_at, t.channel::text AS channel, t.merged_into_id IS NOT NULL AS merged,
              to_char(date_trunc('month', t.received_at AT TIME ZONE $1), 'YYYY-MM-DD') AS period,
              COALESCE(t.ente_id::text, '-') AS ente, COALESCE(t.category_id::text, '-') AS category,
              COALESCE(array_agg(tt.tag) FILTER (WHERE tt.tag IS NOT NULL), '{}') AS tags
         FROM ticket t LEFT JOIN ticket_tag tt ON tt.ticket_id = t.id
        WHERE t.number LIKE 'ASOF-%' GROUP BY t.id`,
      [ZONE],
    );
    tickets = rows.map((r) => ({
      id: r.id,
      receivedAt: r.received_at.getTime(),
      channel: r.channel,
      merged: r.merged,
      period: r.period,
      ente: r.ente,
      category: r.category,
      tags: r.tags,
    }));

    // Random instants, and instants that are exactly some ticket's status change.
    for (let i = 0; i < INSTANTS; i++) {
      instants.push(
        i % 2 === 0 ? START + Math.floor(rnd() * (SPAN + 10 * DAY)) : pick(events).occurred_at.getTime(),
      );
    }
  }, 120_000);
  afterAll(() => t?.close());

  /** The rows the report should have: each ticket's replayed status, counted under its keys. */
  function expected(groupKey: GroupKey, from: number, to: number, asOf: number): Map<string, number> {
    const counts = new Map<string, number>();
    for (const ticket of tickets) {
      if (ticket.merged || ticket.receivedAt < from || ticket.receivedAt >= to || ticket.receivedAt > asOf)
        continue;
      const status = statusAt(timelines.get(ticket.id) ?? [], asOf);
      const keys =
        groupKey === 'ente'
          ? [ticket.ente]
          : groupKey === 'category'
            ? [ticket.category]
            : groupKey === 'tag'
              ? ticket.tags.length
                ? ticket.tags
                : ['-']
              : [ticket.period];
      for (const k of keys)
        counts.set(key(k, ticket.channel, status), (counts.get(key(k, ticket.channel, status)) ?? 0) + 1);
    }
    return counts;
  }

  async function actual(
    groupKey: GroupKey,
    from: number,
    to: number,
    asOf: number,
  ): Promise<Map<string, number>> {
    const rows = await repo.statusCounts({
      groupKey,
      fromInstant: new Date(from),
      toInstant: new Date(to),
      groupBy: 'month',
      zone: ZONE,
      asOf: new Date(asOf),
      historical: true,
    });
    return new Map(rows.map((r) => [key(r.period, r.channel, r.status), r.n]));
  }

  it('is built from statuses that moved after many of the instants (the check has something to catch)', () => {
    const moved = instants.map(
      (asOf) =>
        tickets.filter(
          (x) =>
            !x.merged &&
            x.receivedAt <= asOf &&
            statusAt(timelines.get(x.id) ?? [], asOf) !== statusAt(timelines.get(x.id) ?? [], Infinity),
        ).length,
    );
    expect(moved.filter((n) => n > 0).length).toBeGreaterThan(INSTANTS / 2);
    const ties = [...timelines.values()].filter((list) => new Set(list.map((e) => e.at)).size < list.length);
    expect(ties.length).toBeGreaterThan(10);
    expect(tickets.filter((x) => x.merged).length).toBeGreaterThan(10);
    expect(tickets.filter((x) => !timelines.has(x.id)).length).toBeGreaterThan(10);
  });

  it.each<GroupKey>(['period', 'ente', 'category', 'tag'])(
    'counts each ticket in its status at the instant, by %s, for every instant',
    async (groupKey) => {
      const ranges: [number, number][] = [
        [START - DAY, START + SPAN + DAY],
        [START + 10 * DAY, START + 40 * DAY],
      ];
      for (const asOf of instants) {
        for (const [from, to] of ranges) {
          const context = `seed ${SEED}, asOf ${new Date(asOf).toISOString()}, from ${new Date(from).toISOString()}`;
          expect({ context, rows: await actual(groupKey, from, to, asOf) }).toEqual({
            context,
            rows: expected(groupKey, from, to, asOf),
          });
        }
      }
    },
    60_000,
  );
});
