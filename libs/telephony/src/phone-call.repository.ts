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
}

const CALL_COLUMNS = `id, call_id AS "callId", direction, from_number AS "from", to_number AS "to",
  caller_e164 AS "caller", caller_extension AS "callerExtension", contact_id AS "contactId", status,
  started_at AS "startedAt", answered_at AS "answeredAt", ended_at AS "endedAt",
  extension, answered_by AS "answeredBy", cause, ticket_id AS "ticketId"`;

/** The only writer of phone_call and phone_call_event; reads contacts and entes to name the caller. */
@Injectable()
export class PhoneCallRepository {
  constructor(private readonly dataSource: DataSource) {}

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

  /** The ticket a call became (or was logged on); says which of the two does not exist. */
  async linkTicket(id: string, ticketId: string): Promise<'linked' | 'no_call' | 'no_ticket'> {
    const [ticket] = await this.dataSource.query<unknown[]>(`SELECT 1 FROM ticket WHERE id = $1`, [ticketId]);
    if (!ticket) return 'no_ticket';
    const rows = await this.dataSource.query<unknown[]>(
      `WITH linked AS (UPDATE phone_call SET ticket_id = $2, updated_at = now() WHERE id = $1 RETURNING id)
       SELECT id FROM linked`,
      [id, ticketId],
    );
    return rows.length ? 'linked' : 'no_call';
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
