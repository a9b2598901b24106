import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CategoryEntity, EnteEntity, UserEntity, UserRole } from './entities';

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

  /** Autocomplete for phone intake: a name fragment, an e-mail or digits of a phone number. */
  async searchContacts(text: string, limit: number) {
    const digits = text.replace(/[^0-9]/g, '');
    return this.dataSource.query(
      `SELECT c.id, c.name, c.email, c.phone, c.ente_id AS "enteId", e.name AS "enteName"
         FROM contact c LEFT JOIN ente e ON e.id = c.ente_id
        WHERE c.name ILIKE $1 OR c.email ILIKE $1
           OR ($2 <> '' AND regexp_replace(coalesce(c.phone, ''), '[^0-9]', '', 'g') LIKE $3)
        ORDER BY c.name LIMIT $4`,
      [`%${text.replace(/[%_\\]/g, '\\$&')}%`, digits.length >= 3 ? digits : '', `%${digits}%`, limit],
    );
  }
}
