import { neutraliseBidi, NotFoundError, uuidParam, ValidationError } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Roles } from '@app/auth';
import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { readUpload } from './upload-body';

const uuid = uuidParam;

/** Types a browser may show inline without risk; everything else is downloaded as octet-stream. */
const SAFE_INLINE = /^(image\/(png|jpeg|gif|webp)|application\/pdf|text\/plain)$/i;

export class UploadAttachmentDto {
  @ApiProperty({ example: 'istruzioni-vpn.pdf' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  // A name, not a path: no separators, no control characters.
  @Matches(/^[^/\\\p{Cc}]+$/u, {
    message: 'filename must be a file name without / \\ or control characters',
  })
  filename: string;
}

/** What the ticket page shows of its mail: attachments to download, outbound mails and their delivery. */
@ApiTags('mail')
@Controller('tickets/:id')
@Roles('admin', 'supervisor', 'agent')
export class TicketMailController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('attachments')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Upload a file for an e-mail answer (raw body, Content-Type of the file, ?filename=); staff, at most 2 at a time each, refused before the body is read',
  })
  async upload(
    @Param('id', uuid('id')) id: string,
    @Query() query: UploadAttachmentDto,
    @Req() req: Request,
  ) {
    await this.requireTicket(id);
    // The body is streamed here, not parsed beforehand (configureHttpApp): nothing over the limit is held.
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
    const [row] = await this.dataSource.query(
      `INSERT INTO attachment (ticket_id, filename, content_type, size, sha256, content)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, filename, content_type AS "contentType", size, sha256, created_at AS "createdAt"`,
      [
        id,
        neutraliseBidi(query.filename),
        type || 'application/octet-stream',
        content.length,
        sha256,
        content,
      ],
    );
    return row;
  }

  @Get('attachments')
  @ApiOperation({ summary: "The ticket's attachments (name, type, size, hash), without their content" })
  async attachments(@Param('id', uuid('id')) id: string) {
    await this.requireTicket(id);
    const rows = await this.dataSource.query<{ filename: string }[]>(
      `SELECT id, filename, content_type AS "contentType", size, sha256, inline, content_id AS "contentId",
              inbound_mail_id AS "inboundMailId", created_at AS "createdAt"
         FROM attachment WHERE ticket_id = $1 ORDER BY created_at, filename`,
      [id],
    );
    // Names from mail arrive as senders wrote them: shown without bidirectional controls.
    return rows.map((row) => ({ ...row, filename: neutraliseBidi(row.filename) }));
  }

  @Get('attachments/:attachmentId')
  @ApiOperation({ summary: 'Download one attachment (always as a download, never rendered by the browser)' })
  async download(
    @Param('id', uuid('id')) id: string,
    @Param('attachmentId', uuid('attachmentId')) attachmentId: string,
    @Res() res: Response,
  ) {
    const [row] = await this.dataSource.query(
      `SELECT filename, content_type, content FROM attachment WHERE id = $1 AND ticket_id = $2`,
      [attachmentId, id],
    );
    if (!row) throw new NotFoundError('Allegato / Attachment', attachmentId);
    const type = SAFE_INLINE.test(row.content_type) ? row.content_type : 'application/octet-stream';
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Disposition', contentDisposition(row.filename));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.send(row.content);
  }

  @Get('mails')
  @ApiOperation({
    summary: 'Outbound mails of the ticket with their status, attempts, last error and receipts',
  })
  async mails(@Param('id', uuid('id')) id: string) {
    await this.requireTicket(id);
    return this.dataSource.query(
      `SELECT id, kind, message_id AS "messageId", to_addresses AS "to", cc_addresses AS "cc", subject, status,
              attempts, last_error AS "lastError", sent_at AS "sentAt", failed_at AS "failedAt", delivery,
              created_at AS "createdAt"
         FROM outbound_mail WHERE ticket_id = $1 ORDER BY created_at`,
      [id],
    );
  }

  private async requireTicket(id: string): Promise<void> {
    const [row] = await this.dataSource.query(`SELECT 1 FROM ticket WHERE id = $1`, [id]);
    if (!row) throw new NotFoundError('Ticket', id);
  }
}

/** RFC 6266: an ASCII fallback plus the UTF-8 name, with nothing that could break the header. */
export function contentDisposition(stored: string): string {
  // No bidirectional controls either: a browser's save dialog would show the name reversed.
  const filename = neutraliseBidi(stored);
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
