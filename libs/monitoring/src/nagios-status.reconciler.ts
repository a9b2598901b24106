import { readFile } from 'node:fs/promises';

import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { MonitoringService, ReconcileResult } from './monitoring.service';
import { parseStatusDat } from './nagios';
import { decodeNagiosLog } from './nagios-import.util';

/**
 * The worker's `monitoring.reconcile` job: Nagios does not retry a notification the help desk
 * missed (api down, network), so its own status file is read on a schedule and the open problems
 * made to agree with it.
 */
@Injectable()
export class NagiosStatusReconciler {
  private readonly log = new Logger('NagiosReconcile');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly monitoring: MonitoringService,
  ) {}

  /** Null when NAGIOS_STATUS_FILE is not set; a missing or unreadable file is an error (logged by the job). */
  async run(now = new Date()): Promise<ReconcileResult | null> {
    const file = this.config.NAGIOS_STATUS_FILE;
    if (!file) return null;
    // Written in the bytes plugins print: UTF-8 when valid, else Windows-1252 (as the logs).
    const statuses = parseStatusDat(decodeNagiosLog(await readFile(file)).text);
    const result = await this.monitoring.reconcile(statuses, now);
    if (result.changes || result.opened || result.closed) {
      this.log.log(
        `${file}: ${result.objects} objects, ${result.changes} state changes, ${result.opened} opened, ${result.closed} closed`,
      );
    }
    return result;
  }
}
