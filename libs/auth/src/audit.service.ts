import { MetricsService } from '@app/metrics';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { AuditFilter, AuditRepository, AuditRow } from './audit.repository';

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
    private readonly audit: AuditRepository,
    private readonly metrics: MetricsService,
  ) {}

  async record(entry: AuditEntry, em?: EntityManager): Promise<void> {
    // Sign-in failures and refusals, unlocks, role changes... as rates for the operators' alerts.
    this.metrics.auditEvents.inc({ action: entry.action });
    await this.audit.insert(
      {
        actorId: entry.actorId,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        ip: entry.ip ?? null,
        details: entry.details ?? {},
      },
      em,
    );
  }

  list(filter: AuditFilter): Promise<AuditRow[]> {
    return this.audit.list(filter);
  }

  actions(): Promise<string[]> {
    return this.audit.actions();
  }
}
