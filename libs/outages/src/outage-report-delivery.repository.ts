import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface DeliveryRow {
  period: string;
  sentAt: Date;
}

export interface DeliveryClaim {
  period: string;
  from: string;
  to: string;
  dueAt: Date;
  sentAt: Date;
  recipients: string[];
}

/** SLA.11's deliveries (outage_report_delivery) and what the mailing reads beside them. */
@Injectable()
export class OutageReportDeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async sent(period: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM outage_report_delivery WHERE period = $1`,
      [period],
    );
    return rows.length > 0;
  }

  async deliveries(periods: string[]): Promise<DeliveryRow[]> {
    return this.dataSource.query<DeliveryRow[]>(
      `SELECT period, sent_at AS "sentAt" FROM outage_report_delivery WHERE period = ANY($1)`,
      [periods],
    );
  }

  /** When the installation first held data: its earliest ticket or outage (null: none yet). */
  async firstDataAt(): Promise<Date | null> {
    const [{ first }] = await this.dataSource.query<{ first: Date | null }[]>(
      `SELECT LEAST((SELECT min(received_at) FROM ticket), (SELECT min(started_at) FROM outage)) AS first`,
    );
    return first;
  }

  /** Whether the installation was in service before `endAt`: a ticket received or an outage started. */
  async inServiceBefore(endAt: Date): Promise<boolean> {
    const [{ owed }] = await this.dataSource.query<{ owed: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM ticket WHERE received_at < $1) OR EXISTS (SELECT 1 FROM outage WHERE started_at < $1)
                AS owed`,
      [endAt],
    );
    return owed;
  }

  async activeSupervisorEmails(em: EntityManager): Promise<string[]> {
    const rows = await em.query<{ email: string }[]>(
      `SELECT email FROM app_user WHERE role = 'supervisor' AND active ORDER BY email`,
    );
    return rows.map((r) => r.email);
  }

  async addedRecipients(em: EntityManager): Promise<string[]> {
    const rows = await em.query<{ email: string }[]>(`SELECT email FROM outage_report_recipient`);
    return rows.map((r) => r.email);
  }

  /** Claims the period's delivery; false when another run has it already. */
  async claim(em: EntityManager, d: DeliveryClaim): Promise<boolean> {
    const rows = await em.query<{ period: string }[]>(
      `INSERT INTO outage_report_delivery (period, period_from, period_to, due_at, sent_at, recipients)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING period`,
      [d.period, d.from, d.to, d.dueAt, d.sentAt, d.recipients],
    );
    return rows.length > 0;
  }

  async setOutboundIds(em: EntityManager, period: string, ids: string[]): Promise<void> {
    await em.query<unknown>(`UPDATE outage_report_delivery SET outbound_ids = $2 WHERE period = $1`, [
      period,
      ids,
    ]);
  }
}
