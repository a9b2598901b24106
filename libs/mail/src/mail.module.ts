import { SlaCoreModule } from '@app/sla';
import { AttachmentsModule, TICKET_MAILER, TicketsCoreModule, TicketWriterModule } from '@app/tickets';
import { Global, Module } from '@nestjs/common';

import { MailboxSupervisor } from './imap/mailbox-supervisor.service';
import { BulkTicketIngest } from './ingest/bulk-ticket-ingest';
import { InboundMailRepository } from './ingest/inbound-mail.repository';
import { MailIngestService } from './ingest/mail-ingest.service';
import { MailAdminRepository } from './mailboxes/mail-admin.repository';
import { AnswerTemplateController, MailTemplateController } from './mailboxes/mail-template.controller';
import { MailboxRepository } from './mailboxes/mailbox.repository';
import { MailboxAdminController } from './mailboxes/mailbox-admin.controller';
import { MailboxAdminService } from './mailboxes/mailbox-admin.service';
import { SecretBox } from './mailboxes/secret-box.service';
import { TicketMailController } from './mailboxes/ticket-mail.controller';
import { FollowLinks } from './outbox/follow-links.service';
import { MailSendJob } from './outbox/mail-send.job';
import { MailTemplateRepository } from './outbox/mail-template.repository';
import { MailTemplateService } from './outbox/mail-template.service';
import { MailTransport } from './outbox/mail-transport.provider';
import { NotificationMailer } from './outbox/notification-mailer.service';
import { OutboundMailRepository } from './outbox/outbound-mail.repository';
import { OutboxService } from './outbox/outbox.service';
import { OutboxSenderService } from './outbox/outbox-sender.service';
import { OutboxSweepJob } from './outbox/outbox-sweep.job';
import { TicketReplyMailer } from './outbox/ticket-reply.mailer';

/** The outbox and the mail templates: imported by every module that queues mail. */
@Module({
  providers: [
    OutboxService,
    MailTemplateService,
    OutboundMailRepository,
    MailTemplateRepository,
    FollowLinks,
  ],
  exports: [OutboxService, MailTemplateService, OutboundMailRepository, FollowLinks],
})
export class MailOutboxModule {}

/**
 * The agent's e-mail answer behind the tickets' TICKET_MAILER port. The one global module of the
 * domain: libs/tickets declares the port and cannot import this library (which builds on it), so
 * the binding reaches TicketService from wherever MailCoreModule is loaded.
 */
@Global()
@Module({
  imports: [MailOutboxModule, AttachmentsModule],
  providers: [TicketReplyMailer, { provide: TICKET_MAILER, useExisting: TicketReplyMailer }],
  exports: [TICKET_MAILER],
})
export class TicketMailerModule {}

/** The outbox, the templates and the ticket mailer: what a process that sends mail loads. */
@Module({
  imports: [MailOutboxModule, TicketMailerModule],
  exports: [MailOutboxModule, TicketMailerModule],
})
export class MailCoreModule {}

/** Turning raw mail into tickets: used by the worker's watchers, the admin re-process and the corpus CLI. */
@Module({
  imports: [MailOutboxModule, TicketsCoreModule, SlaCoreModule, AttachmentsModule],
  providers: [MailIngestService, BulkTicketIngest, InboundMailRepository, MailboxRepository, SecretBox],
  exports: [MailIngestService, MailboxRepository, SecretBox],
})
export class MailIngestModule {}

/** The api side: admins' mailboxes, domain map and quarantine. */
@Module({
  imports: [MailOutboxModule, MailIngestModule],
  controllers: [
    MailboxAdminController,
    MailTemplateController,
    AnswerTemplateController,
    TicketMailController,
  ],
  providers: [MailboxAdminService, MailAdminRepository],
})
export class MailApiModule {}

/** The worker side: mailbox watchers and the outbox sender (a mail that fails for good joins the ticket's timeline). */
@Module({
  imports: [MailOutboxModule, MailIngestModule, TicketWriterModule, SlaCoreModule, AttachmentsModule],
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
