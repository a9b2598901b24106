import { JobDefinition, JobPayloads, QueueJob } from '@app/queue';
import { Injectable } from '@nestjs/common';

import { OutboxSenderService } from './outbox-sender.service';

/** Sends one outbox row (its state is in PostgreSQL; the job only wakes the sender). */
@QueueJob()
@Injectable()
export class MailSendJob implements JobDefinition<'mail.send'> {
  readonly name = 'mail.send';

  constructor(private readonly sender: OutboxSenderService) {}

  async handle({ outboundId }: JobPayloads['mail.send']): Promise<void> {
    await this.sender.sendOne(outboundId);
  }
}
