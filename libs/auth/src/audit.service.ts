import { MetricsService } from '@app/metrics';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/** Who did what that matters for accountability (sign-ins, roles, referents' reads). Never secrets. */
@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  async record(entry: AuditEntry, em: EntityManager = this.dataSource.manager): Promise<void> {
    // Sign-in failures and refusals, unlocks, role changes... as rates for the operators' alerts.
    this.metrics.auditEvents.inc({ action: entry.action });
    await em.query<unknown>(
      `INSERT INTO audit_log (actor_id, action, target_type, target_id, ip, details) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        entry.actorId,
        entry.action,
        entry.targetType ?? null,
        entry.targetId ?? null,
        entry.ip ?? null,
        JSON.stringify(entry.details ?? {}),
      ],
    );
  }

  list(limit: number, action?: string) {
    return this.dataSource.query(
      `SELECT a.id, a.at, a.action, a.target_type AS "targetType", a.target_id AS "targetId", a.ip, a.details,
              u.id AS "actorId", u.name AS "actorName", u.email AS "actorEmail"
         FROM audit_log a LEFT JOIN app_user u ON u.id = a.actor_id
        WHERE ($2::text IS NULL OR a.action = $2)
        ORDER BY a.id DESC LIMIT $1`,
      [limit, action ?? null],
    );
  }
}
