import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CallerContact, PhoneCallRow } from './phone-call.repository';

const LIVE_CALL_SELECT = `
  SELECT pc.id, pc.call_id AS "callId", pc.direction, pc.from_number AS "from", pc.to_number AS "to",
         pc.caller_e164 AS "caller", pc.caller_extension AS "callerExtension", pc.contact_id AS "contactId",
         pc.status, pc.started_at AS "startedAt", pc.answered_at AS "answeredAt", pc.ended_at AS "endedAt",
         pc.extension, pc.answered_by AS "answeredBy", pc.cause, pc.ticket_id AS "ticketId",
         pe.user_id AS "agentId", pc.updated_at::text AS "updatedAt"
    FROM phone_call pc LEFT JOIN phone_extension pe ON pe.extension = coalesce(pc.answered_by, pc.extension)`;

export interface OpenTicket {
  id: string;
  number: string;
  subject: string;
  status: string;
  receivedAt: Date;
}

/** A call with the agent its extension maps to and its change stamp (the feed's cursor). */
export interface LiveCallRow extends PhoneCallRow {
  /** The agent mapped to the call's extension, who alone is told; null: every agent. */
  agentId: string | null;
  updatedAt: string;
}

/** The agents' live view of the phone line: changed and active calls, their callers and open tickets. */
@Injectable()
export class LiveCallRepository {
  constructor(private readonly dataSource: DataSource) {}

  changedSince(from: Date, limit: number): Promise<LiveCallRow[]> {
    return this.dataSource.query<LiveCallRow[]>(
      `${LIVE_CALL_SELECT} WHERE pc.updated_at >= $1 ORDER BY pc.updated_at LIMIT ${Number(limit)}`,
      [from],
    );
  }

  /** Calls ringing or talking that began after `since` (older ones lost their hangup). */
  activeSince(since: Date): Promise<LiveCallRow[]> {
    return this.dataSource.query<LiveCallRow[]>(
      `${LIVE_CALL_SELECT} WHERE pc.status IN ('ringing', 'talking') AND pc.started_at > $1 ORDER BY pc.started_at`,
      [since],
    );
  }

  async contacts(ids: string[]): Promise<CallerContact[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query<CallerContact[]>(
      `SELECT c.id, c.name, c.email, c.phone, c.ente_id AS "enteId", e.name AS "enteName"
         FROM contact c LEFT JOIN ente e ON e.id = c.ente_id WHERE c.id = ANY($1)`,
      [ids],
    );
  }

  /** The still open tickets of these requesters, newest first. */
  async openTicketsOf(
    requesterIds: string[],
    limit: number,
  ): Promise<(OpenTicket & { requesterId: string })[]> {
    if (requesterIds.length === 0) return [];
    return this.dataSource.query<(OpenTicket & { requesterId: string })[]>(
      `SELECT id, number, subject, status::text AS status, received_at AS "receivedAt", requester_id AS "requesterId"
         FROM ticket WHERE requester_id = ANY($1) AND status IN ('new', 'open', 'waiting')
        ORDER BY received_at DESC LIMIT ${Number(limit)}`,
      [requesterIds],
    );
  }
}
