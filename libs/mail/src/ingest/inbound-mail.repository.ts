import { unnestInsert } from '@app/database';
import type { TicketStatus } from '@app/tickets/entities';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface InboundRecord {
  messageId: string;
  dedupKey: string;
  mailboxId: string | null;
  raw: Buffer;
  rawSha256: string;
  fromAddress: string | null;
  subject: string;
  kind: string;
  parseProblems: string[];
}

export interface MailPosition {
  mailboxId: string;
  uidValidity: number;
  uid: number;
}

/** The queries of e-mail ingestion, one statement each; the rules live in MailIngestService. */
@Injectable()
export class InboundMailRepository {
  /** Of these positions, the ones already ingested (one query for a fetched chunk). */
  async knownPositions(
    em: EntityManager,
    mailboxId: string,
    uidValidity: number,
    uids: number[],
  ): Promise<Set<number>> {
    if (uids.length === 0) return new Set();
    const rows = await em.query<{ uid: string }[]>(
      `SELECT uid FROM inbound_position WHERE mailbox_id = $1 AND uidvalidity = $2 AND uid = ANY($3::bigint[])`,
      [mailboxId, uidValidity, uids],
    );
    return new Set(rows.map((r) => Number(r.uid)));
  }

  async recordPosition(em: EntityManager, p: MailPosition, inboundId: string): Promise<void> {
    await em.query<unknown>(
      `INSERT INTO inbound_position (mailbox_id, uidvalidity, uid, inbound_mail_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [p.mailboxId, p.uidValidity, p.uid, inboundId],
    );
  }

  /** Inserts the raw mail once per dedup key; null when it was already there (a duplicate). */
  async insertInbound(
    em: EntityManager,
    r: InboundRecord,
    outcome: string,
    reason: string | null,
  ): Promise<string | null> {
    const [row] = await em.query<{ id: string }[]>(
      `INSERT INTO inbound_mail (message_id, dedup_key, mailbox_id, raw, raw_sha256, size, from_address, subject, kind,
                                 outcome, reason, parse_problems)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
      [
        r.messageId,
        r.dedupKey,
        r.mailboxId,
        r.raw,
        r.rawSha256,
        r.raw.length,
        r.fromAddress,
        r.subject.slice(0, 1000),
        r.kind,
        outcome,
        reason,
        JSON.stringify(r.parseProblems),
      ],
    );
    return row?.id ?? null;
  }

  async findInboundByDedupKey(em: EntityManager, dedupKey: string): Promise<string | null> {
    const [row] = await em.query<{ id: string }[]>(`SELECT id FROM inbound_mail WHERE dedup_key = $1`, [
      dedupKey,
    ]);
    return row?.id ?? null;
  }

  async loadInbound(em: EntityManager, id: string): Promise<StoredInboundRow | null> {
    const [row] = await em.query<StoredInboundRow[]>(
      `SELECT id, message_id, mailbox_id, raw, outcome, ticket_id FROM inbound_mail WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** The mail's outcome and, in the same statement, where it sat on the server. */
  async recordOutcome(
    em: EntityManager,
    id: string,
    outcome: string,
    reason: string,
    ticketId: string | null,
    kind: string,
    position: MailPosition | null,
  ): Promise<void> {
    await em.query<unknown>(
      `WITH done AS (
         UPDATE inbound_mail SET outcome = $2, reason = $3, ticket_id = $4, kind = $5, processed_at = now()
          WHERE id = $1 RETURNING id)
       INSERT INTO inbound_position (mailbox_id, uidvalidity, uid, inbound_mail_id)
       SELECT $6::uuid, $7::bigint, $8::bigint, done.id FROM done WHERE $6::uuid IS NOT NULL
       ON CONFLICT DO NOTHING`,
      [
        id,
        outcome,
        reason,
        ticketId,
        kind,
        position?.mailboxId ?? null,
        position?.uidValidity ?? null,
        position?.uid ?? null,
      ],
    );
  }

  async ticketByNumber(em: EntityManager, number: string) {
    const [row] = await em.query<ThreadRow[]>(
      `SELECT id, number, subject, status, resolved_at FROM ticket WHERE number = $1`,
      [number],
    );
    return row ? toThread(row) : null;
  }

  /** The newest ticket any of these Message-IDs belongs to. */
  async ticketByMessageIds(em: EntityManager, messageIds: string[]) {
    if (messageIds.length === 0) return null;
    const [row] = await em.query<ThreadRow[]>(
      `SELECT t.id, t.number, t.subject, t.status, t.resolved_at FROM mail_message_ref r JOIN ticket t ON t.id = r.ticket_id
        WHERE r.message_id = ANY($1) ORDER BY r.created_at DESC LIMIT 1`,
      [messageIds],
    );
    return row ? toThread(row) : null;
  }

  async rememberMessageId(em: EntityManager, messageId: string, ticketId: string): Promise<void> {
    await em.query<unknown>(
      `INSERT INTO mail_message_ref (message_id, ticket_id, direction) VALUES ($1, $2, 'in') ON CONFLICT DO NOTHING`,
      [messageId, ticketId],
    );
  }

  async outboundByMessageId(em: EntityManager, messageId: string | null) {
    if (!messageId) return null;
    const [row] = await em.query<{ id: string; ticket_id: string | null }[]>(
      `SELECT id, ticket_id FROM outbound_mail WHERE message_id = $1`,
      [messageId],
    );
    return row ? { id: row.id, ticketId: row.ticket_id ?? null } : null;
  }

  async acknowledgementsSince(em: EntityManager, address: string, since: Date): Promise<number> {
    const [row] = await em.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbound_mail WHERE kind = 'ack' AND to_addresses[1] = $1 AND created_at > $2`,
      [address, since],
    );
    return row.n;
  }

  async ownAddresses(em: EntityManager): Promise<string[]> {
    const rows = await em.query<{ address: string }[]>(`SELECT lower(address) AS address FROM mailbox`);
    return rows.map((r) => r.address);
  }

  async mailboxDefaults(em: EntityManager, mailboxId: string | null) {
    if (!mailboxId) return { enteId: null, categoryId: null, monitoring: false };
    const [row] = await em.query<
      { default_ente_id: string | null; default_category_id: string | null; monitoring: boolean }[]
    >(`SELECT default_ente_id, default_category_id, monitoring FROM mailbox WHERE id = $1`, [mailboxId]);
    return {
      enteId: row?.default_ente_id ?? null,
      categoryId: row?.default_category_id ?? null,
      monitoring: row?.monitoring ?? false,
    };
  }

  async ticketMailContext(em: EntityManager, ticketId: string) {
    const [row] = await em.query<{ number: string; subject: string }[]>(
      `SELECT number, subject FROM ticket WHERE id = $1`,
      [ticketId],
    );
    return { id: ticketId, number: row.number, subject: row.subject };
  }

  async markOutboundDelivery(
    em: EntityManager,
    outboundId: string,
    entry: Record<string, unknown>,
    failed: boolean,
    reason: string,
  ): Promise<void> {
    await em.query<unknown>(
      `UPDATE outbound_mail
          SET delivery = delivery || jsonb_build_array($2::jsonb),
              status = CASE WHEN $3 THEN 'failed' ELSE status END,
              failed_at = CASE WHEN $3 THEN now() ELSE failed_at END,
              last_error = CASE WHEN $3 THEN $4 ELSE last_error END
        WHERE id = $1`,
      [outboundId, JSON.stringify(entry), failed, reason],
    );
  }

  /**
   * The fast path's multi-row inserts (one statement per table per chunk) into the ingestion's
   * tables; ON CONFLICT DO NOTHING where a row may already be there (a Message-ID's thread ref).
   */
  async insertMany<T>(
    em: EntityManager,
    table: 'inbound_mail' | 'inbound_position' | 'mail_message_ref',
    rows: readonly T[],
    columns: { name: string; type: string; value: (row: T) => unknown }[],
    options: { ignoreConflicts?: boolean } = {},
  ): Promise<void> {
    const { sql, params } = unnestInsert(table, columns, rows);
    await em.query<unknown>(options.ignoreConflicts ? `${sql} ON CONFLICT DO NOTHING` : sql, params);
  }

  /**
   * The ticket each of these Message-IDs threads to, as ticketByMessageIds reads it, with what
   * the fast path needs to append a reply: whether it was merged, and when the reference was made.
   */
  async threadsByMessageIds(em: EntityManager, messageIds: string[]): Promise<Map<string, ThreadRef>> {
    if (messageIds.length === 0) return new Map();
    const rows = await em.query<
      (ThreadRow & { message_id: string; merged_into_id: string | null; ref_at: Date })[]
    >(
      `SELECT r.message_id, r.created_at AS ref_at, t.id, t.number, t.subject, t.status, t.resolved_at, t.merged_into_id
         FROM mail_message_ref r JOIN ticket t ON t.id = r.ticket_id WHERE r.message_id = ANY($1)`,
      [messageIds],
    );
    return new Map(
      rows.map((r) => [r.message_id, { ...toThread(r), mergedIntoId: r.merged_into_id, refAt: r.ref_at }]),
    );
  }

  /** Of these dedup keys, those of mails already stored. */
  async storedDedupKeys(em: EntityManager, keys: string[]): Promise<Set<string>> {
    const rows = await em.query<{ dedup_key: string }[]>(
      `SELECT dedup_key FROM inbound_mail WHERE dedup_key = ANY($1)`,
      [keys],
    );
    return new Set(rows.map((r) => r.dedup_key));
  }

  /** Acknowledgements sent to each of these addresses since the instant (the hourly limit). */
  async acknowledgementCounts(
    em: EntityManager,
    addresses: string[],
    since: Date,
  ): Promise<Map<string, number>> {
    const rows = await em.query<{ address: string; n: number }[]>(
      `SELECT to_addresses[1] AS address, count(*)::int AS n FROM outbound_mail
        WHERE kind = 'ack' AND to_addresses[1] = ANY($1) AND created_at > $2 GROUP BY 1`,
      [addresses, since],
    );
    return new Map(rows.map((r) => [r.address, r.n]));
  }

  /** Each ente's own calendar (null: the policy's), for the clocks of its tickets. */
  async enteCalendars(em: EntityManager, enteIds: string[]): Promise<Map<string, string | null>> {
    if (enteIds.length === 0) return new Map();
    const rows = await em.query<{ id: string; calendar_code: string | null }[]>(
      `SELECT id, calendar_code FROM ente WHERE id = ANY($1)`,
      [enteIds],
    );
    return new Map(rows.map((r) => [r.id, r.calendar_code]));
  }

  async countReprocessing(em: EntityManager, id: string): Promise<void> {
    await em.query<unknown>(
      `UPDATE inbound_mail SET reprocessed_count = reprocessed_count + 1 WHERE id = $1`,
      [id],
    );
  }
}

interface ThreadRow {
  id: string;
  number: string;
  subject: string;
  status: TicketStatus;
  resolved_at: Date | null;
}

/** A stored mail as reprocessing reads it back. */
export interface StoredInboundRow {
  id: string;
  message_id: string;
  mailbox_id: string | null;
  raw: Buffer;
  outcome: string;
  ticket_id: string | null;
}

export type ThreadRef = ReturnType<typeof toThread> & { mergedIntoId: string | null; refAt: Date };

/**
 * Of the tickets these references thread to, the one ticketByMessageIds picks (the newest
 * reference); null when two references made at the same instant name different tickets.
 */
export function newestThread(
  refs: readonly string[],
  threads: ReadonlyMap<string, ThreadRef>,
): ThreadRef | null {
  let newest: ThreadRef | null = null;
  let tied = false;
  for (const id of refs) {
    const t = threads.get(id);
    if (!t) continue;
    const at = t.refAt.getTime();
    const best = newest?.refAt.getTime() ?? -Infinity;
    if (at > best) [newest, tied] = [t, false];
    else if (at === best && t.id !== newest!.id) tied = true;
  }
  return tied ? null : newest;
}

/** The ticket a mail threads to: what routing decides on, and what its acknowledgement quotes. */
function toThread(row: ThreadRow) {
  return {
    id: row.id,
    status: row.status,
    resolvedAt: row.resolved_at,
    mail: { id: row.id, number: row.number, subject: row.subject },
  };
}
