export * from './parsing';
export {
  MailApiModule,
  MailCoreModule,
  MailIngestModule,
  MailOutboxModule,
  MailWorkerModule,
  TicketMailerModule,
} from './mail.module';
export { MailIngestService } from './ingest/mail-ingest.service';
export { MailboxSupervisor } from './imap/mailbox-supervisor.service';
export { OUTBOX_SWEEP_EVERY_MS } from './outbox/outbox-sweep.job';
export { OutboxSenderService } from './outbox/outbox-sender.service';
export { SecretBox } from './mailboxes/secret-box.service';
export { NotificationMailer } from './outbox/notification-mailer.service';
export { OutboxService } from './outbox/outbox.service';
export { FollowLinks } from './outbox/follow-links.service';
export { MailTemplateService } from './outbox/mail-template.service';
export { renderTemplate } from './outbox/mail-templates';
export { privacyNoticeUrl, publicBaseUrl } from './outbox/public-links.util';
export { subjectWithTag } from './outbox/mail-address.util';
export { formatByteLimit, normaliseContentType, sanitiseFilename } from './parsing/attachment.util';
export type { TemplateCode, TemplateLanguage } from './outbox/mail-templates';
export { MONITORING_MAIL_SINK } from './ingest/monitoring-mail.sink';
export type { MonitoringMailSink } from './ingest/monitoring-mail.sink';
export { MailRetentionRepository } from './mail-retention.repository';
export { MailExportRepository } from './mail-export.repository';
export type { ExportedInboundRow, ExportedOutboundRow } from './mail-export.repository';
