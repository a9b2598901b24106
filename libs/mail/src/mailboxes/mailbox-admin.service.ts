import { NotFoundError, ValidationError } from '@app/common';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MailIngestService } from '../ingest/mail-ingest.service';
import { EnteDomainDto, MailboxDto } from './mailbox-admin.dto';
import { MailboxRepository } from './mailbox.repository';
import { SecretBox } from './secret-box.service';

/** Admins' mailboxes, the domain-to-ente map and the quarantine of refused mail. */
@Injectable()
export class MailboxAdminService {
  constructor(
    private readonly dataSource: DataSource,
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
    const [row] = await this.dataSource
      .query(
        `INSERT INTO mailbox (name, address, imap_host, imap_port, imap_tls, imap_user, imap_password_enc, folder,
                              processed_folder, default_ente_id, default_category_id, active, monitoring)
         VALUES ($1, lower($2), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        this.columns(dto),
      )
      .catch(duplicateAddress);
    return this.get(row.id);
  }

  async update(id: string, dto: MailboxDto) {
    await this.get(id);
    await this.checkReferences(dto);
    await this.dataSource
      .query(
        `UPDATE mailbox SET name = $2, address = lower($3), imap_host = $4, imap_port = $5, imap_tls = $6, imap_user = $7,
                imap_password_enc = COALESCE($8, imap_password_enc), folder = $9, processed_folder = $10,
                default_ente_id = $11, default_category_id = $12, active = $13, monitoring = $14, updated_at = now()
          WHERE id = $1`,
        [id, ...this.columns(dto)],
      )
      .catch(duplicateAddress);
    return this.get(id);
  }

  /** The mailbox's columns in table order; a missing password is null (update keeps the stored one). */
  private columns(dto: MailboxDto): unknown[] {
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

  listDomains() {
    return this.dataSource.query(
      `SELECT d.domain, d.ente_id AS "enteId", e.name AS "enteName" FROM ente_domain d JOIN ente e ON e.id = d.ente_id ORDER BY d.domain`,
    );
  }

  async putDomain(dto: EnteDomainDto) {
    const [ente] = await this.dataSource.query(`SELECT 1 FROM ente WHERE id = $1`, [dto.enteId]);
    if (!ente) throw new ValidationError([{ field: 'enteId', reason: 'ente inesistente / no such ente' }]);
    await this.dataSource.query<unknown>(
      `INSERT INTO ente_domain (domain, ente_id) VALUES (lower($1), $2) ON CONFLICT (domain) DO UPDATE SET ente_id = EXCLUDED.ente_id`,
      [dto.domain, dto.enteId],
    );
    return { domain: dto.domain.toLowerCase(), enteId: dto.enteId };
  }

  /** Refused and failed mails, newest first; kept until an admin re-processes them, never wiped by a run. */
  quarantine(limit: number) {
    return this.dataSource.query(
      `SELECT id, message_id AS "messageId", mailbox_id AS "mailboxId", received_at AS "receivedAt",
              from_address AS "from", subject, kind, outcome, reason, parse_problems AS "parseProblems",
              size, reprocessed_count AS "reprocessedCount", ticket_id AS "ticketId"
         FROM inbound_mail WHERE outcome IN ('quarantined', 'ignored')
        ORDER BY received_at DESC LIMIT $1`,
      [limit],
    );
  }

  async raw(id: string): Promise<Buffer> {
    const [row] = await this.dataSource.query(`SELECT raw FROM inbound_mail WHERE id = $1`, [id]);
    if (!row) throw new NotFoundError('Mail', id);
    return row.raw;
  }

  async reprocess(id: string) {
    const [row] = await this.dataSource.query(`SELECT outcome FROM inbound_mail WHERE id = $1`, [id]);
    if (!row) throw new NotFoundError('Mail', id);
    if (!['quarantined', 'ignored'].includes(row.outcome)) {
      throw new ValidationError([
        { field: 'id', reason: 'solo mail in quarantena o ignorate / only quarantined or ignored mails' },
      ]);
    }
    return this.ingest.reprocess(id);
  }

  private async checkReferences(dto: MailboxDto): Promise<void> {
    if (dto.defaultEnteId) {
      const [row] = await this.dataSource.query(`SELECT 1 FROM ente WHERE id = $1`, [dto.defaultEnteId]);
      if (!row)
        throw new ValidationError([{ field: 'defaultEnteId', reason: 'ente inesistente / no such ente' }]);
    }
    if (dto.defaultCategoryId) {
      const [row] = await this.dataSource.query(`SELECT 1 FROM category WHERE id = $1`, [
        dto.defaultCategoryId,
      ]);
      if (!row) {
        throw new ValidationError([
          { field: 'defaultCategoryId', reason: 'categoria inesistente / no such category' },
        ]);
      }
    }
  }
}

function duplicateAddress(error: { code?: string }): never {
  if (error.code === '23505') {
    throw new ValidationError([
      { field: 'address', reason: 'casella già configurata / mailbox already configured' },
    ]);
  }
  throw error;
}
