import { SlaRegistry } from '@app/sla';
import { Injectable } from '@nestjs/common';

import { AlertReport, alertReport } from './alert-report.util';
import { MonitoringEventRepository } from './monitoring-event.repository';

/** Nagios alerts and warnings per local month of a year, against the year before. */
@Injectable()
export class AlertReportService {
  constructor(
    private readonly events: MonitoringEventRepository,
    private readonly sla: SlaRegistry,
  ) {}

  async report(year: number): Promise<AlertReport> {
    return alertReport(year, await this.events.alertsByMonth(year, await this.sla.localZone()));
  }
}
