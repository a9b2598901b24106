import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A call as a person's access request (GDPR art. 15) hands it over. */
export interface ExportedCallRow {
  id: string;
  direction: 'in' | 'out';
  status: string;
  from: string | null;
  to: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  /** Seconds on the line. */
  talkSeconds: number | null;
  answeredByName: string | null;
  cause: string | null;
  ticketNumber: string | null;
  anonymisedAt: Date | null;
}

/** Reads of one person's calls for the access request (issue 18); CallRetentionRepository changes them. */
@Injectable()
export class CallExportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The calls recognised as the person's, and those linked to their tickets. The ticket of a call
   * is named only when it is one of theirs: a call of theirs about someone else's ticket does not
   * open that ticket to them.
   */
  callsOf(contactId: string, ticketIds: string[]): Promise<ExportedCallRow[]> {
    return this.dataSource.query<ExportedCallRow[]>(
      `SELECT pc.id, pc.direction, pc.status, pc.from_number AS "from", pc.to_number AS "to",
              pc.started_at AS "startedAt", pc.answered_at AS "answeredAt", pc.ended_at AS "endedAt",
              extract(epoch FROM pc.ended_at - pc.answered_at)::int AS "talkSeconds",
              u.name AS "answeredByName", pc.cause,
              CASE WHEN pc.ticket_id = ANY($2::uuid[]) THEN t.number END AS "ticketNumber",
              pc.anonymised_at AS "anonymisedAt"
         FROM phone_call pc
         LEFT JOIN phone_extension pe ON pe.extension = pc.answered_by
         LEFT JOIN app_user u ON u.id = pe.user_id
         LEFT JOIN ticket t ON t.id = pc.ticket_id
        WHERE pc.contact_id = $1 OR pc.ticket_id = ANY($2::uuid[])
        ORDER BY pc.started_at, pc.id`,
      [contactId, ticketIds],
    );
  }
}
