import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { subjectWithTag } from './mail-address.util';
import { OutboxService } from './outbox.service';

const BATCH = 200;

interface DueNotification {
  id: string;
  kind: 'sla_at_risk' | 'sla_breached' | 'outage_notice_due' | 'outage_notice_breached';
  payload: { code?: string; dueAt?: string; warnAt?: string; outageId?: string; title?: string };
  email: string;
  user_name: string;
  ticket_id: string | null;
  number: string | null;
  subject: string | null;
}

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
  ) {}

  async sendDue(now = new Date()): Promise<number> {
    const ids: string[] = [];
    await this.dataSource.transaction(async (em) => {
      const rows = await em.query<DueNotification[]>(
        `SELECT n.id, n.kind, n.payload, u.email, u.name AS user_name, t.id AS ticket_id, t.number, t.subject
           FROM notification n
           JOIN app_user u ON u.id = n.user_id
           LEFT JOIN ticket t ON t.id = n.ticket_id
          WHERE n.emailed_at IS NULL AND n.email_after <= $1 AND u.active
          ORDER BY n.email_after
          LIMIT ${BATCH}
          FOR UPDATE OF n SKIP LOCKED`,
        [now],
      );
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
        await em.query<unknown>(`UPDATE notification SET emailed_at = $2 WHERE id = $1`, [row.id, now]);
      }
    });
    await this.outbox.dispatch(ids);
    return ids.length;
  }

  private publicUrl(): string {
    return this.config.PUBLIC_URL ?? `http://${this.config.HOST}:${this.config.PORT}`;
  }
}
