import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The e-mail channel: mailboxes (with a lease so one worker holds each), every inbound mail kept
 * raw with its outcome, the IMAP positions already ingested, the Message-IDs a ticket is known
 * by (threading), attachments, the outbox, editable templates, and the domain-to-ente map.
 */
export class MailChannel1795300000003 implements MigrationInterface {
  name = 'MailChannel1795300000003';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "mailbox" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "name" text NOT NULL,
      "address" text NOT NULL,
      "imap_host" text NOT NULL,
      "imap_port" integer NOT NULL,
      "imap_tls" boolean NOT NULL DEFAULT true,
      "imap_user" text NOT NULL,
      "imap_password_enc" text,
      "folder" text NOT NULL DEFAULT 'INBOX',
      "processed_folder" text,
      "default_ente_id" uuid,
      "default_category_id" uuid,
      "active" boolean NOT NULL DEFAULT true,
      "lease_owner" text,
      "lease_until" TIMESTAMP WITH TIME ZONE,
      "last_polled_at" TIMESTAMP WITH TIME ZONE,
      "last_error" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "mailbox_pk" PRIMARY KEY ("id"),
      CONSTRAINT "mailbox_ente_fk" FOREIGN KEY ("default_ente_id") REFERENCES "ente"("id"),
      CONSTRAINT "mailbox_category_fk" FOREIGN KEY ("default_category_id") REFERENCES "category"("id"))`);
    await q.query(`CREATE UNIQUE INDEX "mailbox_address_uq" ON "mailbox" (lower("address"))`);

    await q.query(`CREATE TABLE "ente_domain" (
      "domain" text NOT NULL,
      "ente_id" uuid NOT NULL,
      CONSTRAINT "ente_domain_pk" PRIMARY KEY ("domain"),
      CONSTRAINT "ente_domain_ente_fk" FOREIGN KEY ("ente_id") REFERENCES "ente"("id"))`);

    await q.query(`ALTER TABLE "ticket" ADD "needs_review" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "ticket" ADD "related_ticket_id" uuid`);
    await q.query(
      `ALTER TABLE "ticket" ADD CONSTRAINT "ticket_related_fk" FOREIGN KEY ("related_ticket_id") REFERENCES "ticket"("id")`,
    );

    // Every mail that reached the help desk, raw, with what became of it. Once per dedup key: the
    // Message-ID with a hash of the body, so the same mail delivered to two mailboxes is one mail,
    // while two different mails from a sender that reuses Message-IDs are two.
    await q.query(`CREATE TABLE "inbound_mail" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "message_id" text NOT NULL,
      "dedup_key" text NOT NULL,
      "mailbox_id" uuid,
      "raw" bytea NOT NULL,
      "raw_sha256" text NOT NULL,
      "size" integer NOT NULL,
      "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "from_address" text,
      "subject" text,
      "kind" text,
      "outcome" text NOT NULL,
      "reason" text,
      "ticket_id" uuid,
      "parse_problems" jsonb NOT NULL DEFAULT '[]',
      "processed_at" TIMESTAMP WITH TIME ZONE,
      "reprocessed_count" integer NOT NULL DEFAULT 0,
      CONSTRAINT "inbound_mail_pk" PRIMARY KEY ("id"),
      CONSTRAINT "inbound_mail_dedup_uq" UNIQUE ("dedup_key"),
      CONSTRAINT "inbound_mail_outcome_chk" CHECK ("outcome" IN
        ('ticket_created', 'reply_added', 'ignored', 'receipt', 'bounce', 'quarantined')),
      CONSTRAINT "inbound_mail_mailbox_fk" FOREIGN KEY ("mailbox_id") REFERENCES "mailbox"("id"),
      CONSTRAINT "inbound_mail_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id"))`);
    await q.query(`CREATE INDEX "inbound_mail_message_id_idx" ON "inbound_mail" ("message_id")`);
    await q.query(
      `CREATE INDEX "inbound_mail_quarantine_idx" ON "inbound_mail" ("received_at" DESC) WHERE "outcome" IN ('quarantined', 'ignored')`,
    );

    // Where each ingested mail sat on the server: recorded in the ingesting transaction.
    await q.query(`CREATE TABLE "inbound_position" (
      "mailbox_id" uuid NOT NULL,
      "uidvalidity" bigint NOT NULL,
      "uid" bigint NOT NULL,
      "inbound_mail_id" uuid NOT NULL,
      "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "inbound_position_pk" PRIMARY KEY ("mailbox_id", "uidvalidity", "uid"),
      CONSTRAINT "inbound_position_mailbox_fk" FOREIGN KEY ("mailbox_id") REFERENCES "mailbox"("id"),
      CONSTRAINT "inbound_position_mail_fk" FOREIGN KEY ("inbound_mail_id") REFERENCES "inbound_mail"("id"))`);

    // Threading: every Message-ID the help desk sent or received, and its ticket.
    await q.query(`CREATE TABLE "mail_message_ref" (
      "message_id" text NOT NULL,
      "ticket_id" uuid NOT NULL,
      "direction" text NOT NULL CONSTRAINT "mail_message_ref_direction_chk" CHECK ("direction" IN ('in', 'out')),
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "mail_message_ref_pk" PRIMARY KEY ("message_id"),
      CONSTRAINT "mail_message_ref_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id"))`);

    await q.query(`CREATE TABLE "outbound_mail" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "ticket_id" uuid,
      "kind" text NOT NULL,
      "message_id" text NOT NULL,
      "from_address" text NOT NULL,
      "to_addresses" text[] NOT NULL,
      "cc_addresses" text[] NOT NULL DEFAULT '{}',
      "subject" text NOT NULL,
      "text_body" text NOT NULL,
      "html_body" text,
      "in_reply_to" text,
      "references" text[] NOT NULL DEFAULT '{}',
      "attachment_ids" uuid[] NOT NULL DEFAULT '{}',
      "status" text NOT NULL DEFAULT 'pending',
      "attempts" integer NOT NULL DEFAULT 0,
      "last_error" text,
      "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "sending_since" TIMESTAMP WITH TIME ZONE,
      "sent_at" TIMESTAMP WITH TIME ZONE,
      "failed_at" TIMESTAMP WITH TIME ZONE,
      "delivery" jsonb NOT NULL DEFAULT '[]',
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "outbound_mail_pk" PRIMARY KEY ("id"),
      CONSTRAINT "outbound_mail_message_id_uq" UNIQUE ("message_id"),
      CONSTRAINT "outbound_mail_status_chk" CHECK ("status" IN ('pending', 'sending', 'sent', 'failed')),
      CONSTRAINT "outbound_mail_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id"))`);
    await q.query(
      `CREATE INDEX "outbound_mail_due_idx" ON "outbound_mail" ("next_attempt_at") WHERE "status" IN ('pending', 'sending')`,
    );
    await q.query(`CREATE INDEX "outbound_mail_ticket_idx" ON "outbound_mail" ("ticket_id")`);
    // The acknowledgement limit per sender counts recent acknowledgements to one address.
    await q.query(
      `CREATE INDEX "outbound_mail_ack_idx" ON "outbound_mail" ((to_addresses[1]), "created_at") WHERE "kind" = 'ack'`,
    );

    await q.query(`CREATE TABLE "attachment" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "ticket_id" uuid,
      "inbound_mail_id" uuid,
      "filename" text NOT NULL,
      "content_type" text NOT NULL,
      "size" integer NOT NULL,
      "sha256" text NOT NULL,
      "content" bytea NOT NULL,
      "inline" boolean NOT NULL DEFAULT false,
      "content_id" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "attachment_pk" PRIMARY KEY ("id"),
      CONSTRAINT "attachment_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id"),
      CONSTRAINT "attachment_inbound_fk" FOREIGN KEY ("inbound_mail_id") REFERENCES "inbound_mail"("id"))`);
    await q.query(`CREATE INDEX "attachment_ticket_idx" ON "attachment" ("ticket_id")`);
    await q.query(`CREATE INDEX "attachment_inbound_idx" ON "attachment" ("inbound_mail_id")`);

    await q.query(`CREATE TABLE "mail_template" (
      "code" text NOT NULL,
      "language" text NOT NULL,
      "subject" text NOT NULL,
      "body" text NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "mail_template_pk" PRIMARY KEY ("code", "language"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "mail_template"`);
    await q.query(`DROP TABLE "attachment"`);
    await q.query(`DROP TABLE "outbound_mail"`);
    await q.query(`DROP TABLE "mail_message_ref"`);
    await q.query(`DROP TABLE "inbound_position"`);
    await q.query(`DROP TABLE "inbound_mail"`);
    await q.query(`ALTER TABLE "ticket" DROP CONSTRAINT "ticket_related_fk"`);
    await q.query(`ALTER TABLE "ticket" DROP COLUMN "related_ticket_id"`);
    await q.query(`ALTER TABLE "ticket" DROP COLUMN "needs_review"`);
    await q.query(`DROP TABLE "ente_domain"`);
    await q.query(`DROP TABLE "mailbox"`);
  }
}
