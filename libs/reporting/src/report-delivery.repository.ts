import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export type ReportDeliveryKind = 'monthly';

/** The scheduled reports' deliveries (report_delivery, one per kind and period) and what the mailing reads. */
@Injectable()
export class ReportDeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async sent(kind: ReportDeliveryKind, period: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM report_delivery WHERE kind = $1 AND period = $2`,
      [kind, period],
    );
    return rows.length > 0;
  }

  /** Claims the period's delivery; false when another run has it already. */
  async claim(em: EntityManager, kind: ReportDeliveryKind, period: string): Promise<boolean> {
    const rows = await em.query<{ period: string }[]>(
      `INSERT INTO report_delivery (kind, period) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING period`,
      [kind, period],
    );
    return rows.length > 0;
  }

  async activeSupervisorEmails(em: EntityManager): Promise<string[]> {
    const rows = await em.query<{ email: string }[]>(
      `SELECT email FROM app_user WHERE role = 'supervisor' AND active ORDER BY email`,
    );
    return rows.map((r) => r.email);
  }

  async setOutboundIds(
    em: EntityManager,
    kind: ReportDeliveryKind,
    period: string,
    ids: string[],
  ): Promise<void> {
    await em.query<unknown>(`UPDATE report_delivery SET outbound_ids = $3 WHERE kind = $1 AND period = $2`, [
      kind,
      period,
      ids,
    ]);
  }
}
