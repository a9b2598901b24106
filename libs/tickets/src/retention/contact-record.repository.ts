import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { TicketChannel, TicketStatus } from '../entities';

/** A person as the privacy pages show them (issue 18): their details and whether they are held or anonymised. */
export interface ContactRecordRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  enteId: string | null;
  enteName: string | null;
  legalHold: string | null;
  anonymisedAt: Date | null;
  createdAt: Date;
}

export interface ContactTicketRow {
  id: string;
  number: string;
  subject: string;
  status: TicketStatus;
  channel: TicketChannel;
  receivedAt: Date;
  resolvedAt: Date | null;
  legalHold: string | null;
  anonymisedAt: Date | null;
}

/** A ticket of the person with everything an access request (GDPR art. 15) hands over. */
export interface ContactTicketDetailRow extends ContactTicketRow {
  description: string;
  enteName: string | null;
  categoryName: string | null;
  redirectedTo: string | null;
  takenInChargeAt: Date | null;
  firstAnsweredAt: Date | null;
  rawPurgedAt: Date | null;
}

/** One timeline entry of the person's tickets: messages, notes, status changes, calls. */
export interface ContactTimelineRow {
  ticketId: string;
  ticketNumber: string;
  type: string;
  occurredAt: Date;
  actorName: string | null;
  payload: Record<string, unknown>;
  body: string | null;
}

/**
 * Reads of one person's record for the privacy pages and the access request (issue 18): the
 * contact, their tickets and their tickets' timelines. Reads only; the tickets lib's writers
 * and TicketRetentionRepository change these rows.
 */
@Injectable()
export class ContactRecordRepository {
  constructor(private readonly dataSource: DataSource) {}

  findContact(id: string): Promise<ContactRecordRow | undefined> {
    return this.dataSource
      .query<ContactRecordRow[]>(
        `SELECT c.id, c.name, c.email, c.phone, c.ente_id AS "enteId", e.name AS "enteName",
                c.legal_hold AS "legalHold", c.anonymised_at AS "anonymisedAt", c.created_at AS "createdAt"
           FROM contact c LEFT JOIN ente e ON e.id = c.ente_id
          WHERE c.id = $1`,
        [id],
      )
      .then((rows) => rows[0]);
  }

  /** The tickets the person asked for, newest first. */
  tickets(contactId: string): Promise<ContactTicketRow[]> {
    return this.dataSource.query<ContactTicketRow[]>(
      `SELECT t.id, t.number, t.subject, t.status, t.channel, t.received_at AS "receivedAt",
              t.resolved_at AS "resolvedAt", t.legal_hold AS "legalHold", t.anonymised_at AS "anonymisedAt"
         FROM ticket t WHERE t.requester_id = $1
        ORDER BY t.received_at DESC, t.number DESC`,
      [contactId],
    );
  }

  /** The same tickets with their text and the names of their ente and category, oldest first. */
  ticketDetails(contactId: string): Promise<ContactTicketDetailRow[]> {
    return this.dataSource.query<ContactTicketDetailRow[]>(
      `SELECT t.id, t.number, t.subject, t.description, t.status, t.channel,
              t.received_at AS "receivedAt", t.resolved_at AS "resolvedAt", t.legal_hold AS "legalHold",
              t.anonymised_at AS "anonymisedAt", e.name AS "enteName", k.name AS "categoryName",
              t.redirected_to AS "redirectedTo", t.taken_in_charge_at AS "takenInChargeAt",
              t.first_answered_at AS "firstAnsweredAt", t.raw_purged_at AS "rawPurgedAt"
         FROM ticket t
         LEFT JOIN ente e ON e.id = t.ente_id
         LEFT JOIN category k ON k.id = t.category_id
        WHERE t.requester_id = $1
        ORDER BY t.received_at, t.number`,
      [contactId],
    );
  }

  /**
   * The timelines of the person's tickets in order. Staff appear by name only (their own
   * details are not the person's data); the payloads are the timeline's own shapes.
   */
  timeline(contactId: string): Promise<ContactTimelineRow[]> {
    return this.dataSource.query<ContactTimelineRow[]>(
      `SELECT ev.ticket_id AS "ticketId", t.number AS "ticketNumber", ev.type,
              ev.occurred_at AS "occurredAt", u.name AS "actorName", ev.payload, ev.body
         FROM ticket_event ev
         JOIN ticket t ON t.id = ev.ticket_id
         LEFT JOIN app_user u ON u.id = ev.actor_id
        WHERE t.requester_id = $1
        ORDER BY t.received_at, t.number, ev.occurred_at, ev.id`,
      [contactId],
    );
  }
}
