import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds buckets for HTTP answers: from a cached page (5 ms) to a yearly report (10 s). */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Jobs run from a few milliseconds (heartbeat) to minutes (a monthly report by mail). */
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300];

let processRegistry: Registry | null = null;

/**
 * Event-loop lag, heap, RSS, handles, GC: the prom-client defaults every Node service exports.
 * They describe the process, so they are collected once per process (their observers are never
 * removed) and merged into each application's answer.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The process's metrics, one registry per Nest application (tests run several in one process, so
 * never prom-client's global registry). Names follow Prometheus conventions: the unit in the name,
 * `_total` for counters, label values from bounded sets only (a route pattern, never a path).
 */
export class MetricsRegistry {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern, method and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'helpdesk_job_duration_seconds',
    help: 'Time a queue job handler ran, by job name and outcome (ok, failed)',
    labelNames: ['job', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  readonly smtpFailures = new Counter({
    name: 'helpdesk_smtp_failures_total',
    help: 'Outbound mails the SMTP server refused or that failed to reach it (each attempt)',
    registers: [this.registry],
  });

  readonly auditEvents = new Counter({
    name: 'helpdesk_audit_events_total',
    help: 'Audited events by action (login, login_failed, login_throttled, user_unlocked, role_changed...)',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });

  readonly mailboxBacklogAge = new Gauge({
    name: 'helpdesk_mailbox_oldest_unfetched_age_seconds',
    help: 'Age of the oldest mail not yet ingested when this worker last looked (0 once the mailbox is caught up)',
    labelNames: ['mailbox'] as const,
    registers: [this.registry],
  });

  readonly mailboxLastSuccess = new Gauge({
    name: 'helpdesk_mailbox_last_success_timestamp_seconds',
    help: 'When this worker last read the mailbox to the end without an error (Unix time)',
    labelNames: ['mailbox'] as const,
    registers: [this.registry],
  });

  /** A gauge whose value is read when Prometheus scrapes (queries run then, not on a timer). */
  gauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    collect: (set: (labels: Partial<Record<L, string>>, value: number) => void) => Promise<void>,
  ): Gauge<L> {
    const gauge: Gauge<L> = new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        gauge.reset();
        await collect((labels, value) => gauge.set(labels as never, value));
      },
    });
    return gauge;
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  }

  contentType(): string {
    return this.registry.contentType;
  }

  /** The process's own metrics and this application's, in Prometheus's text format. */
  async text(): Promise<string> {
    return Registry.merge([processMetrics(), this.registry]).metrics();
  }
}
