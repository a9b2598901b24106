import { matchSuffix, normalisePhoneNumber } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { CallState, CtiEventName, StoredCtiEvent } from './call-fold';

export interface CallerContact {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  enteId: string | null;
  enteName: string | null;
}

export interface PhoneCallRow {
  id: string;
  callId: string;
  direction: 'in' | 'out';
  from: string | null;
  to: string | null;
  caller: string | null;
  callerExtension: string | null;
  contactId: string | null;
  status: CallState['status'];
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  extension: string | null;
  answeredBy: string | null;
  cause: string | null;
  ticketId: string | null;
  /** When the call's entry was written on its ticket's timeline (once, after it ended). */
  onTimelineAt: Date | null;
}

/** A call ringing longer than this lost its hangup: no PBX rings a phone for ten minutes. */
export const STALE_RINGING_MS = 10 * 60_000;
/** A conversation longer than this lost its hangup. */
export const STALE_TALKING_MS = 6 * 3_600_000;
/** How far back a call back finds the call it answers. */
const CALL_BACK_WINDOW = '7 days';

const CALL_COLUMNS = `id, call_id AS "callId", direction, from_number AS "from", to_number AS "to",
  caller_e164 AS "caller", caller_extension AS "callerExtension", contact_id AS "contactId", status,
  started_at AS "startedAt", answered_at AS "answeredAt", ended_at AS "endedAt",
  extension, answered_by AS "answeredBy", cause, ticket_id AS "ticketId", on_timeline_at AS "onTimelineAt"`;

/** The only writer of phone_call and phone_call_event; reads contacts and entes to name the caller. */
@Injectable()
export class PhoneCallRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A transaction of its own (linking a call to a ticket, the stale-call sweep). */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Runs `work` alone for this call id: concurrent events of one call are applied one at a time. */
  inCallLock<T>(callId: string, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query<unknown>(`SELECT pg_advisory_xact_lock(hashtext('phone_call'), hashtext($1))`, [callId]);
      return work(m);
    });
  }

  async events(m: EntityManager, callId: string): Promise<StoredCtiEvent[]> {
    return m.query<StoredCtiEvent[]>(
      `SELECT event, occurred_at AS at, from_number AS "from", to_number AS "to", direction,
              user_ext AS "user", cause
         FROM phone_call_event WHERE call_id = $1`,
      [callId],
    );
  }

  /** false when this call already has this event (a retry): nothing is written. */
  async addEvent(
    m: EntityManager,
    callId: string,
    e: StoredCtiEvent & { event: CtiEventName },
  ): Promise<boolean> {
    const rows = await m.query<unknown[]>(
      `INSERT INTO phone_call_event (call_id, event, occurred_at, from_number, to_number, direction, user_ext, cause)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (call_id, event) DO NOTHING RETURNING call_id`,
      [callId, e.event, e.at, e.from, e.to, e.direction, e.user, e.cause],
    );
    return rows.length > 0;
  }

  async saveCall(
    m: EntityManager,
    callId: string,
    state: CallState,
    caller: { e164: string | null; extension: string | null },
    contactId: string | null,
  ): Promise<PhoneCallRow> {
    const [row] = await m.query<PhoneCallRow[]>(
      `INSERT INTO phone_call (call_id, direction, from_number, to_number, caller_e164, caller_extension, contact_id,
                               status, started_at, answered_at, ended_at, extension, answered_by, cause)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (call_id) DO UPDATE SET
         direction = EXCLUDED.direction, from_number = EXCLUDED.from_number, to_number = EXCLUDED.to_number,
         caller_e164 = EXCLUDED.caller_e164, caller_extension = EXCLUDED.caller_extension,
         contact_id = coalesce(phone_call.contact_id, EXCLUDED.contact_id), status = EXCLUDED.status,
         started_at = EXCLUDED.started_at, answered_at = EXCLUDED.answered_at, ended_at = EXCLUDED.ended_at,
         extension = EXCLUDED.extension, answered_by = EXCLUDED.answered_by, cause = EXCLUDED.cause, updated_at = now()
       RETURNING ${CALL_COLUMNS}`,
      [
        callId,
        state.direction,
        state.from,
        state.to,
        caller.e164,
        caller.extension,
        contactId,
        state.status,
        state.startedAt,
        state.answeredAt,
        state.endedAt,
        state.extension,
        state.answeredBy,
        state.cause,
      ],
    );
    return row;
  }

  async findCall(m: EntityManager | DataSource, callId: string): Promise<PhoneCallRow | null> {
    const [row] = await m.query<PhoneCallRow[]>(`SELECT ${CALL_COLUMNS} FROM phone_call WHERE call_id = $1`, [
      callId,
    ]);
    return row ?? null;
  }

  /**
   * The ticket a call became (or was logged on); says which of the two does not exist. Runs in the
   * caller's transaction with the call's row locked, so its timeline entry is written once.
   */
  async linkTicket(
    m: EntityManager,
    id: string,
    ticketId: string,
  ): Promise<{ outcome: 'linked'; call: PhoneCallRow } | { outcome: 'no_call' | 'no_ticket' }> {
    const [ticket] = await m.query<unknown[]>(`SELECT 1 FROM ticket WHERE id = $1`, [ticketId]);
    if (!ticket) return { outcome: 'no_ticket' };
    // A CTE: TypeORM answers a bare UPDATE ... RETURNING with [rows, count].
    const [call] = await m.query<PhoneCallRow[]>(
      `WITH linked AS (UPDATE phone_call SET ticket_id = $2, updated_at = now() WHERE id = $1 RETURNING *)
       SELECT ${CALL_COLUMNS} FROM linked`,
      [id, ticketId],
    );
    return call ? { outcome: 'linked', call } : { outcome: 'no_call' };
  }

  /**
   * The ticket a call back belongs to: the ticket of the latest call from that number in the last
   * days (the missed call it answers), else the latest open ticket of the caller's contact.
   */
  async ticketToCallBack(m: EntityManager, call: PhoneCallRow): Promise<string | null> {
    if (!call.caller) return null;
    const [row] = await m.query<{ ticketId: string }[]>(
      `SELECT ticket_id AS "ticketId" FROM (
         (SELECT pc.ticket_id, 0 AS rank, pc.started_at AS at FROM phone_call pc
           WHERE pc.direction = 'in' AND pc.caller_e164 = $1 AND pc.ticket_id IS NOT NULL
             AND pc.started_at < $2 AND pc.started_at > $2::timestamptz - interval '${CALL_BACK_WINDOW}'
           ORDER BY pc.started_at DESC LIMIT 1)
         UNION ALL
         (SELECT t.id, 1, t.received_at FROM ticket t
           WHERE $3::uuid IS NOT NULL AND t.requester_id = $3 AND t.status IN ('new', 'open', 'waiting')
           ORDER BY t.received_at DESC LIMIT 1)
       ) candidates ORDER BY rank, at DESC LIMIT 1`,
      [call.caller, call.startedAt, call.contactId],
    );
    return row?.ticketId ?? null;
  }

  /** The call's row, locked for this transaction (its timeline entry is decided under the lock). */
  async lockCall(m: EntityManager, id: string): Promise<PhoneCallRow | null> {
    const [row] = await m.query<PhoneCallRow[]>(
      `SELECT ${CALL_COLUMNS} FROM phone_call WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  async markOnTimeline(m: EntityManager, id: string): Promise<void> {
    await m.query<unknown>(`UPDATE phone_call SET on_timeline_at = now() WHERE id = $1`, [id]);
  }

  /**
   * Calls whose hangup never came (a PBX restart, a lost event) are closed: a call ringing for
   * ten minutes was missed, a conversation of six hours ended at an unknown time. Their events stay
   * as they were: a hangup that arrives later refolds the call with its true times.
   */
  async closeStale(m: EntityManager, now: Date): Promise<PhoneCallRow[]> {
    return m.query<PhoneCallRow[]>(
      `WITH closed AS (
         UPDATE phone_call
            SET status = CASE status WHEN 'ringing' THEN 'missed' ELSE 'answered' END,
                cause = 'noHangup', updated_at = now()
          WHERE (status = 'ringing' AND started_at < $1) OR (status = 'talking' AND started_at < $2)
          RETURNING *)
       SELECT ${CALL_COLUMNS} FROM closed`,
      [new Date(now.getTime() - STALE_RINGING_MS), new Date(now.getTime() - STALE_TALKING_MS)],
    );
  }

  /** The agent who answers at an extension, named on the timeline. */
  async agentNameAt(m: EntityManager, extension: string): Promise<string | null> {
    const [row] = await m.query<{ name: string }[]>(
      `SELECT u.name FROM phone_extension pe JOIN app_user u ON u.id = pe.user_id WHERE pe.extension = $1`,
      [extension],
    );
    return row?.name ?? null;
  }

  /**
   * Contacts whose phone, however it was typed, is this number: a coarse filter on the last digits
   * in SQL, then the exact comparison of the normalised numbers.
   */
  async contactsByNumber(m: EntityManager | DataSource, e164: string): Promise<CallerContact[]> {
    const candidates = await m.query<CallerContact[]>(
      `SELECT c.id, c.name, c.email, c.phone, c.ente_id AS "enteId", e.name AS "enteName"
         FROM contact c LEFT JOIN ente e ON e.id = c.ente_id
        WHERE regexp_replace(coalesce(c.phone, ''), '[^0-9]', '', 'g') LIKE $1
        ORDER BY c.name, c.id LIMIT 50`,
      [`%${matchSuffix(e164)}%`],
    );
    return candidates.filter((c) => normalisePhoneNumber(c.phone).e164 === e164);
  }
}
