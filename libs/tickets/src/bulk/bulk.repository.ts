import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What the bulk actions read outside each ticket's own transaction. */
@Injectable()
export class BulkRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The numbers of those of these tickets that exist. */
  async numbers(ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<{ id: string; number: string }[]>(
      `SELECT id, number FROM ticket WHERE id = ANY($1::uuid[])`,
      [[...ids]],
    );
    return new Map(rows.map((r) => [r.id, r.number]));
  }

  async version(id: string): Promise<number | undefined> {
    const rows = await this.dataSource.query<{ version: number }[]>(
      `SELECT version FROM ticket WHERE id = $1`,
      [id],
    );
    return rows[0]?.version;
  }

  async activeStaff(id: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM app_user WHERE id = $1 AND active AND role <> 'ente_referent'`,
      [id],
    );
    return rows.length > 0;
  }

  async activeTeam(id: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM team WHERE id = $1 AND active`,
      [id],
    );
    return rows.length > 0;
  }
}
