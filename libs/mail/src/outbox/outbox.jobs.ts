import { JobRegistry } from '@app/queue';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { OutboxSenderService } from './outbox-sender.service';

export const OUTBOX_SWEEP_EVERY_MS = 30_000;

/** The sender's jobs: one mail, and the sweep that re-dispatches whatever is due (Redis may lose jobs). */
@Injectable()
export class OutboxJobs implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly sender: OutboxSenderService,
  ) {}

  onModuleInit(): void {
    this.registry.register('mail.send', async ({ outboundId }) => {
      await this.sender.sendOne(outboundId);
    });
    this.registry.register('mail.outbox-sweep', async () => {
      await this.sender.sweep();
    });
  }
}
