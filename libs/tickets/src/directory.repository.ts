import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CategoryEntity, EnteEntity, UserEntity, UserRole } from './entities';
import { matchSuffix, normalisePhoneNumber } from './phone-number';

export interface ContactMatch {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  enteId: string | null;
  enteName: string | null;
}

/** Read-only lists the agents pick from: entes, categories, staff, and contacts (autocomplete). */
@Injectable()
export class DirectoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  entes() {
    return this.dataSource
      .getRepository(EnteEntity)
      .find({ where: { active: true }, order: { name: 'ASC' } });
  }

  categories() {
    return this.dataSource
      .getRepository(CategoryEntity)
      .find({ where: { active: true }, order: { name: 'ASC' } });
  }

  users(role?: UserRole) {
    return this.dataSource.getRepository(UserEntity).find({
      where: { active: true, ...(role ? { role } : {}) },
      order: { name: 'ASC' },
    });
  }

  /**
   * Autocomplete for phone intake: a name fragment, an e-mail or digits of a phone number. A whole
   * number in any format (+39 055 ..., 0039 ..., 055/...) also finds the contacts whose phone is the
   * same number however it was typed.
   */
  async searchContacts(text: string, limit: number): Promise<ContactMatch[]> {
    const { e164 } = normalisePhoneNumber(text);
    const byNumber: ContactMatch[] = e164
      ? (
          await this.dataSource.query<ContactMatch[]>(
            `SELECT c.id, c.name, c.email, c.phone, c.ente_id AS "enteId", e.name AS "enteName"
               FROM contact c LEFT JOIN ente e ON e.id = c.ente_id
              WHERE regexp_replace(coalesce(c.phone, ''), '[^0-9]', '', 'g') LIKE $1
              ORDER BY c.name LIMIT 50`,
            [`%${matchSuffix(e164)}%`],
          )
        ).filter((c) => normalisePhoneNumber(c.phone).e164 === e164)
      : [];
    const byText = await this.searchContactsByText(text, limit);
    const seen = new Set(byNumber.map((c) => c.id));
    return [...byNumber, ...byText.filter((c) => !seen.has(c.id))].slice(0, limit);
  }

  private searchContactsByText(text: string, limit: number): Promise<ContactMatch[]> {
    const digits = text.replace(/[^0-9]/g, '');
    return this.dataSource.query<ContactMatch[]>(
      `SELECT c.id, c.name, c.email, c.phone, c.ente_id AS "enteId", e.name AS "enteName"
         FROM contact c LEFT JOIN ente e ON e.id = c.ente_id
        WHERE c.name ILIKE $1 OR c.email ILIKE $1
           OR ($2 <> '' AND regexp_replace(coalesce(c.phone, ''), '[^0-9]', '', 'g') LIKE $3)
        ORDER BY c.name LIMIT $4`,
      [`%${text.replace(/[%_\\]/g, '\\$&')}%`, digits.length >= 3 ? digits : '', `%${digits}%`, limit],
    );
  }
}
