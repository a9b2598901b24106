import { MailCoreModule } from '@app/mail';
import { SlaCoreModule } from '@app/sla';
import { AttachmentsModule, TicketsCoreModule } from '@app/tickets';
import { Module } from '@nestjs/common';

import { FollowController, FollowLinksController } from './follow.controller';
import { FollowRepository } from './follow.repository';
import { FollowService } from './follow.service';
import { PublicCounters } from './public-counters';
import { PublicRequestController } from './public-request.controller';
import { PublicRequestRepository } from './public-request.repository';
import { PublicRequestService } from './public-request.service';
import { PublicRequestCleanupJob } from './public-request-cleanup.job';
import { SatisfactionReportController, SurveyController } from './satisfaction.controller';
import { SatisfactionSendJob } from './satisfaction.job';
import { SatisfactionRepository } from './satisfaction.repository';
import { SatisfactionService } from './satisfaction.service';

/** The citizens' side without HTTP (issue 20). */
@Module({
  imports: [TicketsCoreModule, AttachmentsModule, MailCoreModule, SlaCoreModule],
  providers: [
    PublicRequestRepository,
    PublicRequestService,
    PublicCounters,
    FollowRepository,
    FollowService,
    SatisfactionRepository,
    SatisfactionService,
  ],
  exports: [PublicRequestService, FollowService, SatisfactionService],
})
export class PortalCoreModule {}

/** The api side: the public request form, the follow page, staff revoking links. */
@Module({
  imports: [PortalCoreModule],
  controllers: [
    PublicRequestController,
    FollowController,
    FollowLinksController,
    SurveyController,
    SatisfactionReportController,
  ],
})
export class PortalModule {}

/** The worker side: unconfirmed requests deleted when they expire. */
@Module({ imports: [PortalCoreModule], providers: [PublicRequestCleanupJob, SatisfactionSendJob] })
export class PortalWorkerModule {}
