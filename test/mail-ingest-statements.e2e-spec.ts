import { MailIngestService } from '@app/mail';
import { createBasicFixtures, createTestApp, TestApp } from '@app/testing';
import { Client } from 'pg';

/**
 * The fast path's contract: a fetched chunk of plain mails (new requests, and replies to open
 * tickets) costs a fixed number of statements, however many mails it holds. The acknowledgement
 * template is read once per chunk, not once per acknowledgement, and a reply costs no statement
 * of its own. Counted on the wire: every query the pg driver sends while the chunk is ingested.
 */

function mail(headers: string[], body: string): Buffer {
  return Buffer.from(
    [...headers, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body].join('\r\n'),
  );
}

const request = (n: number) =>
  mail(
    [
      `From: Utente ${n} <utente.${n}@comune.example>`,
      'To: assistenza@cst.example',
      `Subject: Richiesta numero ${n}`,
      `Message-ID: <richiesta-${n}@comune.example>`,
    ],
    `Buongiorno, il servizio ${n} non funziona da stamattina.`,
  );

const reply = (n: number, to: number) =>
  mail(
    [
      `From: Utente ${to} <utente.${to}@comune.example>`,
      'To: assistenza@cst.example',
      `Subject: R: Richiesta numero ${to}`,
      `Message-ID: <risposta-${n}@comune.example>`,
      `In-Reply-To: <richiesta-${to}@comune.example>`,
      `References: <richiesta-${to}@comune.example>`,
    ],
    `Aggiungo un dettaglio (${n}).`,
  );

describe('statements per ingested chunk (e2e)', () => {
  let t: TestApp;
  let ingest: MailIngestService;
  const sent: string[] = [];
  let counting = false;
  const original = Client.prototype.query;

  beforeAll(async () => {
    t = await createTestApp();
    await createBasicFixtures(t.dataSource);
    ingest = t.app.get(MailIngestService);
    // Open tickets for the chunks' replies to thread to.
    for (let n = 1; n <= 10; n++)
      expect((await ingest.ingest(request(n), { mailboxId: null })).outcome).toBe('ticket_created');
    (Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
      this: Client,
      ...args: unknown[]
    ) {
      if (counting) {
        const q = args[0] as string | { text?: string };
        sent.push(typeof q === 'string' ? q : (q?.text ?? ''));
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  });

  afterAll(async () => {
    Client.prototype.query = original;
    await t?.close();
  });

  async function statementsFor(chunk: Buffer[]) {
    sent.length = 0;
    counting = true;
    const results = await ingest.ingestBatch(
      chunk.map((raw) => ({ raw })),
      null,
    );
    counting = false;
    return { results, statements: [...sent] };
  }

  it('costs the same statements for 4 mails as for 16, replies included, and reads the template once', async () => {
    const small = await statementsFor([request(101), reply(1, 1), request(102), reply(2, 2)]);
    const large = await statementsFor([
      ...Array.from({ length: 12 }, (_, i) => request(201 + i)),
      ...Array.from({ length: 4 }, (_, i) => reply(11 + i, 3 + i)),
    ]);
    expect(small.results.map((r) => r.outcome)).toEqual([
      'ticket_created',
      'reply_added',
      'ticket_created',
      'reply_added',
    ]);
    expect(large.results.filter((r) => r.outcome === 'ticket_created')).toHaveLength(12);
    expect(large.results.filter((r) => r.outcome === 'reply_added')).toHaveLength(4);
    expect(large.results.filter((r) => r.acknowledged)).toHaveLength(12);
    for (const run of [small, large])
      expect(run.statements.filter((s) => /FROM mail_template/.test(s))).toHaveLength(1);
    expect(large.statements).toHaveLength(small.statements.length);

    // The replies are on their tickets' timelines, once each.
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM ticket_event WHERE type = 'message' AND body LIKE 'Aggiungo un dettaglio%'`,
    );
    expect(n).toBe(6);
  });

  it('appends two replies to one ticket in order, bumps its version twice, and still reopens a resolved ticket', async () => {
    const ticketOf = async (n: number) =>
      (
        await t.dataSource.query(
          `SELECT t.id, t.version, t.status FROM ticket t JOIN mail_message_ref r ON r.ticket_id = t.id
            WHERE r.message_id = $1`,
          [`<richiesta-${n}@comune.example>`],
        )
      )[0] as { id: string; version: number; status: string };
    const open = await ticketOf(9);
    const resolved = await ticketOf(10);
    await t.dataSource.query(`UPDATE ticket SET status = 'resolved', resolved_at = now() WHERE id = $1`, [
      resolved.id,
    ]);
    const { results } = await statementsFor([reply(21, 9), request(301), reply(22, 9), reply(23, 10)]);
    expect(results.map((r) => r.outcome)).toEqual([
      'reply_added',
      'ticket_created',
      'reply_added',
      'reply_added',
    ]);
    expect(results.map((r) => r.ticketId)).toEqual([open.id, expect.any(String), open.id, resolved.id]);
    expect((await ticketOf(9)).version).toBe(open.version + 2);
    const bodies = await t.dataSource.query(
      `SELECT body FROM ticket_event WHERE ticket_id = $1 AND type = 'message' ORDER BY id`,
      [open.id],
    );
    expect(bodies.map((b: { body: string }) => b.body.slice(0, 26))).toEqual([
      expect.stringContaining('servizio 9'),
      'Aggiungo un dettaglio (21)',
      'Aggiungo un dettaglio (22)',
    ]);
    // The reply to the resolved ticket went the per-mail way, which reopens it.
    expect((await ticketOf(10)).status).not.toBe('resolved');
    const events = await t.dataSource.query(`SELECT type FROM ticket_event WHERE ticket_id = $1`, [
      resolved.id,
    ]);
    expect(events.map((e: { type: string }) => e.type)).toContain('status_changed');
  });
});
