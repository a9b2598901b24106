import { AuditService, AuthRetentionRepository, AuthRetentionTarget } from '@app/auth';
import { IdempotencyKeyRepository } from '@app/common';
import { MailRetentionRepository } from '@app/mail';
import { PublicRequestPrivacyRepository } from '@app/portal/public-request-privacy.repository';
import { CallRetentionRepository } from '@app/telephony';
import { AttachmentRepository, TicketRetentionRepository, TicketStage } from '@app/tickets';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { PrivacyPolicyRepository, RetentionRunRow } from './privacy-policy.repository';
import { PrivacyPolicyService } from './privacy-policy.service';
import type { DataClass } from './privacy-policy.types';
import { retentionCutoffs } from './retention-plan';

export type RetentionSummary = Record<DataClass, Record<string, number>>;

export interface RetentionOptions {
  asOf: Date;
  dryRun: boolean;
  trigger: RetentionRunRow['trigger'];
  /** The nightly run's local date: a second worker finds it taken and does nothing. */
  scheduleDate?: string;
  batchSize?: number;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface RetentionResult {
  runId: string;
  asOf: Date;
  dryRun: boolean;
  policyVersion: number;
  summary: RetentionSummary;
}

const BATCH = 500;

/**
 * The retention run (issue 18.2): deletes or anonymises what is past its time, class by class, in
 * batches of one transaction each. An interrupted run loses nothing: what it did is committed,
 * and the next run finds only what is left (every step selects what is due and not yet done).
 * Each table's owner does its own part; this service only decides what is due and in what order.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly policies: PrivacyPolicyService,
    private readonly runs: PrivacyPolicyRepository,
    private readonly tickets: TicketRetentionRepository,
    private readonly attachments: AttachmentRepository,
    private readonly mail: MailRetentionRepository,
    private readonly calls: CallRetentionRepository,
    private readonly publicRequests: PublicRequestPrivacyRepository,
    private readonly auth: AuthRetentionRepository,
    private readonly idempotency: IdempotencyKeyRepository,
    private readonly audit: AuditService,
  ) {}

  /** Null when the nightly run of `scheduleDate` was already started by another worker. */
  async run(options: RetentionOptions): Promise<RetentionResult | null> {
    const policy = await this.policies.active();
    const runId = await this.runs.startRun(
      { asOf: options.asOf, dryRun: options.dryRun, policyVersion: policy.version, trigger: options.trigger },
      options.scheduleDate,
    );
    if (!runId) return null;
    const cutoffs = retentionCutoffs(policy.definition.retention, options.asOf);
    const summary = {} as RetentionSummary;
    const step = new StepRunner(options, this.logger);
    try {
      summary.rawMail = await this.rawMail(cutoffs.rawMail, step);
      summary.messageBodies = await this.messageBodies(cutoffs.messageBodies, step);
      summary.contactDetails = await this.contactDetails(cutoffs.contactDetails, step);
      summary.outboundMail = await this.outboundMail(cutoffs.outboundMail, step);
      summary.auditLog = { entries: await this.deleteAuth('auditLog', cutoffs.auditLog, step) };
      summary.sessions = {
        sessions: await this.deleteAuth('sessions', cutoffs.sessions, step),
        signInAttempts: await this.deleteAuth('signInAttempts', cutoffs.sessions, step),
        oidcLogins: await this.deleteAuth('oidcLogins', cutoffs.sessions, step),
        idempotencyKeys: options.dryRun
          ? 0
          : await step.drain('sessions.idempotencyKeys', 0, () =>
              this.idempotency.deleteCreatedBefore(cutoffs.sessions, step.batch),
            ),
      };
    } catch (error) {
      await this.runs.finishRun(runId, summary, error instanceof Error ? error.message : String(error));
      throw error;
    }
    await this.runs.finishRun(runId, summary, null);
    await this.audit.record({
      actorId: null,
      action: options.dryRun ? 'privacy.retention_planned' : 'privacy.retention_run',
      targetType: 'retention_run',
      targetId: runId,
      details: {
        asOf: options.asOf.toISOString(),
        policyVersion: policy.version,
        trigger: options.trigger,
        summary,
      },
    });
    return { runId, asOf: options.asOf, dryRun: options.dryRun, policyVersion: policy.version, summary };
  }

  private async rawMail(cutoff: Date, step: StepRunner): Promise<Record<string, number>> {
    const total = await this.tickets.countDueTickets('raw', cutoff);
    const unlinkedTotal = await this.mail.countDueUnlinkedInbound(cutoff);
    if (step.dryRun) return { tickets: total, unlinkedMails: unlinkedTotal };
    const out = { tickets: 0, inboundMails: 0, attachments: 0, unlinkedMails: 0 };
    await this.eachTicketBatch('raw', cutoff, 'rawMail', total, step, async (em, ids, at) => {
      const mailIds = await this.mail.inboundOfTickets(em, ids);
      out.inboundMails += await this.mail.purgeInbound(em, mailIds, at, false);
      out.attachments += await this.attachments.deleteForTickets(em, ids, mailIds);
      out.tickets += await this.tickets.markRawPurged(em, ids, at);
    });
    out.unlinkedMails = await step.drain('rawMail.unlinked', unlinkedTotal, async () => {
      const ids = await this.mail.dueUnlinkedInbound(cutoff, step.batch);
      if (ids.length === 0) return 0;
      return this.tickets.transaction(async (em) => {
        out.attachments += await this.attachments.deleteForTickets(em, [], ids);
        return this.mail.purgeInbound(em, ids, new Date(), true);
      });
    });
    return out;
  }

  private async messageBodies(cutoff: Date, step: StepRunner): Promise<Record<string, number>> {
    const total = await this.tickets.countDueTickets('text', cutoff);
    const unlinkedCalls = await this.calls.countDueUnlinked(cutoff);
    if (step.dryRun) return { tickets: total, unlinkedCalls };
    const out = {
      tickets: 0,
      events: 0,
      inboundMails: 0,
      attachments: 0,
      outboundMails: 0,
      calls: 0,
      unlinkedCalls: 0,
      publicRequests: 0,
    };
    await this.eachTicketBatch('text', cutoff, 'messageBodies', total, step, async (em, ids, at) => {
      const done = await this.tickets.anonymiseTickets(em, ids, at);
      out.tickets += done.tickets;
      out.events += done.events;
      const mailIds = await this.mail.inboundOfTickets(em, ids);
      out.inboundMails += await this.mail.purgeInbound(em, mailIds, at, true);
      out.attachments += await this.attachments.deleteForTickets(em, ids, mailIds);
      out.outboundMails += await this.mail.redactOutboundOfTickets(em, ids, at);
      out.calls += await this.calls.anonymiseCalls(em, { ticketIds: ids }, at);
      // What the public form kept beside a confirmed request: its address and subject.
      out.publicRequests += await this.publicRequests.forget(em, { email: null, ticketIds: ids });
    });
    out.unlinkedCalls = await step.drain('messageBodies.calls', unlinkedCalls, () =>
      this.tickets.transaction((em) => this.calls.anonymiseUnlinked(em, cutoff, step.batch, new Date())),
    );
    return out;
  }

  private async contactDetails(cutoff: Date, step: StepRunner): Promise<Record<string, number>> {
    const total = await this.tickets.countDueContacts(cutoff);
    if (step.dryRun) return { contacts: total };
    const out = { contacts: 0, calls: 0 };
    let after: string | null = null;
    let done = 0;
    for (;;) {
      const ids = await this.tickets.dueContacts(cutoff, after, step.batch);
      if (ids.length === 0) break;
      await this.tickets.transaction(async (em) => {
        const at = new Date();
        out.contacts += await this.tickets.anonymiseContacts(em, ids, at);
        out.calls += await this.calls.anonymiseCalls(em, { contactIds: ids }, at);
      });
      after = ids[ids.length - 1];
      done += ids.length;
      step.progress('contactDetails', done, total);
    }
    return out;
  }

  private async outboundMail(cutoff: Date, step: StepRunner): Promise<Record<string, number>> {
    const total = await this.mail.countDueOutbound(cutoff);
    if (step.dryRun) return { mails: total };
    const mails = await step.drain('outboundMail', total, async () => {
      const ids = await this.mail.dueOutbound(cutoff, step.batch);
      if (ids.length === 0) return 0;
      return this.tickets.transaction((em) => this.mail.redactOutbound(em, ids, new Date()));
    });
    return { mails };
  }

  private async deleteAuth(target: AuthRetentionTarget, cutoff: Date, step: StepRunner): Promise<number> {
    const total = await this.auth.countDue(target, cutoff);
    if (step.dryRun) return total;
    return step.drain(target, total, () => this.auth.deleteDue(target, cutoff, step.batch));
  }

  private async eachTicketBatch(
    stage: TicketStage,
    cutoff: Date,
    label: string,
    total: number,
    step: StepRunner,
    work: (em: EntityManager, ids: string[], at: Date) => Promise<void>,
  ): Promise<void> {
    let after: string | null = null;
    let done = 0;
    for (;;) {
      const ids = await this.tickets.dueTickets(stage, cutoff, after, step.batch);
      if (ids.length === 0) break;
      await this.tickets.transaction((em) => work(em, ids, new Date()));
      after = ids[ids.length - 1];
      done += ids.length;
      step.progress(label, done, total);
    }
  }
}

/** Batch size, dry-run flag and progress reporting shared by the steps. */
class StepRunner {
  readonly batch: number;
  readonly dryRun: boolean;

  constructor(
    private readonly options: RetentionOptions,
    private readonly logger: Logger,
  ) {
    this.batch = options.batchSize ?? BATCH;
    this.dryRun = options.dryRun;
  }

  progress(step: string, done: number, total: number): void {
    this.options.onProgress?.(step, done, Math.max(done, total));
  }

  /** Repeats a batch until it handles nothing; returns the sum. */
  async drain(step: string, total: number, batch: () => Promise<number>): Promise<number> {
    let done = 0;
    for (;;) {
      const n = await batch();
      if (n === 0) break;
      done += n;
      this.progress(step, done, total);
    }
    if (done > 0) this.logger.log(`${step}: ${done}`);
    return done;
  }
}
