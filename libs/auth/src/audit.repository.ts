import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** What the audit page asks for: an action, a user, a time range [from, to), a page before an id. */
export interface AuditFilter {
  limit: number;
  action?: string | null;
  actorId?: string | null;
  from?: string | null;
  to?: string | null;
  before?: string | null;
}

/** An audit entry as the admins' audit page lists it, with the actor's name. */
export interface AuditRow {
  id: string;
  at: Date;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
}

/** The only writer of `audit_log` (append-only) and its reader. */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Written in the caller's transaction when given, so an audited change and its entry commit together. */
  async insert(entry: AuditRecord, em: EntityManager = this.dataSource.manager): Promise<void> {
    await em.query<unknown>(
      `INSERT INTO audit_log (actor_id, action, target_type, target_id, ip, details) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        entry.actorId,
        entry.action,
        entry.targetType,
        entry.targetId,
        entry.ip,
        JSON.stringify(entry.details),
      ],
    );
  }

  /** Newest first; `before` (an entry's id) pages back through older entries. */
  list(filter: AuditFilter): Promise<AuditRow[]> {
    return this.dataSource.query<AuditRow[]>(
      `SELECT a.id, a.at, a.action, a.target_type AS "targetType", a.target_id AS "targetId", a.ip, a.details,
              u.id AS "actorId", u.name AS "actorName", u.email AS "actorEmail"
         FROM audit_log a LEFT JOIN app_user u ON u.id = a.actor_id
        WHERE ($2::text IS NULL OR a.action = $2)
          AND ($3::uuid IS NULL OR a.actor_id = $3)
          AND ($4::timestamptz IS NULL OR a.at >= $4)
          AND ($5::timestamptz IS NULL OR a.at < $5)
          AND ($6::bigint IS NULL OR a.id < $6)
        ORDER BY a.id DESC LIMIT $1`,
      [
        filter.limit,
        filter.action ?? null,
        filter.actorId ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.before ?? null,
      ],
    );
  }

  /** The actions the log holds, for the audit page's filter. */
  async actions(): Promise<string[]> {
    const rows = await this.dataSource.query<{ action: string }[]>(
      `SELECT DISTINCT action FROM audit_log ORDER BY action`,
    );
    return rows.map((r) => r.action);
  }
}
