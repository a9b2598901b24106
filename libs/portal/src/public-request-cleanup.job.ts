import { JobDefinition, QueueJob } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';

import { PublicRequestService } from './public-request.service';

/** Hourly: public requests never confirmed, past their link's validity, are deleted with their files. */
@QueueJob()
@Injectable()
export class PublicRequestCleanupJob implements JobDefinition<'public-requests.cleanup'> {
  readonly name = 'public-requests.cleanup';
  readonly schedule = { everyMs: 3_600_000 };
  private readonly log = new Logger('PublicRequests');

  constructor(private readonly requests: PublicRequestService) {}

  async handle(): Promise<void> {
    const deleted = await this.requests.deleteExpired();
    if (deleted) this.log.log(`${deleted} unconfirmed public requests deleted`);
  }
}
