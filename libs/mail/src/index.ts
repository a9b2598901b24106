export * from './parsing';
export { MailApiModule, MailCoreModule, MailIngestModule, MailWorkerModule } from './mail.module';
export { MailIngestService } from './ingest/mail-ingest.service';
export { MailboxSupervisor } from './imap/mailbox-supervisor.service';
export { OUTBOX_SWEEP_EVERY_MS } from './outbox/outbox.jobs';
export { OutboxSenderService } from './outbox/outbox-sender.service';
export { SecretBox } from './mailboxes/secret-box.service';
export { NotificationMailer } from './outbox/notification-mailer.service';
export { OutboxService } from './outbox/outbox.service';
