import { AuditModule } from '@app/auth';
import { SlaCoreModule } from '@app/sla';
import { TicketsCoreModule } from '@app/tickets';
import { Module } from '@nestjs/common';

import { CallLogRepository } from './call-log.repository';
import { CallReportRepository } from './call-report.repository';
import { CallSweepJob } from './call-sweep.job';
import { CallTimelineService } from './call-timeline.service';
import { CallsController } from './calls.controller';
import { CtiController } from './cti.controller';
import { CtiService } from './cti.service';
import { ExtensionsController } from './extensions.controller';
import { LiveCallRepository } from './live-call.repository';
import { PhoneCallRepository } from './phone-call.repository';
import { PhoneCallFeed } from './phone-call-feed.service';
import { PhoneExtensionRepository } from './phone-extension.repository';

/**
 * The phone line joined to the help desk (issue 24): CTI events in, calls and their callers, the
 * ringing call pushed to the agents through the tickets' live stream.
 */
@Module({
  imports: [TicketsCoreModule, SlaCoreModule, AuditModule],
  providers: [
    PhoneCallRepository,
    PhoneExtensionRepository,
    CallLogRepository,
    LiveCallRepository,
    CtiService,
    CallTimelineService,
    PhoneCallFeed,
  ],
  controllers: [CtiController, CallsController, ExtensionsController],
  exports: [PhoneCallRepository, CtiService, PhoneCallFeed],
})
export class TelephonyModule {}

/** The worker side of the phone line: the sweep of calls whose hangup never came. */
@Module({
  imports: [TicketsCoreModule],
  providers: [PhoneCallRepository, CallTimelineService, CallSweepJob],
  exports: [CallSweepJob],
})
export class TelephonyWorkerModule {}

/** The phone line's figures for the reports (libs/reporting serves them under /api/reports). */
@Module({ providers: [CallReportRepository], exports: [CallReportRepository] })
export class TelephonyReportsModule {}
