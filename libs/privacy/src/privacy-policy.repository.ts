import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import type { PrivacyPolicyDefinition } from './privacy-policy.types';

export interface PrivacyPolicyRow {
  id: string;
  version: number;
  definition: PrivacyPolicyDefinition;
  active: boolean;
  createdBy: string | null;
  createdAt: Date;
}

export interface RetentionRunRow {
  id: string;
  asOf: Date;
  dryRun: boolean;
  policyVersion: number;
  trigger: 'schedule' | 'cli' | 'api';
  startedAt: Date;
  finishedAt: Date | null;
  summary: Record<string, Record<string, number>>;
  error: string | null;
}

const POLICY_COLUMNS = `id, version, definition, active, created_by AS "createdBy", created_at AS "createdAt"`;
const RUN_COLUMNS = `id, as_of AS "asOf", dry_run AS "dryRun", policy_version AS "policyVersion", trigger,
  started_at AS "startedAt", finished_at AS "finishedAt", summary, error`;
/** pg_advisory_xact_lock key of policy publishing and seeding. */
const PUBLISH_LOCK = 1_795_300_096;

/** The only reader and writer of `privacy_policy` and `retention_run`. */
@Injectable()
export class PrivacyPolicyRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async lockPublishing(em: EntityManager): Promise<void> {
    await em.query<unknown>(`SELECT pg_advisory_xact_lock($1)`, [PUBLISH_LOCK]);
  }

  active(em?: EntityManager): Promise<PrivacyPolicyRow | undefined> {
    return (em ?? this.dataSource)
      .query<PrivacyPolicyRow[]>(`SELECT ${POLICY_COLUMNS} FROM privacy_policy WHERE active`)
      .then((rows) => rows[0]);
  }

  list(): Promise<PrivacyPolicyRow[]> {
    return this.dataSource.query<PrivacyPolicyRow[]>(
      `SELECT ${POLICY_COLUMNS} FROM privacy_policy ORDER BY version DESC`,
    );
  }

  /** Stores the next version and makes it the active one. */
  async insertActive(
    em: EntityManager,
    definition: PrivacyPolicyDefinition,
    createdBy: string | null,
  ): Promise<PrivacyPolicyRow> {
    await em.query<unknown>(`UPDATE privacy_policy SET active = false WHERE active`);
    const [row] = await em.query<PrivacyPolicyRow[]>(
      `INSERT INTO privacy_policy (version, definition, active, created_by)
       SELECT COALESCE(max(version), 0) + 1, $1, true, $2 FROM privacy_policy
       RETURNING ${POLICY_COLUMNS}`,
      [JSON.stringify(definition), createdBy],
    );
    return row;
  }

  async startRun(
    run: { asOf: Date; dryRun: boolean; policyVersion: number; trigger: RetentionRunRow['trigger'] },
    scheduleDate?: string,
  ): Promise<string | null> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO retention_run (as_of, dry_run, policy_version, trigger, schedule_date)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
      [run.asOf, run.dryRun, run.policyVersion, run.trigger, scheduleDate ?? null],
    );
    return rows[0]?.id ?? null;
  }

  async finishRun(
    id: string,
    summary: Record<string, Record<string, number>>,
    error: string | null,
  ): Promise<void> {
    await this.dataSource.query<unknown>(
      `UPDATE retention_run SET finished_at = now(), summary = $2, error = $3 WHERE id = $1`,
      [id, JSON.stringify(summary), error],
    );
  }

  listRuns(limit: number): Promise<RetentionRunRow[]> {
    return this.dataSource.query<RetentionRunRow[]>(
      `SELECT ${RUN_COLUMNS} FROM retention_run ORDER BY started_at DESC LIMIT ${Number(limit)}`,
    );
  }
}
