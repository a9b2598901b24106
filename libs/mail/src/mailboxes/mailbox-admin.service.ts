import { NotFoundError, ValidationError } from '@app/common';
import { Injectable } from '@nestjs/common';

import { MailIngestService } from '../ingest/mail-ingest.service';
import { stripControlCharacters } from '../parsing/charset.util';
import { parseInboundMail } from '../parsing/parse-inbound-mail.util';
import { EnteDomainRow, MailAdminRepository, QuarantinedMailRow } from './mail-admin.repository';
import { MailboxColumns, MailboxRepository } from './mailbox.repository';
import { EnteDomainDto, MailboxDto } from './mailbox-admin.dto';
import { SecretBox } from './secret-box.service';

/** The most of a mail's text the quarantine page shows (the raw source holds the rest). */
const READ_TEXT_LIMIT = 100_000;

/** Admins' mailboxes, the domain-to-ente map and the quarantine of refused mail. */
@Injectable()
export class MailboxAdminService {
  constructor(
    private readonly admin: MailAdminRepository,
    private readonly mailboxes: MailboxRepository,
    private readonly secrets: SecretBox,
    private readonly ingest: MailIngestService,
  ) {}

  list() {
    return this.mailboxes.list();
  }

  async get(id: string) {
    const row = await this.mailboxes.find(id);
    if (!row) throw new NotFoundError('Casella / Mailbox', id);
    return row;
  }

  async create(dto: MailboxDto) {
    await this.checkReferences(dto);
    const id = await this.mailboxes.insert(this.columns(dto));
    if (!id) throw duplicateAddress();
    return this.get(id);
  }

  async update(id: string, dto: MailboxDto) {
    await this.get(id);
    await this.checkReferences(dto);
    if (!(await this.mailboxes.update(id, this.columns(dto)))) throw duplicateAddress();
    return this.get(id);
  }

  /** The mailbox's columns in table order; a missing password is null (update keeps the stored one). */
  private columns(dto: MailboxDto): MailboxColumns {
    return [
      dto.name,
      dto.address,
      dto.imapHost,
      dto.imapPort,
      dto.imapTls,
      dto.imapUser,
      dto.imapPassword ? this.secrets.encrypt(dto.imapPassword) : null,
      dto.folder ?? 'INBOX',
      dto.processedFolder ?? null,
      dto.defaultEnteId ?? null,
      dto.defaultCategoryId ?? null,
      dto.active ?? true,
      dto.monitoring ?? false,
    ];
  }

  listDomains(): Promise<EnteDomainRow[]> {
    return this.admin.listDomains();
  }

  async putDomain(dto: EnteDomainDto) {
    if (!(await this.admin.exists('ente', dto.enteId)))
      throw new ValidationError([{ field: 'enteId', reason: 'ente inesistente / no such ente' }]);
    await this.admin.putDomain(dto.domain, dto.enteId);
    return { domain: dto.domain.toLowerCase(), enteId: dto.enteId };
  }

  /** Refused and failed mails, newest first; kept until an admin re-processes them, never wiped by a run. */
  quarantine(limit: number): Promise<QuarantinedMailRow[]> {
    return this.admin.quarantine(limit);
  }

  /**
   * A quarantined or ignored mail as an admin reads it: its plain text (control characters
   * stripped, never its HTML or scripts), the attachments named and sized (never opened), why it
   * was set aside and what the parser met.
   */
  async read(id: string) {
    const row = await this.admin.quarantined(id);
    if (!row) throw new NotFoundError('Mail', id);
    const { raw, ...mail } = row;
    const parsed = await parseInboundMail(raw);
    const attachment = (a: { filename: string; contentType: string; size: number }) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
    });
    return {
      ...mail,
      to: parsed.to.map((a) => a.address),
      cc: parsed.cc.map((a) => a.address),
      date: parsed.date,
      text: stripControlCharacters(parsed.text).slice(0, READ_TEXT_LIMIT),
      truncated: parsed.text.length > READ_TEXT_LIMIT,
      attachments: parsed.attachments.map(attachment),
      refusedAttachments: parsed.refusedAttachments.map((a) => ({ ...attachment(a), reason: a.reason })),
    };
  }

  /** Sets a quarantined or ignored mail aside for good: kept for the record, never listed again. */
  async discard(id: string) {
    const outcome = await this.admin.outcome(id);
    if (!outcome) throw new NotFoundError('Mail', id);
    if (!(await this.admin.discard(id))) {
      throw new ValidationError([
        {
          field: 'id',
          reason: 'solo mail in quarantena o ignorate / only quarantined or ignored mails',
          code: 'notQuarantined',
        },
      ]);
    }
    return { id, outcome: 'discarded' };
  }

  async deleteDomain(domain: string): Promise<void> {
    if (!(await this.admin.deleteDomain(domain))) throw new NotFoundError('Dominio / Domain', domain);
  }

  async raw(id: string): Promise<Buffer> {
    const raw = await this.admin.raw(id);
    if (!raw) throw new NotFoundError('Mail', id);
    return raw;
  }

  async reprocess(id: string) {
    const outcome = await this.admin.outcome(id);
    if (!outcome) throw new NotFoundError('Mail', id);
    if (!['quarantined', 'ignored'].includes(outcome)) {
      throw new ValidationError([
        { field: 'id', reason: 'solo mail in quarantena o ignorate / only quarantined or ignored mails' },
      ]);
    }
    return this.ingest.reprocess(id);
  }

  private async checkReferences(dto: MailboxDto): Promise<void> {
    if (dto.defaultEnteId && !(await this.admin.exists('ente', dto.defaultEnteId))) {
      throw new ValidationError([{ field: 'defaultEnteId', reason: 'ente inesistente / no such ente' }]);
    }
    if (dto.defaultCategoryId && !(await this.admin.exists('category', dto.defaultCategoryId))) {
      throw new ValidationError([
        { field: 'defaultCategoryId', reason: 'categoria inesistente / no such category' },
      ]);
    }
  }
}

function duplicateAddress(): ValidationError {
  return new ValidationError([
    { field: 'address', reason: 'casella già configurata / mailbox already configured' },
  ]);
}
