import { createHash } from 'node:crypto';

import { neutraliseBidi, NotFoundError, ValidationError } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { EntityManager } from 'typeorm';

import { AttachmentRepository, AttachmentRow, UploadedAttachmentRow } from './attachment.repository';
import { readUpload } from './upload-body';

/** Types a browser may show inline without risk; everything else is downloaded as octet-stream. */
const SAFE_INLINE = /^(image\/(png|jpeg|gif|webp)|application\/pdf|text\/plain)$/i;

/** A file to send back to the browser, with the headers that keep it from being rendered as a page. */
export interface AttachmentDownload {
  contentType: string;
  disposition: string;
  content: Buffer;
}

/** A ticket's files: staff uploads for an answer (size-capped while streaming), listing, download. */
@Injectable()
export class AttachmentService {
  constructor(
    private readonly attachments: AttachmentRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The body is streamed here, not parsed beforehand (configureHttpApp): nothing over the limit is held. */
  async upload(ticketId: string, filename: string, req: Request): Promise<UploadedAttachmentRow> {
    await this.requireTicket(ticketId);
    const mb = this.config.MAIL_MAX_ATTACHMENT_MB;
    const { content, sha256 } = await readUpload(
      req,
      mb * 1024 * 1024,
      `Allegato oltre ${mb} MB / attachment over ${mb} MB`,
    );
    if (content.length === 0) {
      throw new ValidationError([{ field: 'body', reason: 'file vuoto / empty file' }]);
    }
    const type = (req.headers['content-type'] ?? 'application/octet-stream')
      .split(';')[0]
      .trim()
      .toLowerCase();
    return this.attachments.insertUpload(ticketId, {
      filename: neutraliseBidi(filename),
      contentType: type || 'application/octet-stream',
      sha256,
      content,
    });
  }

  /** A generated document (a report) sent with a mail, in the caller's transaction; its id. */
  storeDocument(em: EntityManager, filename: string, contentType: string, content: Buffer): Promise<string> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    return this.attachments.insertDocument(em, { filename, contentType, sha256, content });
  }

  async list(ticketId: string): Promise<AttachmentRow[]> {
    await this.requireTicket(ticketId);
    const rows = await this.attachments.listForTicket(ticketId);
    // Names from mail arrive as senders wrote them: shown without bidirectional controls.
    return rows.map((row) => ({ ...row, filename: neutraliseBidi(row.filename) }));
  }

  async download(ticketId: string, attachmentId: string): Promise<AttachmentDownload> {
    const row = await this.attachments.content(ticketId, attachmentId);
    if (!row) throw new NotFoundError('Allegato / Attachment', attachmentId);
    return {
      contentType: SAFE_INLINE.test(row.content_type) ? row.content_type : 'application/octet-stream',
      disposition: contentDisposition(row.filename),
      content: row.content,
    };
  }

  private async requireTicket(id: string): Promise<void> {
    if (!(await this.attachments.ticketExists(id))) throw new NotFoundError('Ticket', id);
  }
}

/** RFC 6266: an ASCII fallback plus the UTF-8 name, with nothing that could break the header. */
export function contentDisposition(stored: string): string {
  // No bidirectional controls either: a browser's save dialog would show the name reversed.
  const filename = neutraliseBidi(stored);
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
