import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { APP_CONFIG, AppConfig } from '@app/config';
import { SlaRegistry } from '@app/sla';
import { Inject, Injectable } from '@nestjs/common';

import { CONTRACT_OUTAGE_RULES, OutageClockRules } from './outage-clock.util';
import { OutageReportSchedule } from './outage-sla.util';

export interface OutageSettingsFile {
  notices: OutageClockRules;
  report: OutageReportSchedule & { recipients: string[]; includeSupervisors: boolean };
  statusPage: { days: number; title: string };
}

const DEFAULTS: OutageSettingsFile = {
  notices: CONTRACT_OUTAGE_RULES,
  report: { contractMonths: 6, everyMonths: 3, dueDays: 15, recipients: [], includeSupervisors: true },
  statusPage: { days: 30, title: 'Stato dei servizi del Centro Servizi Tecnologico' },
};

/** config/sla/outages.json (the contract's notice times, the outage report schedule, the status page). */
@Injectable()
export class OutageSettings {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sla: SlaRegistry,
  ) {}

  /** The zone local dates and times are shown and counted in: the active policy's default calendar's. */
  localZone(): Promise<string> {
    return this.sla.localZone();
  }

  /** Read each time: small, and an edit reaches every process without a restart. */
  get(): OutageSettingsFile {
    const file = join(resolve(this.config.CONFIG_DIR), 'sla', 'outages.json');
    const custom: Partial<OutageSettingsFile> = existsSync(file)
      ? JSON.parse(readFileSync(file, 'utf8'))
      : {};
    return {
      notices: { ...DEFAULTS.notices, ...custom.notices },
      report: { ...DEFAULTS.report, ...custom.report },
      statusPage: { ...DEFAULTS.statusPage, ...custom.statusPage },
    };
  }

  publicUrl(): string {
    return (this.config.PUBLIC_URL ?? `http://${this.config.HOST}:${this.config.PORT}`).replace(/\/$/, '');
  }
}
