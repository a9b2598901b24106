export * from './attachment.repository';
export * from './attachment-export.repository';
export * from './attachment.service';
export * from './attachments.module';
