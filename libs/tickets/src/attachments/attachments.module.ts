import { Module } from '@nestjs/common';

import { AttachmentRepository } from './attachment.repository';
import { AttachmentService } from './attachment.service';

/** The `attachment` table's owner: imported by mail ingestion, the outbox and the report mailers. */
@Module({
  providers: [AttachmentRepository, AttachmentService],
  exports: [AttachmentRepository, AttachmentService],
})
export class AttachmentsModule {}
