import { OutboxService } from '@app/mail';
import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OutageReportService } from './outage-report.service';
import { OutageSettings } from './outage-settings';
import { lastEndedPeriod } from './outage-sla.util';

/**
 * SLA.11: after each report period ends (every 3 months by config/sla/outages.json), mails that
 * period's outage report (PDF and XLSX) to the configured recipients and the supervisors through
 * the outbox, once: the delivery row, the attachments and the mail are one transaction keyed by
 * the period. The row's sent_at against its due_at is what the SLA.11 row reports.
 */
@Injectable()
export class OutageReportMailer {
  private readonly logger = new Logger('OutageReport');

  constructor(
    private readonly dataSource: DataSource,
    private readonly reports: OutageReportService,
    private readonly settings: OutageSettings,
    private readonly outbox: OutboxService,
  ) {}

  /** Returns the period it sent, or null when it was already sent or is not owed. */
  async run(now = new Date()): Promise<string | null> {
    const settings = this.settings.get().report;
    const period = lastEndedPeriod(now, settings);
    const [sent] = await this.dataSource.query(`SELECT 1 FROM outage_report_delivery WHERE period = $1`, [
      period.period,
    ]);
    if (sent) return null;
    // An installation owes no report for periods before it was in service (a fresh start on
    // 23 November does not mail a report on an empty July-September).
    const [{ owed }] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM ticket WHERE received_at < $1) OR EXISTS (SELECT 1 FROM outage WHERE started_at < $1)
                AS owed`,
      [period.endAt],
    );
    if (!owed) return null;
    const [pdf, xlsx] = await Promise.all([
      this.reports.pdf(period.from, period.to, now),
      this.reports.xlsx(period.from, period.to, now),
    ]);
    const ids: string[] = [];
    const delivered = await this.dataSource.transaction(async (em) => {
      const supervisors: { email: string }[] = settings.includeSupervisors
        ? await em.query(`SELECT email FROM app_user WHERE role = 'supervisor' AND active ORDER BY email`)
        : [];
      const added: { email: string }[] = await em.query(`SELECT email FROM outage_report_recipient`);
      const recipients = [
        ...new Set(
          [...settings.recipients, ...added.map((a) => a.email), ...supervisors.map((s) => s.email)].map(
            (a) => a.toLowerCase(),
          ),
        ),
      ];
      const [claimed] = await em.query(
        `INSERT INTO outage_report_delivery (period, period_from, period_to, due_at, sent_at, recipients)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING period`,
        [period.period, period.from, period.to, period.dueAt, now, recipients],
      );
      if (!claimed || recipients.length === 0) return !!claimed;
      const attach = async (name: string, type: string, content: Buffer) => {
        const [row] = await em.query(
          `INSERT INTO attachment (filename, content_type, size, sha256, content) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [name, type, content.length, createHash('sha256').update(content).digest('hex'), content],
        );
        return row.id as string;
      };
      const attachmentIds = [
        await attach(`interruzioni-${period.period}.pdf`, 'application/pdf', pdf),
        await attach(
          `interruzioni-${period.period}.xlsx`,
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          xlsx,
        ),
      ];
      const mail = await this.outbox.add(em, {
        ticketId: null,
        kind: 'report',
        to: recipients,
        subject: `Report interruzioni ${period.period} / Outage report ${period.period}`,
        text:
          `In allegato il report sui malfunzionamenti che hanno causato interruzioni dei servizi dal ${period.from} al ${period.to} (SLA.11).\n\n` +
          `Attached: the report on the malfunctions that caused service interruptions from ${period.from} to ${period.to} (SLA.11).`,
        attachmentIds,
      });
      ids.push(mail.id);
      await em.query(`UPDATE outage_report_delivery SET outbound_ids = $2 WHERE period = $1`, [
        period.period,
        ids,
      ]);
      return true;
    });
    await this.outbox.dispatch(ids);
    if (delivered) this.logger.log(`Outage report ${period.period} queued`);
    return delivered ? period.period : null;
  }
}
