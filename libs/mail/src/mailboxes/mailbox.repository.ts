import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface MailboxRow {
  id: string;
  name: string;
  address: string;
  imapHost: string;
  imapPort: number;
  imapTls: boolean;
  imapUser: string;
  hasPassword: boolean;
  folder: string;
  processedFolder: string | null;
  defaultEnteId: string | null;
  defaultCategoryId: string | null;
  active: boolean;
  /** Nagios notification mails (monitoring events), not tickets. */
  monitoring: boolean;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  lastPolledAt: Date | null;
  lastError: string | null;
}

/** Everything but the sealed password, which only connectionSecret reads. */
const COLUMNS = `id, name, address, imap_host AS "imapHost", imap_port AS "imapPort", imap_tls AS "imapTls",
  imap_user AS "imapUser", imap_password_enc IS NOT NULL AS "hasPassword", folder, processed_folder AS "processedFolder",
  default_ente_id AS "defaultEnteId", default_category_id AS "defaultCategoryId", active, monitoring, lease_owner AS "leaseOwner",
  lease_until AS "leaseUntil", last_polled_at AS "lastPolledAt", last_error AS "lastError"`;

/** A mailbox's settings in table order (see MailboxAdminService.columns); a null password keeps the stored one. */
export type MailboxColumns = [
  name: string,
  address: string,
  imapHost: string,
  imapPort: number,
  imapTls: boolean,
  imapUser: string,
  imapPasswordEnc: string | null,
  folder: string,
  processedFolder: string | null,
  defaultEnteId: string | null,
  defaultCategoryId: string | null,
  active: boolean,
  monitoring: boolean,
];

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

@Injectable()
export class MailboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The new mailbox's id, or null when its address is already configured. */
  async insert(columns: MailboxColumns): Promise<string | null> {
    try {
      const [row] = await this.dataSource.query<{ id: string }[]>(
        `INSERT INTO mailbox (name, address, imap_host, imap_port, imap_tls, imap_user, imap_password_enc, folder,
                              processed_folder, default_ente_id, default_category_id, active, monitoring)
         VALUES ($1, lower($2), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        columns,
      );
      return row.id;
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** false when another mailbox already has this address. */
  async update(id: string, columns: MailboxColumns): Promise<boolean> {
    try {
      await this.dataSource.query<unknown>(
        `UPDATE mailbox SET name = $2, address = lower($3), imap_host = $4, imap_port = $5, imap_tls = $6, imap_user = $7,
                imap_password_enc = COALESCE($8, imap_password_enc), folder = $9, processed_folder = $10,
                default_ente_id = $11, default_category_id = $12, active = $13, monitoring = $14, updated_at = now()
          WHERE id = $1`,
        [id, ...columns],
      );
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  list(): Promise<MailboxRow[]> {
    return this.dataSource.query<MailboxRow[]>(`SELECT ${COLUMNS} FROM mailbox ORDER BY name`);
  }

  async find(id: string): Promise<MailboxRow | null> {
    const [row] = await this.dataSource.query<MailboxRow[]>(`SELECT ${COLUMNS} FROM mailbox WHERE id = $1`, [
      id,
    ]);
    return row ?? null;
  }

  async activeIds(): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM mailbox WHERE active`);
    return rows.map((r) => r.id);
  }

  async connectionSecret(id: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ imap_password_enc: string | null }[]>(
      `SELECT imap_password_enc FROM mailbox WHERE id = $1`,
      [id],
    );
    return row?.imap_password_enc ?? null;
  }

  /** Takes or renews the lease; false while another live worker holds it. */
  async acquireLease(id: string, owner: string, seconds: number): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE mailbox SET lease_owner = $2, lease_until = now() + ($3 || ' seconds')::interval
        WHERE id = $1 AND active AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < now())
        RETURNING id`,
      [id, owner, String(seconds)],
    );
    return rows.length > 0;
  }

  async releaseLease(id: string, owner: string): Promise<void> {
    await this.dataSource.query<unknown>(
      `UPDATE mailbox SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2`,
      [id, owner],
    );
  }

  async recordPoll(id: string, error: string | null): Promise<void> {
    await this.dataSource.query<unknown>(
      `UPDATE mailbox SET last_polled_at = now(), last_error = $2 WHERE id = $1`,
      [id, error],
    );
  }
}
