/**
 * Every job the worker runs: its name and payload type. The worker refuses to start when a
 * name here has no registered handler.
 */
export interface JobPayloads {
  /** Records that a worker is alive and consuming (shown by the health check). */
  'system.heartbeat': { at: string };
  /** Marks SLA clocks at risk and breached (repeatable; safe with several workers). */
  'sla.sweep': { at: string };
  /** Sends one outbox row (its state is in PostgreSQL; the job only wakes the sender). */
  'mail.send': { outboundId: string };
  /** Re-dispatches due and stuck outbox rows (repeatable), so a lost job delays a mail, never loses it. */
  'mail.outbox-sweep': { at: string };
  /** Checks hourly whether today is the first business day of the month; then mails last month's report once. */
  'reports.monthly': { at: string };
  /** Checks hourly whether a report period has ended; then mails its outage report (SLA.11) once. */
  'reports.outages': { at: string };
  /** Warns the staff when an outage notice (SLA.9, SLA.10) is due within minutes or late (repeatable). */
  'outages.watch': { at: string };
  /** Reconciles open problems with Nagios's status.dat (NAGIOS_STATUS_FILE), repairing lost notifications (repeatable). */
  'monitoring.reconcile': { at: string };
  /** Closes phone calls whose hangup never came, so no banner rings forever (repeatable). */
  'telephony.sweep': { at: string };
  /** Checks hourly whether the nightly retention run (issue 18) is due; then runs it once per local date. */
  'privacy.retention': { at: string };
  /** Deletes the public form's requests never confirmed, once their link has expired (repeatable, hourly). */
  'public-requests.cleanup': { at: string };
  /** Mails the satisfaction survey of each recent resolution, once (repeatable, every five minutes). */
  'satisfaction.send': { at: string };
}

export type JobName = keyof JobPayloads;

export const JOB_NAMES: readonly JobName[] = [
  'system.heartbeat',
  'sla.sweep',
  'mail.send',
  'mail.outbox-sweep',
  'reports.monthly',
  'reports.outages',
  'outages.watch',
  'monitoring.reconcile',
  'telephony.sweep',
  'privacy.retention',
  'public-requests.cleanup',
  'satisfaction.send',
];

export interface JobOptions {
  /** Same id, same job: a second enqueue with it is ignored while the first is known. */
  jobId?: string;
  delayMs?: number;
}

export type JobHandler<N extends JobName = JobName> = (payload: JobPayloads[N]) => Promise<void>;

/** Retry policy per job: a transient failure is retried with exponential backoff. */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, backoffMs: 1_000 };

export const RETRY_POLICIES: Partial<Record<JobName, RetryPolicy>> = {
  'system.heartbeat': { attempts: 1, backoffMs: 0 },
  // The next tick (30 s later) is the retry.
  'sla.sweep': { attempts: 1, backoffMs: 0 },
  // Retries and backoff of a mail are kept on its outbox row; the sweep re-dispatches it.
  'mail.send': { attempts: 1, backoffMs: 0 },
  'mail.outbox-sweep': { attempts: 1, backoffMs: 0 },
  'reports.monthly': { attempts: 1, backoffMs: 0 },
  'reports.outages': { attempts: 1, backoffMs: 0 },
  // The next tick (30 s later) is the retry.
  'outages.watch': { attempts: 1, backoffMs: 0 },
  // The next tick (NAGIOS_RECONCILE_SECONDS later) is the retry.
  'monitoring.reconcile': { attempts: 1, backoffMs: 0 },
  // The next tick (a minute later) is the retry.
  'telephony.sweep': { attempts: 1, backoffMs: 0 },
  // A run that fails leaves its batches done; the next night goes on from there.
  'privacy.retention': { attempts: 1, backoffMs: 0 },
  // The next hour is the retry.
  'public-requests.cleanup': { attempts: 1, backoffMs: 0 },
  // The next tick picks up what a failed one left (a survey is stored and mailed in one transaction).
  'satisfaction.send': { attempts: 1, backoffMs: 0 },
};

/** A failure that retrying cannot fix (bad payload, missing row): recorded and discarded. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}
