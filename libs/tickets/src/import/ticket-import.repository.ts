import { BulkColumn, unnestInsert } from '@app/database';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { PHONE_KEY_SQL } from './import-refs.util';

/** An ente as the import matches rows to it (by code or name). */
export interface ImportEnteRow {
  id: string;
  code: string;
  name: string;
  calendarCode: string | null;
}

const ENTE_COLUMNS: BulkColumn<ImportEnteRow>[] = [
  { name: 'id', type: 'uuid', value: (e) => e.id },
  { name: 'code', type: 'text', value: (e) => e.code },
  { name: 'name', type: 'text', value: (e) => e.name },
  { name: 'kind', type: 'text', value: () => 'comune' },
];

/**
 * The history import's reads and its new entes; its tickets, contacts and timelines go through
 * TicketWriter, its clocks through libs/sla's PlannedClockRepository.
 */
@Injectable()
export class TicketImportRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Of these numbers, the tickets already in the help desk, with their arrival. */
  async existingNumbers(numbers: string[]): Promise<Map<string, Date>> {
    const rows = await this.dataSource.query<{ number: string; received_at: Date }[]>(
      `SELECT number, received_at FROM ticket WHERE number = ANY($1::text[])`,
      [numbers],
    );
    return new Map(rows.map((r) => [r.number, r.received_at]));
  }

  entes(): Promise<ImportEnteRow[]> {
    return this.dataSource.query<ImportEnteRow[]>(
      `SELECT id, code, name, calendar_code AS "calendarCode" FROM ente`,
    );
  }

  async insertEntes(em: EntityManager, entes: ImportEnteRow[]): Promise<void> {
    if (entes.length === 0) return;
    const { sql, params } = unnestInsert('ente', ENTE_COLUMNS, entes);
    await em.query<unknown>(sql, params);
  }

  /** Contacts by lower-cased e-mail address. */
  contactsByEmail(em: EntityManager, emails: string[]): Promise<{ id: string; key: string }[]> {
    return em.query<{ id: string; key: string }[]>(
      `SELECT id, lower(email) AS key FROM contact WHERE lower(email) = ANY($1::text[])`,
      [emails],
    );
  }

  /** Contacts by phone key (digits, Italian prefix dropped), the oldest for each key. */
  contactsByPhoneKey(em: EntityManager, keys: string[]): Promise<{ id: string; key: string }[]> {
    return em.query<{ id: string; key: string }[]>(
      `SELECT DISTINCT ON (key) id, ${PHONE_KEY_SQL} AS key FROM contact
        WHERE ${PHONE_KEY_SQL} = ANY($1::text[]) ORDER BY key, created_at`,
      [keys],
    );
  }
}
