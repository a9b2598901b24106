import { SlaCoreModule } from '@app/sla';
import { TICKET_MAILER, TicketsCoreModule } from '@app/tickets';
import { Global, Module } from '@nestjs/common';
import { MailboxSupervisor } from './imap/mailbox-supervisor.service';
import { BulkTicketIngest } from './ingest/bulk-ticket-ingest';
import { InboundMailRepository } from './ingest/inbound-mail.repository';
import { MailIngestService } from './ingest/mail-ingest.service';
import { AnswerTemplateController, MailTemplateController } from './mailboxes/mail-template.controller';
import { MailboxAdminController } from './mailboxes/mailbox-admin.controller';
import { TicketMailController } from './mailboxes/ticket-mail.controller';
import { MailboxAdminService } from './mailboxes/mailbox-admin.service';
import { MailboxRepository } from './mailboxes/mailbox.repository';
import { SecretBox } from './mailboxes/secret-box.service';
import { MailTransport } from './outbox/mail-transport.provider';
import { NotificationMailer } from './outbox/notification-mailer.service';
import { OutboxSenderService } from './outbox/outbox-sender.service';
import { MailSendJob } from './outbox/mail-send.job';
import { OutboxSweepJob } from './outbox/outbox-sweep.job';
import { MailTemplateService } from './outbox/mail-template.service';
import { OutboxService } from './outbox/outbox.service';
import { TicketReplyMailer } from './outbox/ticket-reply.mailer';

/** The outbox and the ticket mailer, global so the tickets library can send without importing this one. */
@Global()
@Module({
  providers: [
    OutboxService,
    MailTemplateService,
    TicketReplyMailer,
    { provide: TICKET_MAILER, useExisting: TicketReplyMailer },
  ],
  exports: [OutboxService, MailTemplateService, TICKET_MAILER],
})
export class MailCoreModule {}

/** Turning raw mail into tickets: used by the worker's watchers, the admin re-process and the corpus CLI. */
@Module({
  imports: [TicketsCoreModule, SlaCoreModule],
  providers: [MailIngestService, BulkTicketIngest, InboundMailRepository, MailboxRepository, SecretBox],
  exports: [MailIngestService, MailboxRepository, SecretBox],
})
export class MailIngestModule {}

/** The api side: admins' mailboxes, domain map and quarantine. */
@Module({
  imports: [MailIngestModule],
  controllers: [
    MailboxAdminController,
    MailTemplateController,
    AnswerTemplateController,
    TicketMailController,
  ],
  providers: [MailboxAdminService],
})
export class MailApiModule {}

/** The worker side: mailbox watchers and the outbox sender. */
@Module({
  imports: [MailIngestModule],
  providers: [
    MailTransport,
    OutboxSenderService,
    NotificationMailer,
    MailSendJob,
    OutboxSweepJob,
    MailboxSupervisor,
  ],
  exports: [OutboxSenderService, NotificationMailer, MailboxSupervisor],
})
export class MailWorkerModule {}
