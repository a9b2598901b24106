import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How far the worker has read Nagios's current log (monitoring_log_cursor). */
@Injectable()
export class MonitoringLogCursorRepository {
  constructor(private readonly dataSource: DataSource) {}

  async get(file: string): Promise<{ fileId: string; position: number } | undefined> {
    const rows = await this.dataSource.query<{ file_id: string; position: string }[]>(
      `SELECT file_id, position FROM monitoring_log_cursor WHERE file = $1`,
      [file],
    );
    return rows[0] && { fileId: rows[0].file_id, position: Number(rows[0].position) };
  }

  async save(file: string, fileId: string, position: number): Promise<void> {
    await this.dataSource.query<unknown[]>(
      `INSERT INTO monitoring_log_cursor (file, file_id, position, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (file) DO UPDATE SET file_id = excluded.file_id, position = excluded.position, updated_at = now()`,
      [file, fileId, position],
    );
  }
}
