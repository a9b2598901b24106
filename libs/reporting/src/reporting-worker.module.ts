import { JobRegistry } from '@app/queue';
import { SlaCoreModule } from '@app/sla';
import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { MonthlyReportMailer } from './monthly-report.mailer';
import { ReportingCoreModule } from './reporting.module';

export const MONTHLY_REPORT_CHECK_EVERY_MS = 3_600_000;

@Injectable()
class ReportJobs implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly monthly: MonthlyReportMailer,
  ) {}

  onModuleInit(): void {
    this.registry.register('reports.monthly', async () => {
      await this.monthly.run();
    });
  }
}

/** The worker side of reporting: the scheduled monthly mailing. */
@Module({
  imports: [ReportingCoreModule, SlaCoreModule],
  providers: [MonthlyReportMailer, ReportJobs],
  exports: [MonthlyReportMailer],
})
export class ReportingWorkerModule {}
