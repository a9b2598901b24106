/** A Nagios state change or downtime event, however it reached the help desk. */
export interface MonitoringEventInput {
  kind: 'state' | 'downtime';
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
  /** webhook, log or mail: where it came from (not part of its identity). */
  origin: 'webhook' | 'log' | 'mail';
  /** alert, current or initial (a log's CURRENT/INITIAL STATE lines are not alerts). */
  source: string;
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
  ].join('|');
}
