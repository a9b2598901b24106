/**
 * Parsing of Nagios archived log lines (nagios.log / archives/nagios-MM-DD-YYYY-HH.log).
 * Pure: no I/O, never throws; anything that is not a state or downtime line yields null.
 */

/** A monitored object: a host, or one of its services (service null = the host itself). */
export type NagiosObject = { host: string; service: string | null };

export type NagiosHostState = 'UP' | 'DOWN' | 'UNREACHABLE';
export type NagiosServiceState = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';
export type NagiosState = NagiosHostState | NagiosServiceState;

export interface NagiosStateEvent {
  kind: 'state';
  at: Date;
  host: string;
  service: string | null;
  state: NagiosState;
  stateType: 'SOFT' | 'HARD';
  /** Check attempt; null when the field is empty. */
  attempt: number | null;
  output: string;
  /** Performance data found after the first `|` of the output, trimmed; null when absent or empty. */
  perfData: string | null;
  /** alert = HOST/SERVICE ALERT, current = CURRENT ... STATE (log rotation), initial = INITIAL ... STATE (start-up). */
  source: 'alert' | 'current' | 'initial';
}

export interface NagiosDowntimeEvent {
  kind: 'downtime';
  at: Date;
  host: string;
  service: string | null;
  phase: 'STARTED' | 'STOPPED' | 'CANCELLED';
  comment: string;
}

export type NagiosEvent = NagiosStateEvent | NagiosDowntimeEvent;

const HOST_STATES: readonly string[] = ['UP', 'DOWN', 'UNREACHABLE'];
const SERVICE_STATES: readonly string[] = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];
const STATE_TYPES: readonly string[] = ['SOFT', 'HARD'];
const DOWNTIME_PHASES: readonly string[] = ['STARTED', 'STOPPED', 'CANCELLED'];

/** `[epoch] TYPE: body` — the epoch is checked separately so that `[abc]` is rejected, not mis-parsed. */
const LINE = /^\[([^\]]*)\] ([A-Z ]+): (.*)$/;
/** `HOST ALERT`, `SERVICE ALERT`, `CURRENT HOST STATE`, `INITIAL SERVICE STATE`, ... */
const ALERT_TYPE = /^(HOST|SERVICE) ALERT$/;
const SNAPSHOT_TYPE = /^(CURRENT|INITIAL) (HOST|SERVICE) STATE$/;
const DOWNTIME_TYPE = /^(HOST|SERVICE) DOWNTIME ALERT$/;

/** Parses one line of a Nagios log; returns null for every other kind of line and for malformed ones. */
export function parseNagiosLogLine(line: string): NagiosEvent | null {
  if (typeof line !== 'string') return null;
  const match = LINE.exec(line.trim());
  if (!match) return null;
  const [, epochText, type, body] = match;
  const at = parseEpoch(epochText);
  if (!at) return null;

  const alertMatch = ALERT_TYPE.exec(type);
  if (alertMatch) return parseState(at, alertMatch[1] === 'SERVICE', 'alert', body);
  const snapshotMatch = SNAPSHOT_TYPE.exec(type);
  if (snapshotMatch) {
    const source = snapshotMatch[1] === 'CURRENT' ? 'current' : 'initial';
    return parseState(at, snapshotMatch[2] === 'SERVICE', source, body);
  }
  const downtimeMatch = DOWNTIME_TYPE.exec(type);
  if (downtimeMatch) return parseDowntime(at, downtimeMatch[1] === 'SERVICE', body);
  return null;
}

function parseEpoch(text: string): Date | null {
  if (!/^\d{1,12}$/.test(text)) return null;
  const at = new Date(Number(text) * 1000);
  return Number.isNaN(at.getTime()) ? null : at;
}

function parseState(
  at: Date,
  isService: boolean,
  source: NagiosStateEvent['source'],
  body: string,
): NagiosStateEvent | null {
  const fields = body.split(';');
  const objectFields = isService ? 2 : 1;
  // object fields + state + state type + attempt; the output (possibly containing `;`) is the rest.
  if (fields.length < objectFields + 3) return null;
  const host = fields[0];
  const service = isService ? fields[1] : null;
  if (!host || service === '') return null;
  const [state, stateType, attemptText] = fields.slice(objectFields, objectFields + 3);
  if (!(isService ? SERVICE_STATES : HOST_STATES).includes(state)) return null;
  if (!STATE_TYPES.includes(stateType)) return null;
  let attempt: number | null = null;
  if (attemptText !== '') {
    if (!/^\d+$/.test(attemptText)) return null;
    attempt = Number(attemptText);
  }
  const rawOutput = fields.slice(objectFields + 3).join(';');
  const pipe = rawOutput.indexOf('|');
  const output = (pipe < 0 ? rawOutput : rawOutput.slice(0, pipe)).trim();
  const perfData = pipe < 0 ? null : rawOutput.slice(pipe + 1).trim() || null;
  return {
    kind: 'state',
    at,
    host,
    service,
    state: state as NagiosState,
    stateType: stateType as NagiosStateEvent['stateType'],
    attempt,
    output,
    perfData,
    source,
  };
}

function parseDowntime(at: Date, isService: boolean, body: string): NagiosDowntimeEvent | null {
  const fields = body.split(';');
  const objectFields = isService ? 2 : 1;
  if (fields.length < objectFields + 1) return null;
  const host = fields[0];
  const service = isService ? fields[1] : null;
  if (!host || service === '') return null;
  const phase = fields[objectFields];
  if (!DOWNTIME_PHASES.includes(phase)) return null;
  return {
    kind: 'downtime',
    at,
    host,
    service,
    phase: phase as NagiosDowntimeEvent['phase'],
    comment: fields
      .slice(objectFields + 1)
      .join(';')
      .trim(),
  };
}
