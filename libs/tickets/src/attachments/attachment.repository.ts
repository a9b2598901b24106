import { unnestInsert } from '@app/database';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** An attachment as the ticket page lists it, without its content. */
export interface AttachmentRow {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  inline: boolean;
  contentId: string | null;
  inboundMailId: string | null;
  createdAt: Date;
}

/** What an upload answers: the stored file's description. */
export type UploadedAttachmentRow = Pick<
  AttachmentRow,
  'id' | 'filename' | 'contentType' | 'size' | 'sha256' | 'createdAt'
>;

export interface AttachmentContent {
  filename: string;
  content_type: string;
  content: Buffer;
}

/** A file that arrived with a mail, stored against the mail (and its ticket once there is one). */
export interface MailAttachmentInsert {
  ticketId: string | null;
  inboundMailId: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  content: Buffer;
  inline: boolean;
  contentId: string | null;
}

/** A generated document (a report's PDF, CSV, XLSX) sent with a mail, attached to no ticket. */
export interface DocumentInsert {
  filename: string;
  contentType: string;
  sha256: string;
  content: Buffer;
}

/**
 * The only reader and writer of `attachment`: files of the citizens' mails, staff uploads for an
 * answer, the documents the scheduled reports send. Methods taking an `EntityManager` are a step
 * of the caller's transaction.
 */
@Injectable()
export class AttachmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  async ticketExists(ticketId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM ticket WHERE id = $1`, [ticketId]);
    return rows.length > 0;
  }

  async insertUpload(
    ticketId: string,
    file: { filename: string; contentType: string; sha256: string; content: Buffer },
  ): Promise<UploadedAttachmentRow> {
    const [row] = await this.dataSource.query<UploadedAttachmentRow[]>(
      `INSERT INTO attachment (ticket_id, filename, content_type, size, sha256, content)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, filename, content_type AS "contentType", size, sha256, created_at AS "createdAt"`,
      [ticketId, file.filename, file.contentType, file.content.length, file.sha256, file.content],
    );
    return row;
  }

  /** Files sent with a ticket's first message by another route (the public form), in the caller's transaction. */
  async insertForTicket(
    em: EntityManager,
    ticketId: string,
    files: readonly { filename: string; contentType: string; sha256: string; content: Buffer }[],
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const f of files) {
      const [row] = await em.query<{ id: string }[]>(
        `INSERT INTO attachment (ticket_id, filename, content_type, size, sha256, content)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [ticketId, f.filename, f.contentType, f.content.length, f.sha256, f.content],
      );
      ids.push(row!.id);
    }
    return ids;
  }

  /** One file of a mail; its id (the timeline names each file by id). */
  async insertFromMail(em: EntityManager, a: MailAttachmentInsert): Promise<string> {
    const [row] = await em.query<{ id: string }[]>(
      `INSERT INTO attachment (ticket_id, inbound_mail_id, filename, content_type, size, sha256, content, inline, content_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        a.ticketId,
        a.inboundMailId,
        a.filename,
        a.contentType,
        a.size,
        a.sha256,
        a.content,
        a.inline,
        a.contentId,
      ],
    );
    return row.id;
  }

  /** The files of a whole chunk of mails (the ingestion's fast path) in one multi-row INSERT. */
  async insertManyFromMail(em: EntityManager, files: readonly MailAttachmentInsert[]): Promise<void> {
    if (files.length === 0) return;
    const { sql, params } = unnestInsert(
      'attachment',
      [
        { name: 'ticket_id', type: 'uuid', value: (a: MailAttachmentInsert) => a.ticketId },
        { name: 'inbound_mail_id', type: 'uuid', value: (a: MailAttachmentInsert) => a.inboundMailId },
        { name: 'filename', type: 'text', value: (a: MailAttachmentInsert) => a.filename },
        { name: 'content_type', type: 'text', value: (a: MailAttachmentInsert) => a.contentType },
        { name: 'size', type: 'integer', value: (a: MailAttachmentInsert) => a.size },
        { name: 'sha256', type: 'text', value: (a: MailAttachmentInsert) => a.sha256 },
        { name: 'content', type: 'bytea', value: (a: MailAttachmentInsert) => a.content },
        { name: 'inline', type: 'boolean', value: (a: MailAttachmentInsert) => a.inline },
        { name: 'content_id', type: 'text', value: (a: MailAttachmentInsert) => a.contentId },
      ],
      files,
    );
    await em.query<unknown>(sql, params);
  }

  async insertDocument(em: EntityManager, doc: DocumentInsert): Promise<string> {
    const [row] = await em.query<{ id: string }[]>(
      `INSERT INTO attachment (filename, content_type, size, sha256, content) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [doc.filename, doc.contentType, doc.content.length, doc.sha256, doc.content],
    );
    return row.id;
  }

  listForTicket(ticketId: string): Promise<AttachmentRow[]> {
    return this.dataSource.query<AttachmentRow[]>(
      `SELECT id, filename, content_type AS "contentType", size, sha256, inline, content_id AS "contentId",
              inbound_mail_id AS "inboundMailId", created_at AS "createdAt"
         FROM attachment WHERE ticket_id = $1 ORDER BY created_at, filename`,
      [ticketId],
    );
  }

  async content(ticketId: string, attachmentId: string): Promise<AttachmentContent | null> {
    const [row] = await this.dataSource.query<AttachmentContent[]>(
      `SELECT filename, content_type, content FROM attachment WHERE id = $1 AND ticket_id = $2`,
      [attachmentId, ticketId],
    );
    return row ?? null;
  }

  /** The files a queued mail carries, for the SMTP conversation. */
  contents(ids: string[]): Promise<AttachmentContent[]> {
    return this.dataSource.query<AttachmentContent[]>(
      `SELECT filename, content_type, content FROM attachment WHERE id = ANY($1)`,
      [ids],
    );
  }

  /**
   * A merge (issue 19.7): every file of `fromTicketId` copied onto `toTicketId` in the caller's
   * transaction, content copied inside PostgreSQL. Each copy names its original (`copied_from`);
   * the unique (ticket_id, copied_from) index makes a second call copy nothing again. The copy has
   * no `inbound_mail_id`: the duplicate's retention, which removes its mails' files, must not take
   * the target's. Returns each original's copy on the target, the ones already there included.
   */
  async copyToTicket(
    em: EntityManager,
    fromTicketId: string,
    toTicketId: string,
  ): Promise<{ from: string; to: string }[]> {
    await em.query<unknown>(
      `INSERT INTO attachment
              (ticket_id, filename, content_type, size, sha256, content, inline, content_id, created_at, copied_from)
       SELECT $2, filename, content_type, size, sha256, content, inline, content_id, created_at, id
         FROM attachment WHERE ticket_id = $1
       ON CONFLICT (ticket_id, copied_from) WHERE copied_from IS NOT NULL DO NOTHING`,
      [fromTicketId, toTicketId],
    );
    return em.query<{ from: string; to: string }[]>(
      `SELECT c.copied_from AS "from", c.id AS "to"
         FROM attachment c JOIN attachment o ON o.id = c.copied_from
        WHERE c.ticket_id = $2 AND o.ticket_id = $1`,
      [fromTicketId, toTicketId],
    );
  }

  /** Of these ids, the files staff uploaded to this ticket (not a citizen's inbound attachment). */
  staffUploads(
    em: EntityManager,
    ids: string[],
    ticketId: string,
  ): Promise<{ id: string; filename: string }[]> {
    return em.query<{ id: string; filename: string }[]>(
      `SELECT id, filename FROM attachment
        WHERE id = ANY($1) AND ticket_id = $2 AND inbound_mail_id IS NULL AND copied_from IS NULL
        ORDER BY created_at`,
      [ids, ticketId],
    );
  }

  /** Retention and erasure (issue 18): the files of these tickets, and of these mails, go. */
  async deleteForTickets(
    em: EntityManager,
    ticketIds: string[],
    inboundMailIds: string[] = [],
  ): Promise<number> {
    const rows = await em.query<{ id: string }[]>(
      `WITH done AS (DELETE FROM attachment WHERE ticket_id = ANY($1::uuid[]) OR inbound_mail_id = ANY($2::uuid[]) RETURNING id) SELECT * FROM done`,
      [ticketIds, inboundMailIds],
    );
    return rows.length;
  }
}
