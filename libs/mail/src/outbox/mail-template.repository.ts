import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface StoredTemplateRow {
  code: string;
  language: string;
  subject: string;
  body: string;
}

/** The admins' replacements of the built-in mail texts (`mail_template`). */
@Injectable()
export class MailTemplateRepository {
  constructor(private readonly dataSource: DataSource) {}

  all(em: EntityManager = this.dataSource.manager): Promise<StoredTemplateRow[]> {
    return em.query<StoredTemplateRow[]>(`SELECT code, language, subject, body FROM mail_template`);
  }

  async upsert(row: StoredTemplateRow): Promise<void> {
    await this.dataSource.query<unknown>(
      `INSERT INTO mail_template (code, language, subject, body) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code, language) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body, updated_at = now()`,
      [row.code, row.language, row.subject, row.body],
    );
  }

  async remove(code: string, language: string): Promise<void> {
    await this.dataSource.query<unknown>(`DELETE FROM mail_template WHERE code = $1 AND language = $2`, [
      code,
      language,
    ]);
  }
}
