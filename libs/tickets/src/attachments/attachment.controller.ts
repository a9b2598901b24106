import { Roles } from '@app/auth';
import { uuidParam } from '@app/common';
import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { Request, Response } from 'express';

import { AttachmentService } from './attachment.service';

const uuid = uuidParam;

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

/** A ticket's files: staff upload them for an answer, list them and download them. */
@ApiTags('mail')
@Controller('tickets/:id/attachments')
@Roles('admin', 'supervisor', 'agent')
export class AttachmentController {
  constructor(private readonly attachments: AttachmentService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Upload a file for an e-mail answer (raw body, Content-Type of the file, ?filename=); staff, at most 2 at a time each, refused before the body is read',
  })
  upload(@Param('id', uuid('id')) id: string, @Query() query: UploadAttachmentDto, @Req() req: Request) {
    return this.attachments.upload(id, query.filename, req);
  }

  @Get()
  @ApiOperation({ summary: "The ticket's attachments (name, type, size, hash), without their content" })
  list(@Param('id', uuid('id')) id: string) {
    return this.attachments.list(id);
  }

  @Get(':attachmentId')
  @ApiOperation({ summary: 'Download one attachment (always as a download, never rendered by the browser)' })
  async download(
    @Param('id', uuid('id')) id: string,
    @Param('attachmentId', uuid('attachmentId')) attachmentId: string,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.attachments.download(id, attachmentId);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', file.disposition);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.send(file.content);
  }
}
