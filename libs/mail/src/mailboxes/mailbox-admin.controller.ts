import { Roles } from '@app/auth';
import { uuidParam } from '@app/common';
import { Body, Controller, Get, Header, Param, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

import { EnteDomainDto, MailboxDto } from './mailbox-admin.dto';
import { MailboxAdminService } from './mailbox-admin.service';

const uuid = uuidParam();

export class QuarantineQueryDto {
  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** Mailboxes, the domain map and the quarantine: admins only (passwords are write-only). */
@ApiTags('mail')
@Controller('mail')
@Roles('admin')
export class MailboxAdminController {
  constructor(private readonly admin: MailboxAdminService) {}

  @Get('mailboxes')
  @ApiOperation({ summary: 'Configured mailboxes with their last poll and error (never the password)' })
  list() {
    return this.admin.list();
  }

  @Post('mailboxes')
  @ApiOperation({ summary: 'Add an inbound mailbox (IMAP)' })
  create(@Body() dto: MailboxDto) {
    return this.admin.create(dto);
  }

  @Get('mailboxes/:id')
  @ApiOperation({ summary: 'Read an inbound mailbox (never its password)' })
  get(@Param('id', uuid) id: string) {
    return this.admin.get(id);
  }

  @Put('mailboxes/:id')
  @ApiOperation({ summary: 'Replace a mailbox; an omitted password keeps the stored one' })
  update(@Param('id', uuid) id: string, @Body() dto: MailboxDto) {
    return this.admin.update(id, dto);
  }

  @Get('domains')
  @ApiOperation({ summary: 'List the sender domain to ente map' })
  listDomains() {
    return this.admin.listDomains();
  }

  @Put('domains')
  @ApiOperation({ summary: 'Map a sender domain to an ente (e.g. comune.fiesole.fi.it -> Fiesole)' })
  putDomain(@Body() dto: EnteDomainDto) {
    return this.admin.putDomain(dto);
  }

  @Get('quarantine')
  @ApiOperation({ summary: 'Mails refused, ignored or failed, with the reason' })
  quarantine(@Query() query: QuarantineQueryDto) {
    return this.admin.quarantine(query.limit ?? 100);
  }

  @Get('inbound/:id/raw')
  @ApiOperation({ summary: 'Download the raw source of an inbound mail' })
  @Header('Content-Type', 'message/rfc822')
  @Header('Content-Disposition', 'attachment; filename="message.eml"')
  @Header('X-Content-Type-Options', 'nosniff')
  async raw(@Param('id', uuid) id: string) {
    return new StreamableFile(await this.admin.raw(id));
  }

  @Post('inbound/:id/reprocess')
  @ApiOperation({ summary: 'Run a quarantined or ignored mail through ingestion again' })
  reprocess(@Param('id', uuid) id: string) {
    return this.admin.reprocess(id);
  }
}
