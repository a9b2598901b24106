import { JobDefinition, QueueJob } from '@app/queue';
import { Injectable } from '@nestjs/common';

import { SatisfactionService } from './satisfaction.service';

/** Every five minutes: the satisfaction surveys of the resolutions since the last run (issue 20.3). */
@QueueJob()
@Injectable()
export class SatisfactionSendJob implements JobDefinition<'satisfaction.send'> {
  readonly name = 'satisfaction.send';
  readonly schedule = { everyMs: 5 * 60_000 };

  constructor(private readonly satisfaction: SatisfactionService) {}

  async handle(): Promise<void> {
    await this.satisfaction.sendDue();
  }
}
