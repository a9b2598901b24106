import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ExtensionMapping {
  extension: string;
  userId: string;
  userName: string;
}

/** The only writer of phone_extension: which agent answers at which PBX extension. */
@Injectable()
export class PhoneExtensionRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(): Promise<ExtensionMapping[]> {
    return this.dataSource.query<ExtensionMapping[]>(
      `SELECT pe.extension, pe.user_id AS "userId", u.name AS "userName"
         FROM phone_extension pe JOIN app_user u ON u.id = pe.user_id ORDER BY pe.extension`,
    );
  }

  /** false when there is no active staff member with this id (a referent answers no phone). */
  async map(extension: string, userId: string): Promise<boolean> {
    const [staff] = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM app_user WHERE id = $1 AND active AND role IN ('agent', 'supervisor', 'admin')`,
      [userId],
    );
    if (!staff) return false;
    await this.dataSource.query<unknown>(
      `INSERT INTO phone_extension (extension, user_id) VALUES ($1, $2)
       ON CONFLICT (extension) DO UPDATE SET user_id = EXCLUDED.user_id`,
      [extension, userId],
    );
    return true;
  }

  async unmap(extension: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `WITH gone AS (DELETE FROM phone_extension WHERE extension = $1 RETURNING extension) SELECT * FROM gone`,
      [extension],
    );
    return rows.length > 0;
  }
}
