import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A file of one of the person's tickets, described; its content is read one file at a time. */
export interface ExportedAttachmentRow {
  id: string;
  ticketId: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  /** From a received mail (the person's or a correspondent's), or uploaded by staff for an answer. */
  fromMail: boolean;
  createdAt: Date;
}

/**
 * Reads of a person's files for the access request (issue 18). Contents are read one at a time,
 * so an export with many large files never holds them all in memory.
 */
@Injectable()
export class AttachmentExportRepository {
  constructor(private readonly dataSource: DataSource) {}

  listForTickets(ticketIds: string[]): Promise<ExportedAttachmentRow[]> {
    return this.dataSource.query<ExportedAttachmentRow[]>(
      `SELECT id, ticket_id AS "ticketId", filename, content_type AS "contentType", size, sha256,
              inbound_mail_id IS NOT NULL AS "fromMail", created_at AS "createdAt"
         FROM attachment WHERE ticket_id = ANY($1::uuid[])
        ORDER BY created_at, filename, id`,
      [ticketIds],
    );
  }

  async content(id: string): Promise<Buffer | null> {
    const [row] = await this.dataSource.query<{ content: Buffer }[]>(
      `SELECT content FROM attachment WHERE id = $1`,
      [id],
    );
    return row?.content ?? null;
  }
}
