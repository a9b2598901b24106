import { BusinessCalendar } from '@app/business-hours';
import { OutboxService } from '@app/mail';
import { SlaRegistry } from '@app/sla';
import { AttachmentService } from '@app/tickets';
import { Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';

import { PeriodReportService } from './period-report.service';
import { ReportDeliveryRepository } from './report-delivery.repository';

/** True on the first local date of its month that has open time in the calendar. */
export function isFirstBusinessDayOfMonth(calendar: BusinessCalendar, at: Date): boolean {
  const local = DateTime.fromJSDate(at, { zone: calendar.timeZone });
  const today = local.startOf('day');
  const openToday = calendar.openIntervals(today.toJSDate(), today.plus({ days: 1 }).toJSDate()).length > 0;
  const openBefore = calendar.openIntervals(local.startOf('month').toJSDate(), today.toJSDate()).length > 0;
  return openToday && !openBefore;
}

/**
 * On the first business day of each month, e-mails the previous month's period report (PDF) to
 * the active supervisors through the outbox. The delivery row, the attachment and the outbox
 * mail are one transaction keyed by the month, so it goes out once whatever the workers do.
 */
@Injectable()
export class MonthlyReportMailer {
  private readonly logger = new Logger('MonthlyReport');

  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: ReportDeliveryRepository,
    private readonly files: AttachmentService,
    private readonly registry: SlaRegistry,
    private readonly reports: PeriodReportService,
    private readonly outbox: OutboxService,
  ) {}

  /** Returns the month it sent, or null when today is not the day or it was already sent. */
  async run(now = new Date()): Promise<string | null> {
    const calendar = await this.registry.defaultCalendar();
    if (!isFirstBusinessDayOfMonth(calendar, now)) return null;
    const previous = DateTime.fromJSDate(now, { zone: calendar.timeZone }).minus({ months: 1 });
    const period = previous.toFormat('yyyy-MM');
    if (await this.deliveries.sent('monthly', period)) return null;
    const from = previous.startOf('month').toISODate()!;
    const to = previous.endOf('month').toISODate()!;
    const pdf = await this.reports.pdf(from, to, undefined, now);
    const ids: string[] = [];
    const delivered = await this.dataSource.transaction(async (em) => {
      if (!(await this.deliveries.claim(em, 'monthly', period))) return false;
      const supervisors = await this.deliveries.activeSupervisorEmails(em);
      if (supervisors.length === 0) return true;
      const attachmentId = await this.files.storeDocument(em, `report-${period}.pdf`, 'application/pdf', pdf);
      const mail = await this.outbox.add(em, {
        ticketId: null,
        kind: 'report',
        to: supervisors,
        subject: `Report mensile ${period} / Monthly report ${period}`,
        text: `In allegato il report dei livelli di servizio e delle segnalazioni di ${period}.\n\nAttached: the service level and ticket report for ${period}.`,
        attachmentIds: [attachmentId],
      });
      ids.push(mail.id);
      await this.deliveries.setOutboundIds(em, 'monthly', period, ids);
      return true;
    });
    await this.outbox.dispatch(ids);
    if (delivered) this.logger.log(`Monthly report ${period} queued for the supervisors`);
    return delivered ? period : null;
  }
}
