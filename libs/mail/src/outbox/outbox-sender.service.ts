import { inSpan } from '@app/common';
import { MetricsService } from '@app/metrics';
import { AttachmentRepository, TicketWriter } from '@app/tickets';
import { Injectable, Logger } from '@nestjs/common';

import { MailTransport, PermanentSendError } from './mail-transport.provider';
import { OutboundKind, OutboundMailRepository } from './outbound-mail.repository';
import { OutboxService } from './outbox.service';

/** After this many attempts a mail is failed for good (about a day of retries with the backoff). */
export const MAX_SEND_ATTEMPTS = 8;
/** A row left 'sending' this long belongs to a worker that died mid-send: it is tried again. */
const STALE_SENDING_MS = 2 * 60_000;
const SWEEP_BATCH = 200;

/**
 * RFC 3834 marks automatic mail (acknowledgements, notifications, refusals, scheduled reports) as
 * Auto-Submitted, so that responders stay silent. An agent's answer is a person writing: it
 * carries no Auto-Submitted (issue 16.22), and asks Exchange to hold back only out-of-office and
 * auto-replies, never the delivery reports that tell the agent the citizen did not get it.
 */
export function outboundHeaders(kind: OutboundKind): Record<string, string> {
  if (kind === 'reply') return { 'X-Auto-Response-Suppress': 'OOF, AutoReply' };
  return { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };
}

/** Exponential backoff from 30 s, capped at an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * Sends outbox rows. A row is claimed and its attempt recorded in one commit before the SMTP
 * conversation, and marked sent in another after it. A worker that dies in between leaves the
 * row 'sending'; it is sent again later with the SAME Message-ID, so the receiving servers and
 * clients see one message (delivery to SMTP is at least once, identity exactly once).
 */
@Injectable()
export class OutboxSenderService {
  private readonly logger = new Logger('OutboxSender');

  constructor(
    private readonly mails: OutboundMailRepository,
    private readonly files: AttachmentRepository,
    private readonly transport: MailTransport,
    private readonly outbox: OutboxService,
    private readonly metrics: MetricsService,
    private readonly writer: TicketWriter,
  ) {}

  /** Sends one row if it is due; returns what happened (for logs and tests). */
  async sendOne(id: string, now = new Date()): Promise<'sent' | 'retry' | 'failed' | 'skipped'> {
    const row = await this.mails.claim(id, now, new Date(now.getTime() - STALE_SENDING_MS));
    if (!row) return 'skipped';
    const attachments = row.attachment_ids.length ? await this.files.contents(row.attachment_ids) : [];
    try {
      await inSpan('smtp.send', { 'mail.kind': row.kind, 'mail.attempt': row.attempts }, () =>
        this.transport.send({
          messageId: row.message_id,
          from: row.from_address,
          to: row.to_addresses,
          cc: row.cc_addresses.length ? row.cc_addresses : undefined,
          subject: row.subject,
          text: row.text_body,
          html: row.html_body ?? undefined,
          inReplyTo: row.in_reply_to ?? undefined,
          references: row.references.length ? row.references : undefined,
          headers: outboundHeaders(row.kind),
          attachments: attachments.map((a) => ({
            filename: a.filename,
            contentType: a.content_type,
            content: a.content,
          })),
        }),
      );
    } catch (error) {
      this.metrics.smtpFailures.inc();
      const permanent = error instanceof PermanentSendError || row.attempts >= MAX_SEND_ATTEMPTS;
      const reason = error instanceof Error ? error.message : String(error);
      await this.mails.transaction(async (em) => {
        if (permanent) {
          await this.mails.markFailed(em, row.id, reason.slice(0, 2000));
          if (row.ticket_id) {
            await this.writer.append(em, row.ticket_id, null, [
              {
                type: 'mail_failed',
                occurredAt: new Date(),
                payload: { outboundId: row.id, messageId: row.message_id, to: row.to_addresses, reason },
              },
            ]);
          }
        } else {
          await this.mails.scheduleRetry(em, row.id, reason.slice(0, 2000), retryDelayMs(row.attempts));
        }
      });
      this.logger.warn(
        `Mail ${row.message_id} attempt ${row.attempts} ${permanent ? 'failed for good' : 'failed'}: ${reason}`,
      );
      return permanent ? 'failed' : 'retry';
    }
    await this.mails.markSent(row.id);
    return 'sent';
  }

  /** Re-dispatches what is due: pending rows past their retry instant and rows stuck 'sending'. */
  async sweep(now = new Date()): Promise<number> {
    const ids = await this.mails.due(now, new Date(now.getTime() - STALE_SENDING_MS), SWEEP_BATCH);
    await this.outbox.dispatch(ids);
    return ids.length;
  }
}
