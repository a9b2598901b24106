import type { EntityManager } from 'typeorm';

/**
 * Where the mails of a mailbox flagged as monitoring go (Nagios notifications): the monitoring
 * library provides it, so this library does not depend on that one.
 */
export interface MonitoringMailSink {
  /**
   * Records the notification in the ingesting transaction. `notification: false` when the mail
   * is not a Nagios notification (the reason says why); a notification already known (the
   * webhook got it first) is still one.
   */
  record(
    em: EntityManager,
    mail: { text: string; date: Date | null },
    now: Date,
  ): Promise<{ notification: boolean; ticketId: string | null; reason: string }>;
}

export const MONITORING_MAIL_SINK = Symbol('MONITORING_MAIL_SINK');
