import { Roles } from '@app/auth';
import { uuidParam, ValidationError } from '@app/common';
import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  PipeTransform,
  Post,
  Put,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

import { DOMAIN_RE, EnteDomainDto, MailboxDto } from './mailbox-admin.dto';
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

/** A domain name in the path, or a 400 naming it. */
class ParseDomainPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!DOMAIN_RE.test(value)) {
      throw new ValidationError([
        { field: 'domain', reason: 'dominio non valido / invalid domain', code: 'domain' },
      ]);
    }
    return value.toLowerCase();
  }
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

  @Delete('domains/:domain')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a sender domain from the map (its mails no longer pick that ente)' })
  deleteDomain(@Param('domain', new ParseDomainPipe()) domain: string) {
    return this.admin.deleteDomain(domain);
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

  @Get('inbound/:id')
  @ApiOperation({
    summary:
      'Read a quarantined mail: sender, recipients, why it was set aside, its plain text (never its HTML) and attachment names',
  })
  read(@Param('id', uuid) id: string) {
    return this.admin.read(id);
  }

  @Post('inbound/:id/discard')
  @HttpCode(200)
  @ApiOperation({ summary: 'Discard a quarantined or ignored mail: kept for the record, no longer listed' })
  discard(@Param('id', uuid) id: string) {
    return this.admin.discard(id);
  }

  @Post('inbound/:id/reprocess')
  @ApiOperation({ summary: 'Run a quarantined or ignored mail through ingestion again' })
  reprocess(@Param('id', uuid) id: string) {
    return this.admin.reprocess(id);
  }
}
