import { APP_CONFIG, AppConfig } from '@app/config';
import { DueNotificationRow, NotificationRepository } from '@app/sla';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { subjectWithTag } from './mail-address.util';
import { OutboxService } from './outbox.service';

const BATCH = 200;

type DueNotification = DueNotificationRow;

const KIND_TEXT: Record<DueNotification['kind'], string> = {
  sla_breached: 'violato / breached',
  sla_at_risk: 'a rischio / at risk',
  outage_notice_due: 'avviso del disservizio in scadenza / outage notice due soon',
  outage_notice_breached: 'avviso del disservizio in ritardo / outage notice late',
};

/**
 * E-mails the in-app notifications whose time has come (a breach at once, an at-risk warning
 * at the next opening of the calendar), each once: the outbox row and the emailed mark are
 * written in one transaction, with rows claimed so two workers never mail the same one.
 */
@Injectable()
export class NotificationMailer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
  ) {}

  async sendDue(now = new Date()): Promise<number> {
    const ids: string[] = [];
    await this.dataSource.transaction(async (em) => {
      const rows = await this.notifications.claimDueForEmail(em, now, BATCH);
      for (const row of rows) {
        const outage = row.payload.outageId;
        const link = row.ticket_id
          ? `${this.publicUrl()}/tickets/${row.ticket_id}`
          : outage
            ? `${this.publicUrl()}/outages/${outage}`
            : this.publicUrl();
        const what = `${row.payload.code ?? 'SLA'} ${KIND_TEXT[row.kind] ?? row.kind}`;
        const text = [
          `${row.user_name},`,
          '',
          outage
            ? `il disservizio / the outage "${row.payload.title ?? ''}": ${what}.`
            : `il ticket ${row.number ?? ''} "${row.subject ?? ''}": ${what}.`,
          row.payload.dueAt ? `Scadenza / due: ${new Date(row.payload.dueAt).toISOString()}` : '',
          '',
          link,
        ].join('\n');
        const mail = await this.outbox.add(em, {
          // Not threaded into the ticket: a staff reply to this mail is not the requester writing.
          ticketId: null,
          kind: 'notification',
          to: [row.email],
          subject: row.number ? subjectWithTag(this.config.MAIL_SUBJECT_TAG, row.number, what) : what,
          text,
        });
        ids.push(mail.id);
        await this.notifications.markEmailed(em, row.id, now);
      }
    });
    await this.outbox.dispatch(ids);
    return ids.length;
  }

  private publicUrl(): string {
    return this.config.PUBLIC_URL ?? `http://${this.config.HOST}:${this.config.PORT}`;
  }
}
