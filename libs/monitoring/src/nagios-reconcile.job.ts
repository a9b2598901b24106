import { APP_CONFIG, AppConfig } from '@app/config';
import { JobDefinition, JobSchedule, QueueJob } from '@app/queue';
import { Inject, Injectable } from '@nestjs/common';

import { NagiosStatusReconciler } from './nagios-status.reconciler';

/** Reconciles open problems with Nagios's status.dat, every NAGIOS_RECONCILE_SECONDS. */
@QueueJob()
@Injectable()
export class NagiosReconcileJob implements JobDefinition<'monitoring.reconcile'> {
  readonly name = 'monitoring.reconcile';
  readonly schedule: JobSchedule;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly reconciler: NagiosStatusReconciler,
  ) {
    this.schedule = { everyMs: config.NAGIOS_RECONCILE_SECONDS * 1000 };
  }

  async handle(): Promise<void> {
    await this.reconciler.run();
  }
}
