import { MonitoringMailSink } from '@app/mail';
import { SlaRegistry } from '@app/sla';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { MonitoringService } from './monitoring.service';
import { parseNagiosMail } from './nagios/nagios-mail.util';
import { notificationEvents } from './nagios-notification';

/** The mails of a monitoring mailbox: a Nagios notification is recorded exactly as the webhook's. */
@Injectable()
export class NagiosMailSink implements MonitoringMailSink {
  constructor(
    private readonly monitoring: MonitoringService,
    private readonly sla: SlaRegistry,
  ) {}

  async record(em: EntityManager, mail: { text: string; date: Date | null }, now: Date) {
    // A Date/Time without a zone is the monitoring server's local time: the service centre's zone.
    const parsed = parseNagiosMail(mail.text, mail.date ?? now, await this.sla.localZone());
    if (!parsed.event) return { notification: false, ticketId: null, reason: parsed.reason };
    const e = parsed.event;
    // Every notification type as the webhook reads it: the state a DOWNTIME or ACK mail carries too.
    const events = notificationEvents({
      type: e.notificationType ?? 'PROBLEM',
      at: e.at,
      host: e.host,
      service: e.service,
      state: e.state,
      stateType: e.stateType,
      attempt: e.attempt,
      output: e.output,
      perfData: e.perfData,
      author: null,
      comment: null,
      origin: 'mail',
    });
    const result = await this.monitoring.recordAllWith(em, events, now);
    return {
      notification: true,
      ticketId: result.ticketId,
      reason:
        `Nagios ${e.notificationType} ${e.service ? `${e.host}/${e.service}` : e.host} ${e.state ?? ''}: ${result.action}`.trim(),
    };
  }
}
