import { MailCoreModule } from '@app/mail';
import { AttachmentsModule, TicketsCoreModule } from '@app/tickets';
import { Module } from '@nestjs/common';

import { PublicRequestController } from './public-request.controller';
import { PublicRequestRepository } from './public-request.repository';
import { PublicRequestService } from './public-request.service';
import { PublicRequestCleanupJob } from './public-request-cleanup.job';

/** The citizens' side without HTTP (issue 20). */
@Module({
  imports: [TicketsCoreModule, AttachmentsModule, MailCoreModule],
  providers: [PublicRequestRepository, PublicRequestService],
  exports: [PublicRequestService],
})
export class PortalCoreModule {}

/** The api side: the public request form. */
@Module({ imports: [PortalCoreModule], controllers: [PublicRequestController] })
export class PortalModule {}

/** The worker side: unconfirmed requests deleted when they expire. */
@Module({ imports: [PortalCoreModule], providers: [PublicRequestCleanupJob] })
export class PortalWorkerModule {}
