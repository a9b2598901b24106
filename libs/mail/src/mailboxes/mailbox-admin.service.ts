import { NotFoundError, ValidationError } from '@app/common';
import { Injectable } from '@nestjs/common';

import { MailIngestService } from '../ingest/mail-ingest.service';
import { EnteDomainRow, MailAdminRepository, QuarantinedMailRow } from './mail-admin.repository';
import { MailboxColumns, MailboxRepository } from './mailbox.repository';
import { EnteDomainDto, MailboxDto } from './mailbox-admin.dto';
import { SecretBox } from './secret-box.service';

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
