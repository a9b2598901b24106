import { JobDefinition, QueueJob } from '@app/queue';
import { Injectable } from '@nestjs/common';

import { NotificationMailer } from './notification-mailer.service';
import { OutboxSenderService } from './outbox-sender.service';

export const OUTBOX_SWEEP_EVERY_MS = 30_000;

/** Mails due notifications and re-dispatches whatever is due (Redis may lose jobs). */
@QueueJob()
@Injectable()
export class OutboxSweepJob implements JobDefinition<'mail.outbox-sweep'> {
  readonly name = 'mail.outbox-sweep';
  readonly schedule = { everyMs: OUTBOX_SWEEP_EVERY_MS };

  constructor(
    private readonly sender: OutboxSenderService,
    private readonly notifications: NotificationMailer,
  ) {}

  async handle(): Promise<void> {
    await this.notifications.sendDue();
    await this.sender.sweep();
  }
}
