import { APP_CONFIG, AppConfig } from '@app/config';
import { JobDefinition, JobSchedule, QueueJob } from '@app/queue';
import { Inject, Injectable } from '@nestjs/common';

import { NagiosLogFollower } from './nagios-log.follower';
import { NagiosStatusReconciler } from './nagios-status.reconciler';

/**
 * Every NAGIOS_RECONCILE_SECONDS: the state history Nagios logged and nobody notified, then the
 * open problems made to agree with its status.dat (the log first: status.dat's picture is newer).
 */
@QueueJob()
@Injectable()
export class NagiosReconcileJob implements JobDefinition<'monitoring.reconcile'> {
  readonly name = 'monitoring.reconcile';
  readonly schedule: JobSchedule;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly follower: NagiosLogFollower,
    private readonly reconciler: NagiosStatusReconciler,
  ) {
    this.schedule = { everyMs: config.NAGIOS_RECONCILE_SECONDS * 1000 };
  }

  async handle(): Promise<void> {
    await this.follower.follow();
    await this.reconciler.run();
  }
}
