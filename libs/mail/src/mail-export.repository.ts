import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A mail the help desk sent the person, as their access request (GDPR art. 15) hands it over. */
export interface ExportedOutboundRow {
  id: string;
  ticketId: string | null;
  kind: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  status: string;
  createdAt: Date;
  sentAt: Date | null;
  redactedAt: Date | null;
}

/** A mail received on one of the person's tickets: what is kept of it besides the timeline's text. */
export interface ExportedInboundRow {
  id: string;
  ticketId: string | null;
  receivedAt: Date;
  from: string | null;
  subject: string | null;
  outcome: string;
  rawPurgedAt: Date | null;
}

/** Reads of one person's mail for the access request (issue 18); MailRetentionRepository changes them. */
@Injectable()
export class MailExportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The mails to the person: those of their tickets written to the requester (acknowledgements,
   * answers, refused attachments; staff notifications and reports are not theirs), and any other
   * mail addressed to them.
   */
  outboundTo(ticketIds: string[], email: string | null): Promise<ExportedOutboundRow[]> {
    return this.dataSource.query<ExportedOutboundRow[]>(
      `SELECT id, ticket_id AS "ticketId", kind, from_address AS "from", to_addresses AS "to",
              cc_addresses AS "cc", subject, text_body AS "text", status, created_at AS "createdAt",
              sent_at AS "sentAt", redacted_at AS "redactedAt"
         FROM outbound_mail
        WHERE (ticket_id = ANY($1::uuid[]) AND kind IN ('ack', 'reply', 'attachment_refused'))
           OR ($2::text IS NOT NULL AND EXISTS (
                SELECT 1 FROM unnest(to_addresses || cc_addresses) AS r(address) WHERE lower(r.address) = lower($2)))
        ORDER BY created_at, id`,
      [ticketIds, email],
    );
  }

  /** The mails received on these tickets (their text is on the timeline, their files among the attachments). */
  inboundOf(ticketIds: string[]): Promise<ExportedInboundRow[]> {
    return this.dataSource.query<ExportedInboundRow[]>(
      `SELECT id, ticket_id AS "ticketId", received_at AS "receivedAt", from_address AS "from", subject,
              outcome, raw_purged_at AS "rawPurgedAt"
         FROM inbound_mail WHERE ticket_id = ANY($1::uuid[])
        ORDER BY received_at, id`,
      [ticketIds],
    );
  }
}
