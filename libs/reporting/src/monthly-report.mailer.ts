import { BusinessCalendar } from '@app/business-hours';
import { OutboxService } from '@app/mail';
import { SlaRegistry } from '@app/sla';
import { Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PeriodReportService } from './period-report.service';
import { REPORT_ZONE } from './statistics/ticket-statistics.util';

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
    private readonly registry: SlaRegistry,
    private readonly reports: PeriodReportService,
    private readonly outbox: OutboxService,
  ) {}

  /** Returns the month it sent, or null when today is not the day or it was already sent. */
  async run(now = new Date()): Promise<string | null> {
    const calendar = await this.registry.calendar('cst');
    if (!isFirstBusinessDayOfMonth(calendar, now)) return null;
    const previous = DateTime.fromJSDate(now, { zone: REPORT_ZONE }).minus({ months: 1 });
    const period = previous.toFormat('yyyy-MM');
    const [sent] = await this.dataSource.query(
      `SELECT 1 FROM report_delivery WHERE kind = 'monthly' AND period = $1`,
      [period],
    );
    if (sent) return null;
    const from = previous.startOf('month').toISODate()!;
    const to = previous.endOf('month').toISODate()!;
    const pdf = await this.reports.pdf(from, to, undefined, now);
    const ids: string[] = [];
    const delivered = await this.dataSource.transaction(async (em) => {
      const [claimed] = await em.query(
        `INSERT INTO report_delivery (kind, period) VALUES ('monthly', $1) ON CONFLICT DO NOTHING RETURNING period`,
        [period],
      );
      if (!claimed) return false;
      const supervisors: { email: string }[] = await em.query(
        `SELECT email FROM app_user WHERE role = 'supervisor' AND active ORDER BY email`,
      );
      if (supervisors.length === 0) return true;
      const [attachment] = await em.query(
        `INSERT INTO attachment (filename, content_type, size, sha256, content) VALUES ($1, 'application/pdf', $2, $3, $4) RETURNING id`,
        [`report-${period}.pdf`, pdf.length, createHash('sha256').update(pdf).digest('hex'), pdf],
      );
      const mail = await this.outbox.add(em, {
        ticketId: null,
        kind: 'report',
        to: supervisors.map((s) => s.email),
        subject: `Report mensile ${period} / Monthly report ${period}`,
        text: `In allegato il report dei livelli di servizio e delle segnalazioni di ${period}.\n\nAttached: the service level and ticket report for ${period}.`,
        attachmentIds: [attachment.id],
      });
      ids.push(mail.id);
      await em.query(`UPDATE report_delivery SET outbound_ids = $2 WHERE kind = 'monthly' AND period = $1`, [
        period,
        ids,
      ]);
      return true;
    });
    await this.outbox.dispatch(ids);
    if (delivered) this.logger.log(`Monthly report ${period} queued for the supervisors`);
    return delivered ? period : null;
  }
}
