import { OutboxService } from '@app/mail';
import { AttachmentService } from '@app/tickets';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OutageReportService } from './outage-report.service';
import { OutageReportDeliveryRepository } from './outage-report-delivery.repository';
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
    private readonly deliveries: OutageReportDeliveryRepository,
    private readonly files: AttachmentService,
    private readonly reports: OutageReportService,
    private readonly settings: OutageSettings,
    private readonly outbox: OutboxService,
  ) {}

  /** Returns the period it sent, or null when it was already sent or is not owed. */
  async run(now = new Date()): Promise<string | null> {
    const settings = this.settings.get().report;
    const period = lastEndedPeriod(now, settings, await this.settings.localZone());
    if (await this.deliveries.sent(period.period)) return null;
    // An installation owes no report for periods before it was in service (a fresh start on
    // 23 November does not mail a report on an empty July-September).
    if (!(await this.deliveries.inServiceBefore(period.endAt))) return null;
    const [pdf, xlsx] = await Promise.all([
      this.reports.pdf(period.from, period.to, now),
      this.reports.xlsx(period.from, period.to, now),
    ]);
    const ids: string[] = [];
    const delivered = await this.dataSource.transaction(async (em) => {
      const supervisors = settings.includeSupervisors ? await this.deliveries.activeSupervisorEmails(em) : [];
      const added = await this.deliveries.addedRecipients(em);
      const recipients = [
        ...new Set([...settings.recipients, ...added, ...supervisors].map((a) => a.toLowerCase())),
      ];
      const claimed = await this.deliveries.claim(em, {
        period: period.period,
        from: period.from,
        to: period.to,
        dueAt: period.dueAt,
        sentAt: now,
        recipients,
      });
      if (!claimed || recipients.length === 0) return claimed;
      const attach = (name: string, type: string, content: Buffer) =>
        this.files.storeDocument(em, name, type, content);
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
      await this.deliveries.setOutboundIds(em, period.period, ids);
      return true;
    });
    await this.outbox.dispatch(ids);
    if (delivered) this.logger.log(`Outage report ${period.period} queued`);
    return delivered ? period.period : null;
  }
}
