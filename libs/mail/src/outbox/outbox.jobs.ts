import { JobRegistry } from '@app/queue';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { NotificationMailer } from './notification-mailer.service';
import { OutboxSenderService } from './outbox-sender.service';

export const OUTBOX_SWEEP_EVERY_MS = 30_000;

/**
 * The sender's jobs: one mail, and the sweep that mails due notifications and re-dispatches
 * whatever is due (Redis may lose jobs).
 */
@Injectable()
export class OutboxJobs implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly sender: OutboxSenderService,
    private readonly notifications: NotificationMailer,
  ) {}

  onModuleInit(): void {
    this.registry.register('mail.send', async ({ outboundId }) => {
      await this.sender.sendOne(outboundId);
    });
    this.registry.register('mail.outbox-sweep', async () => {
      await this.notifications.sendDue();
      await this.sender.sweep();
    });
  }
}
