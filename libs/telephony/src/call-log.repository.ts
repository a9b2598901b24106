import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface CallLogEntry {
  id: string;
  callId: string;
  direction: 'in' | 'out';
  status: 'ringing' | 'talking' | 'answered' | 'missed';
  from: string | null;
  to: string | null;
  caller: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  /** Seconds from the first ring to the answer (or to the hangup of a missed call). */
  ringSeconds: number | null;
  /** Seconds on the line. */
  talkSeconds: number | null;
  answeredBy: string | null;
  answeredByName: string | null;
  cause: string | null;
  contact: { id: string; name: string; enteName: string | null } | null;
  ticket: { id: string; number: string } | null;
  /** For a missed incoming call: when someone called the number back. */
  calledBackAt: Date | null;
}

/** The call log as the agents read it: one local day of calls, with who and what became of them. */
@Injectable()
export class CallLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async day(date: string, zone: string): Promise<CallLogEntry[]> {
    const rows: (Omit<CallLogEntry, 'contact' | 'ticket'> & {
      contactId: string | null;
      contactName: string | null;
      enteName: string | null;
      ticketId: string | null;
      ticketNumber: string | null;
    })[] = await this.dataSource.query<
      (Omit<CallLogEntry, 'contact' | 'ticket'> & {
        contactId: string | null;
        contactName: string | null;
        enteName: string | null;
        ticketId: string | null;
        ticketNumber: string | null;
      })[]
    >(
      `SELECT pc.id, pc.call_id AS "callId", pc.direction, pc.status, pc.from_number AS "from", pc.to_number AS "to",
              pc.caller_e164 AS "caller", pc.started_at AS "startedAt", pc.answered_at AS "answeredAt",
              pc.ended_at AS "endedAt",
              extract(epoch FROM coalesce(pc.answered_at, pc.ended_at) - pc.started_at)::int AS "ringSeconds",
              extract(epoch FROM pc.ended_at - pc.answered_at)::int AS "talkSeconds",
              pc.answered_by AS "answeredBy", u.name AS "answeredByName", pc.cause,
              c.id AS "contactId", c.name AS "contactName", e.name AS "enteName",
              t.id AS "ticketId", t.number AS "ticketNumber",
              (SELECT min(back.started_at) FROM phone_call back
                WHERE pc.direction = 'in' AND pc.status = 'missed' AND back.direction = 'out'
                  AND back.caller_e164 = pc.caller_e164 AND back.started_at > pc.started_at) AS "calledBackAt"
         FROM phone_call pc
         LEFT JOIN phone_extension pe ON pe.extension = pc.answered_by
         LEFT JOIN app_user u ON u.id = pe.user_id
         LEFT JOIN contact c ON c.id = pc.contact_id
         LEFT JOIN ente e ON e.id = c.ente_id
         LEFT JOIN ticket t ON t.id = pc.ticket_id
        WHERE pc.started_at >= ($1::date)::timestamp AT TIME ZONE $2
          AND pc.started_at < ($1::date + 1)::timestamp AT TIME ZONE $2
        ORDER BY pc.started_at, pc.id`,
      [date, zone],
    );
    return rows.map(({ contactId, contactName, enteName, ticketId, ticketNumber, ...row }) => ({
      ...row,
      contact: contactId ? { id: contactId, name: contactName!, enteName } : null,
      ticket: ticketId ? { id: ticketId, number: ticketNumber! } : null,
    }));
  }
}

/** Ringing, answered, missed and outbound calls of a day, as the call log's header counts them. */
export function callTotals(calls: Pick<CallLogEntry, 'direction' | 'status'>[]) {
  const incoming = calls.filter((c) => c.direction === 'in');
  return {
    ringing: incoming.filter((c) => c.status === 'ringing').length,
    answered: incoming.filter((c) => c.status === 'answered' || c.status === 'talking').length,
    missed: incoming.filter((c) => c.status === 'missed').length,
    outbound: calls.length - incoming.length,
  };
}
