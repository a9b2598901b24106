/**
 * A Nagios state change, downtime, flapping, acknowledgement or custom notification, however it
 * reached the help desk. Only `state` events are state history; the others are notes.
 */
export interface MonitoringEventInput {
  kind: 'state' | 'downtime' | 'flapping' | 'acknowledgement' | 'custom';
  at: Date;
  host: string;
  service: string | null;
  state: string | null;
  stateType: 'SOFT' | 'HARD' | null;
  attempt: number | null;
  phase: string | null;
  output: string;
  perfData: string | null;
  notificationType: string | null;
  /** webhook, log, mail or status (status.dat): where it came from (not part of its identity). */
  origin: 'webhook' | 'log' | 'mail' | 'status';
  /**
   * alert (a state change Nagios alerted on), current or initial (a log's CURRENT/INITIAL STATE
   * lines), notification (the state another notification type carries) or reconcile (a state
   * change found by reconciliation with Nagios's own state).
   */
  source: string;
  /** $NOTIFICATIONAUTHOR$ of an acknowledgement or custom notification. */
  author?: string | null;
}

const PROBLEM_STATES = new Set(['DOWN', 'UNREACHABLE', 'CRITICAL']);
const RECOVERED_STATES = new Set(['UP', 'OK']);

/** A HARD problem opens a ticket (WARNING and UNKNOWN do not, by default). */
export function isHardProblem(e: MonitoringEventInput): boolean {
  return e.kind === 'state' && e.stateType === 'HARD' && !!e.state && PROBLEM_STATES.has(e.state);
}

export function isRecovery(e: MonitoringEventInput): boolean {
  return e.kind === 'state' && e.stateType === 'HARD' && !!e.state && RECOVERED_STATES.has(e.state);
}

/** The same alert from the webhook and from the log is one event: identity leaves out the origin. */
export function eventIdentity(e: MonitoringEventInput): string {
  return [
    e.kind,
    Math.floor(e.at.getTime() / 1000),
    e.host.toLowerCase(),
    (e.service ?? '').toLowerCase(),
    e.state ?? '',
    e.stateType ?? '',
    e.phase ?? '',
    e.output.trim(),
    // Only notes have an author: the identity of the other events is unchanged.
    ...(e.author ? [e.author] : []),
  ].join('|');
}
