import { AuditModule, AuthRetentionRepository } from '@app/auth';
import { IdempotencyKeyRepository } from '@app/common';
import { MailExportRepository, MailRetentionRepository } from '@app/mail';
import { PublicRequestPrivacyRepository } from '@app/portal/public-request-privacy.repository';
import { SlaCoreModule } from '@app/sla';
import { CallExportRepository, CallRetentionRepository } from '@app/telephony';
import {
  AttachmentExportRepository,
  AttachmentsModule,
  ContactRecordRepository,
  TicketRetentionRepository,
} from '@app/tickets';
import { Module } from '@nestjs/common';

import { ContactExportService } from './contact-export.service';
import { ContactPrivacyService } from './contact-privacy.service';
import { ContactRecordController } from './contact-record.controller';
import { ContactRecordService } from './contact-record.service';
import { ContactPrivacyController, PrivacyPolicyController } from './privacy.controller';
import { PrivacyDocumentsController, PrivacyPageController } from './privacy-documents.controller';
import { PrivacyDocumentsService } from './privacy-documents.service';
import { PrivacyPolicyRepository } from './privacy-policy.repository';
import { PrivacyPolicyService } from './privacy-policy.service';
import { RetentionJob } from './retention.job';
import { RetentionService } from './retention.service';

/**
 * Retention and people's rights (issue 18). Each table's owner lends its retention repository
 * (tickets, attachments, mail, telephony, the public form, auth, idempotency keys); this module decides what is
 * due and in what order, and writes only its own tables (privacy_policy, retention_run).
 */
@Module({
  imports: [AuditModule, SlaCoreModule, AttachmentsModule],
  providers: [
    PrivacyPolicyRepository,
    PrivacyPolicyService,
    RetentionService,
    ContactPrivacyService,
    TicketRetentionRepository,
    MailRetentionRepository,
    CallRetentionRepository,
    PublicRequestPrivacyRepository,
    AuthRetentionRepository,
    IdempotencyKeyRepository,
  ],
  exports: [PrivacyPolicyService, RetentionService, ContactPrivacyService],
})
export class PrivacyCoreModule {}

@Module({
  imports: [PrivacyCoreModule, SlaCoreModule, AuditModule],
  controllers: [
    PrivacyPolicyController,
    ContactPrivacyController,
    ContactRecordController,
    PrivacyDocumentsController,
    PrivacyPageController,
  ],
  providers: [
    PrivacyPolicyRepository,
    ContactRecordRepository,
    ContactRecordService,
    ContactExportService,
    AttachmentExportRepository,
    MailExportRepository,
    CallExportRepository,
    PublicRequestPrivacyRepository,
    PrivacyDocumentsService,
  ],
})
export class PrivacyModule {}

/** The worker's part: the nightly retention run. */
@Module({
  imports: [PrivacyCoreModule, SlaCoreModule],
  providers: [RetentionJob],
  exports: [RetentionJob],
})
export class PrivacyWorkerModule {}
